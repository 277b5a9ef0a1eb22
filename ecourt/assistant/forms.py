"""Forms of the assistant's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecourt.courts.models import Department
from ecourt.laws.models import DocumentType

MAX_QUESTION_CHARS = 2000
MAX_TEXT_CHARS = 20_000


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=MAX_QUESTION_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    facts_date = forms.DateField(
        label=_("Date of the facts"),
        required=False,
        help_text=_("Only provisions in force on this day are used. Empty: today."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    doc_type = forms.ChoiceField(
        label=_("Document type"), required=False, choices=[("", _("Any")), *DocumentType.choices]
    )
    court = forms.CharField(label=_("Court (for judgments)"), required=False, max_length=200)

    def clean_question(self) -> str:
        value: str = self.cleaned_data["question"].strip()
        if not value:
            raise forms.ValidationError(_("Write a question."))
        return value


class RateForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this answer useful?"),
        choices=[("1", _("Useful")), ("0", _("Not useful"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EscalateForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note for the experts"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = departments if departments is not None else Department.objects.all()


class SimilarForm(forms.Form):
    text = forms.CharField(
        label=_("Facts and claims"), required=False, max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 6})
    )
    case = forms.IntegerField(label=_("Case"), required=False, widget=forms.HiddenInput)
