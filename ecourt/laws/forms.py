"""Forms of the corpus pages: the search box with its filters, and the day a text is shown as of."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentStatus, DocumentType

DAY_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker's form, and the form Vietnamese readers type
FIRST_YEAR, LAST_YEAR = 1945, 2100  # the first legal documents of the Democratic Republic of Viet Nam


class AsOfForm(forms.Form):
    date = forms.DateField(
        required=False,
        input_formats=DAY_FORMATS,
        label=_("As of"),
        help_text=_("The text in force on this day (YYYY-MM-DD); today when empty."),
        error_messages={"invalid": _("Enter a real day as YYYY-MM-DD, for example 2020-03-01.")},
    )

    def clean_date(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("date")
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s."), params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day


class LawSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=500,
        label=_("Search"),
        help_text=_("Words with or without diacritics, a number such as 91/2015/QH13, or a phrase in quotes."),
    )
    doc_type = forms.ChoiceField(
        required=False, choices=[("", _("All types")), *DocumentType.choices], label=_("Type of document")
    )
    issuer = forms.CharField(required=False, max_length=200, label=_("Issuing body"))
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Year of issue"))
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *DocumentStatus.choices], label=_("Status")
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=500, label=_("Page"))

    def filters(self) -> dict[str, Any]:
        """The chosen filters as the search engine takes them (only those given)."""
        data = self.cleaned_data
        chosen = {name: data.get(name) for name in ("doc_type", "issuer", "year", "status")}
        return {name: value for name, value in chosen.items() if value not in (None, "")}

    @property
    def searching(self) -> bool:
        """A query or a filter was given: the engine answers; otherwise the page lists documents."""
        return bool(self.cleaned_data.get("q", "").strip() or self.filters())
