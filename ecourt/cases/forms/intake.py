"""The intake form: a petition or a criminal case file with its parties."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecourt.courts.models import Court, Department

from ..models import (
    REPRESENTING_ROLES,
    CaseType,
    Gravity,
    PartyKind,
    PartyRole,
)
from ..services.intake import PartyInput
from .fields import DayField, VNDField, blank_choice

# ---------------------------------------------------------------------------------------------- intake


CHANNELS = [("in_person", _("In person")), ("post", _("By post")), ("online", _("Online"))]


class CourtField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name)


class IntakeForm(forms.Form):
    """A petition (or, for a criminal case, the case file from the procuracy) as the clerk receives it."""

    court = CourtField(label=_("Court"), queryset=Court.objects.none(), empty_label=None)
    case_type = forms.ChoiceField(label=_("Case type"), choices=blank_choice("—") + CaseType.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label="—"
    )
    subject = forms.CharField(
        label=_("Legal relation in dispute or offence"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Dispute over a loan contract")}),
    )
    summary = forms.CharField(
        label=_("Summary of the claims"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    value_in_dispute = VNDField(label=_("Value in dispute (VND)"), required=False, min_value=0)
    received_on = DayField(label=_("Received on"), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Received"), choices=CHANNELS, initial="in_person")
    gravity = forms.ChoiceField(
        label=_("Offence category (criminal cases)"), choices=blank_choice("—") + Gravity.choices, required=False
    )
    indictment_number = forms.CharField(label=_("Indictment number (criminal cases)"), max_length=40, required=False)
    sealed = forms.BooleanField(label=_("Sealed file"), required=False)
    in_camera = forms.BooleanField(label=_("To be tried in camera"), required=False)
    fee_exempt = forms.BooleanField(label=_("Exempt from the advance court fee"), required=False)

    def __init__(self, *args: Any, courts: list[Court], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [court.pk for court in courts]
        court_field = self.fields["court"]
        assert isinstance(court_field, forms.ModelChoiceField)
        court_field.queryset = Court.objects.filter(pk__in=ids).order_by("code")
        if len(ids) == 1:
            court_field.initial = ids[0]
        department_field = self.fields["department"]
        assert isinstance(department_field, forms.ModelChoiceField)
        department_field.queryset = Department.objects.filter(court_id__in=ids).select_related("court")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("case_type") == CaseType.HS and not data.get("gravity"):
            self.add_error("gravity", _("A criminal case needs the category of the offence."))
        department = data.get("department")
        court = data.get("court")
        if department is not None and court is not None and department.court_id != court.pk:
            self.add_error("department", _("This department belongs to another court."))
        return data


class PartyForm(forms.Form):
    """One party on the intake form. A row left empty is ignored."""

    name = forms.CharField(label=_("Full name or organisation"), max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=blank_choice("—") + PartyRole.choices)
    kind = forms.ChoiceField(label=_("Person or organisation"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "short"}),
    )
    national_id = forms.CharField(
        label=_("ID number (CCCD) or enterprise code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    represents = forms.IntegerField(
        label=_("Acts for party no."),
        required=False,
        min_value=1,
        help_text=_("For a representative or lawyer: the number of the party they act for."),
        widget=forms.NumberInput(attrs={"class": "short"}),
    )

    TYPED = ("name", "birth_year", "national_id", "address", "represents")

    def has_changed(self) -> bool:
        """A row counts once something is typed in it; the preset role and kind alone do not count."""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.TYPED)

    def clean_national_id(self) -> str:
        value: str = self.cleaned_data.get("national_id", "")
        return value.replace(" ", "").strip()


class BasePartyFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    @classmethod
    def typed_rows(cls, data: Any, prefix: str) -> list[dict[str, str]]:
        """The party rows as typed, read straight from submitted data (to add or remove a row without
        validating), at most the formset's ``max_num``."""
        try:
            total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), cls.max_num)
        except ValueError:
            total = 0
        fields = list(cls.form.base_fields)
        return [{name: data.get(f"{prefix}-{i}-{name}", "") for name in fields} for i in range(total)]

    @classmethod
    def showing(cls, rows: list[dict[str, Any]], prefix: str) -> BasePartyFormSet:
        """The rows shown again as typed, unbound (every row counts as new: see ``initial_form_count``)."""
        rows = rows or [{}]
        formset = cls(prefix=prefix, initial=rows)
        formset.extra = len(rows) - 1
        return formset

    def initial_form_count(self) -> int:
        """Every row is an extra row: one left empty is skipped, whether it was preset or added."""
        return 0

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        filled = self.filled_rows()
        if not filled:
            raise ValidationError(_("Add at least one party."))
        numbers = {index + 1 for index, _data in filled}
        for index, data in filled:
            target = data.get("represents")
            acting = data.get("role") in REPRESENTING_ROLES
            if target is not None and target not in numbers:
                raise ValidationError(
                    _("Party no. %(row)s acts for party no. %(target)s, which is empty.")
                    % {"row": index + 1, "target": target}
                )
            if acting and target is None:
                raise ValidationError(
                    _("Party no. %(row)s is a representative or lawyer: say which party they act for.")
                    % {"row": index + 1}
                )

    def filled_rows(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.has_changed() and form.cleaned_data
        ]

    def party_inputs(self) -> list[PartyInput]:
        filled = self.filled_rows()
        position = {index + 1: i for i, (index, _data) in enumerate(filled)}
        return [
            PartyInput(
                name=data["name"],
                role=data["role"],
                kind=data["kind"],
                birth_year=data.get("birth_year"),
                national_id=data.get("national_id", ""),
                address=data.get("address", ""),
                represents=position[data["represents"]] if data.get("represents") else None,
            )
            for _index, data in filled
        ]


PartyFormSet = cast(
    "type[BasePartyFormSet]",
    forms.formset_factory(
        PartyForm, formset=BasePartyFormSet, extra=0, min_num=1, max_num=50, validate_max=True, absolute_max=50
    ),
)
PARTY_PREFIX = "parties"
