"""Forms of the experts' pages; the rules (sources resolved by the citator, who may approve) are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    question = forms.CharField(
        label=_("Standardized question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The question as it should be asked in general; the judge's wording is kept beside it."),
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        help_text=_("One citation a line, e.g. “khoản 1 Điều 3 Nghị định số 45/2026/NĐ-CP”. Each is checked."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label
