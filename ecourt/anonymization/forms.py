"""The reviewer's decision form: keep a string as written, or replace it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecourt.anonymization.models import DecisionAction, ReplacementKind


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=DecisionAction.choices, initial=DecisionAction.ADD, label=_("Decision"))
    original = forms.CharField(
        max_length=300, label=_("Words in the text"), help_text=_("Select them in the original text, or type them.")
    )
    kind = forms.ChoiceField(
        choices=[("", "—"), *ReplacementKind.choices], required=False, label=_("Kind of information")
    )
    replacement = forms.CharField(
        max_length=300, required=False, label=_("Replace with"), help_text=_("Empty: the encoding rules decide.")
    )
    scope = forms.ChoiceField(
        choices=[("case", _("Every judgment of the case")), ("judgment", _("This judgment only"))],
        initial="case",
        required=False,
        widget=forms.RadioSelect,
        label=_("Applies to"),
    )

    def __init__(self, *args: Any, has_case: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_case:
            # A judgment not linked to a case: a decision can only be the judgment's.
            scope = self.fields["scope"]
            assert isinstance(scope, forms.ChoiceField)
            scope.choices = [("judgment", _("This judgment only"))]
