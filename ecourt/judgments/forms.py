"""The portal's search form: the query box, its filters, the sort order and the page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecourt.cases.models import CaseType, Instance
from ecourt.courts.models import CourtLevel

from .models import JudgmentKind, JudgmentPartyRole, NotPublishableReason, Outcome
from .portal import FILTERS, MAX_PAGE, SORT_LABELS

FIRST_YEAR, LAST_YEAR = 1945, 2100


class JudgmentSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=500,
        label=_("Search"),
        help_text=_("Words with or without diacritics, a judgment number, a phrase in quotes, or field:value."),
    )
    court = forms.CharField(required=False, max_length=200, label=_("Court"))
    level = forms.ChoiceField(required=False, choices=[("", _("All levels")), *CourtLevel.choices], label=_("Level"))
    case_type = forms.ChoiceField(
        required=False, choices=[("", _("All case types")), *CaseType.choices], label=_("Case type")
    )
    instance = forms.ChoiceField(
        required=False, choices=[("", _("All instances")), *Instance.choices], label=_("Instance")
    )
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Year"))
    cited_law = forms.CharField(required=False, max_length=60, label=_("Cited document"))
    cited = forms.CharField(required=False, max_length=100, label=_("Cited article"))
    kind = forms.ChoiceField(
        required=False, choices=[("", _("Judgments and decisions")), *JudgmentKind.choices], label=_("Kind")
    )
    outcome = forms.ChoiceField(required=False, choices=[("", _("All outcomes")), *Outcome.choices], label=_("Outcome"))
    party_role = forms.ChoiceField(
        required=False, choices=[("", _("Any party")), *JudgmentPartyRole.choices], label=_("Party role")
    )
    sort = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()), label=_("Sort by"))
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, label=_("Page"))

    def filters(self) -> dict[str, Any]:
        """The chosen filters, by their names in ``portal.FILTERS`` (only those given)."""
        data = self.cleaned_data
        chosen = {name: data.get(name) for name in FILTERS}
        return {name: value.strip() if isinstance(value, str) else value for name, value in chosen.items() if value}


class PublishForm(forms.Form):
    final_text = forms.CharField(
        label=_("Final anonymized text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Leave empty to publish the text as signed, anonymized automatically."),
    )


class CorrectForm(forms.Form):
    source_text = forms.CharField(label=_("Corrected text, as signed"), widget=forms.Textarea(attrs={"rows": 8}))
    note = forms.CharField(label=_("What the correction changes"), max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=500)


class NotPublishableForm(forms.Form):
    reason = forms.ChoiceField(label=_("Category that bars publication"), choices=NotPublishableReason.choices)


class OriginalForm(forms.Form):
    original = forms.FileField(
        label=_("Original file"),
        help_text=_("The signed judgment: PDF, DOCX, or a scan (PDF, PNG, JPEG, TIFF). Scanned pages are read by OCR."),
    )
