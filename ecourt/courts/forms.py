"""The court list's filters: a search text, a level, and the day the courts must be operating on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CourtLevel


class CourtFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        required=False,
        max_length=100,
        help_text=_("Diacritics are optional: “bac ninh” finds “Bắc Ninh”."),
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *CourtLevel.choices])
    on = forms.DateField(
        label=_("Operating on"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy; leave empty for every court, past and present."),
    )
