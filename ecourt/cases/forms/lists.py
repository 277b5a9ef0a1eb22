"""Forms of the lists: the docket's filters and the president's assignment rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecourt.people.models import User

from ..models import (
    PENDING_STATUSES,
    Status,
)
from ..selectors import DeadlineFilter
from .fields import blank_choice


class CaseListFilterForm(forms.Form):
    """The docket's and the overview's filters: status and deadline."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=blank_choice(_("All pending statuses"))
        + [(value, label) for value, label in Status.choices if value in PENDING_STATUSES],
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            (DeadlineFilter.ANY, _("Any deadline")),
            (DeadlineFilter.OVERDUE, _("Overdue")),
            (DeadlineFilter.DUE_SOON, _("Due soon")),
        ],
    )


class AssignFromListForm(forms.Form):
    """One row of the assignments page: a case, the judge chosen, and the reason when not the suggestion."""

    case = forms.IntegerField(widget=forms.HiddenInput)
    judge = forms.TypedChoiceField(label=_("Judge"), coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, judges: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.judges = {judge.pk: judge for judge in judges}
        field = self.fields["judge"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(pk, str(judge)) for pk, judge in self.judges.items()]

    def chosen(self) -> User:
        return self.judges[self.cleaned_data["judge"]]
