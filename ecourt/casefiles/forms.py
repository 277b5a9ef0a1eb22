from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Purpose


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
