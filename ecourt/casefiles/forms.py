from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Purpose
from .retention import MAX_YEARS
from .services import BASIS_MAX


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.APPEAL)


class PackageForm(forms.Form):
    package = forms.FileField(label=_("Case file package (.zip)"))
    court = forms.CharField(
        label=_("Receiving court code"),
        required=False,
        max_length=10,
        help_text=_("Leave empty to use the court the package is addressed to."),
    )


class ArchiveForm(forms.Form):
    """Archiving from the case page: the table's period (all fields empty), or one set for this file (a
    number of years or permanent) with the instrument and item it comes from. The service checks it
    again, and against the table (never shorter than the table's period)."""

    years = forms.IntegerField(
        label=_("Retention period (years)"),
        required=False,
        min_value=1,
        max_value=MAX_YEARS,
        help_text=_("Leave empty to apply the retention table's period."),
    )
    permanent = forms.BooleanField(label=_("Keep permanently"), required=False)
    basis = forms.CharField(
        label=_("Basis of the period set"),
        required=False,
        max_length=BASIS_MAX,
        help_text=_("The instrument and item the period comes from (required when a period is set)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        years, permanent, basis = data.get("years"), data.get("permanent"), (data.get("basis") or "").strip()
        if self.errors:
            return data
        if years is not None and permanent:
            raise forms.ValidationError(_("Set either a number of years or permanent retention, not both."))
        if (years is not None or permanent) and not basis:
            self.add_error(
                "basis",
                _(
                    "A retention period set on archiving needs its basis: the instrument and the item it comes "
                    "from (e.g. the circular and its item)."
                ),
            )
        if basis and years is None and not permanent:
            raise forms.ValidationError(
                _("A basis is given but no retention period: set the number of years or permanent retention.")
            )
        data["basis"] = basis
        return data
