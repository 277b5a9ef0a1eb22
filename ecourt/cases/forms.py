"""Forms of the case pages: they parse and check what the user typed; services do the rest.

Dates are typed dd/mm/yyyy (ISO also works); amounts in VND may be written with thousands
separators ("300.000", "300,000" or "300 000"). Each step form knows the service function that takes
its step (``take``), so the step view stays the same for every step.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ecourt.courts.models import Court, Department
from ecourt.courts.selectors import courts_for_select
from ecourt.deadlines.models import DeadlineStatus, Responsible
from ecourt.people.models import Role, User, UserKind
from ecourt.people.selectors import members_with_role

from .models import (
    PENDING_STATUSES,
    REPRESENTING_ROLES,
    Appeal,
    AssignmentRole,
    Case,
    CaseType,
    Gravity,
    Instance,
    Outcome,
    Party,
    PartyKind,
    PartyRole,
    Procedure,
    Status,
)
from .selectors import DeadlineFilter
from .services import appeals, assignment, parties, petition, proceedings
from .services.intake import PartyInput
from .services.steps import StepResult


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "date"})


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy (the input formats of ``ecourt/formats``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _date_widget())
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as dd/mm/yyyy.")})
        super().__init__(**kwargs)


class VNDField(forms.DecimalField):
    """An amount in đồng: a whole number, thousands separators allowed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "300.000"}))
        kwargs.setdefault("error_messages", {"invalid": _("Enter an amount in đồng, e.g. 300.000.")})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = str(value).strip()
        for mark in ("₫", "VNĐ", "VND", "đồng", "đ"):
            text = text.replace(mark, "")
        text = text.replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
        if not text.isdigit():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - isdigit() already ruled this out
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


# ---------------------------------------------------------------------------------------------- docket


class CaseListFilterForm(forms.Form):
    """The docket's and the overview's filters: status and deadline."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(_("All pending statuses"))
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


# ---------------------------------------------------------------------------------------------- intake


CHANNELS = [("in_person", _("In person")), ("post", _("By post")), ("online", _("Online"))]


class CourtField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name)


class IntakeForm(forms.Form):
    """A petition (or, for a criminal case, the case file from the procuracy) as the clerk receives it."""

    court = CourtField(label=_("Court"), queryset=Court.objects.none(), empty_label=None)
    case_type = forms.ChoiceField(label=_("Case type"), choices=_blank("—") + CaseType.choices)
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
        label=_("Offence category (criminal cases)"), choices=_blank("—") + Gravity.choices, required=False
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
    role = forms.ChoiceField(label=_("Role"), choices=_blank("—") + PartyRole.choices)
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


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, min_num=1, max_num=50, validate_max=True, absolute_max=50
)
PARTY_PREFIX = "parties"


# ---------------------------------------------------------------------------------------------- steps


class StepForm(forms.Form):
    """A procedural step on one case. ``take`` calls the step's service function."""

    on = DayField(label=_("Date of the act"), initial=timezone.localdate)
    intro: Any = ""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user

    def take(self, actor: Any) -> StepResult:
        raise NotImplementedError


class _AssignForm(StepForm):
    """Assign a judge (or clerk): the even-load suggestion is preselected."""

    person = forms.TypedChoiceField(label=_("Judge"), coerce=int)
    reason = forms.CharField(
        label=_("Reason (required when you do not follow the suggestion)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(),
    )
    role: ClassVar[str] = Role.JUDGE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loads = assignment.judge_loads(self.case, role=self.role)
        current = self.case.judge_id if self.role == Role.JUDGE else self.case.clerk_id
        self.candidates: dict[int, User] = {load.judge.pk: load.judge for load in loads}
        eligible = [load for load in loads if load.judge.pk != current]
        self.suggestion: User | None = eligible[0].judge if eligible else None
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (
                load.judge.pk,
                self._label(load.judge, load.pending, load.recent),
            )
            for load in loads
        ]
        if self.role == Role.CLERK:
            field.label = _("Clerk")
        if self.suggestion is not None:
            field.initial = self.suggestion.pk

    def _label(self, person: User, pending: int, recent: int) -> str:
        label = _("%(name)s — %(pending)s pending, %(recent)s assigned in 90 days") % {
            "name": person,
            "pending": pending,
            "recent": recent,
        }
        if self.suggestion is not None and person.pk == self.suggestion.pk:
            label = f"{label} · {_('suggested')}"
        return str(label)

    def chosen(self) -> User:
        return self.candidates[self.cleaned_data["person"]]


class AssignPetitionForm(_AssignForm):
    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return assignment.assign_petition(actor, self.case.pk, self.chosen(), on=data["on"], reason=data["reason"])


class AssignJudgeForm(_AssignForm):
    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return assignment.assign_judge(actor, self.case.pk, self.chosen(), on=data["on"], reason=data["reason"])


class AssignClerkForm(_AssignForm):
    role = Role.CLERK

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return assignment.assign_clerk(actor, self.case.pk, self.chosen(), on=data["on"], reason=data["reason"])


class AssignPanelMemberForm(StepForm):
    """Name another member of the trial panel, a reserve judge, or the procurator the procuracy designated."""

    role = forms.ChoiceField(label=_("Seat"))
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    reason = forms.CharField(label=_("Note"), required=False, max_length=300, widget=forms.TextInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seats = [(role, AssignmentRole(role).label) for role in assignment.PANEL_SEATS]
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = seats
        court_id = self.case.court_id
        groups: list[tuple[str, list[tuple[int, str]]]] = []
        self.people: dict[int, User] = {}
        for label, users in (
            (_("Judges"), members_with_role(court_id, Role.JUDGE)),
            (_("People's assessors"), members_with_role(court_id, Role.ASSESSOR)),
            (_("Procurators"), User.objects.filter(kind=UserKind.PROCURATOR, is_active=True).order_by("full_name")),
        ):
            people = [user for user in users if user.pk != self.case.judge_id]
            self.people.update({user.pk: user for user in people})
            groups.append((str(label), [(user.pk, str(user)) for user in people]))
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.TypedChoiceField)
        person_field.choices = groups

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return assignment.assign_panel_member(
            actor, self.case.pk, self.people[data["person"]], role=data["role"], on=data["on"], reason=data["reason"]
        )


class RequestAmendmentForm(StepForm):
    items = forms.CharField(label=_("What must be amended or added"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DayField(
        label=_("To be amended by"),
        required=False,
        help_text=_("Empty: the statutory limit (one month)."),
    )

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return petition.request_amendment(
            actor, self.case.pk, items=data["items"], due_on=data["due_on"], on=data["on"]
        )


class RecordAmendmentForm(StepForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def take(self, actor: Any) -> StepResult:
        return petition.record_amendment(
            actor, self.case.pk, on=self.cleaned_data["on"], note=self.cleaned_data["note"]
        )


class DecideToAcceptForm(StepForm):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices, initial=Procedure.ORDINARY)

    def take(self, actor: Any) -> StepResult:
        return petition.decide_to_accept(
            actor, self.case.pk, procedure=self.cleaned_data["procedure"], on=self.cleaned_data["on"]
        )


class FeeNoticeForm(StepForm):
    amount = VNDField(label=_("Advance court fee (VND)"), min_value=1)

    def take(self, actor: Any) -> StepResult:
        return petition.issue_fee_notice(
            actor, self.case.pk, amount=self.cleaned_data["amount"], on=self.cleaned_data["on"]
        )


class FeePaymentForm(StepForm):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    amount = VNDField(label=_("Amount paid (VND)"), min_value=1)

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return petition.record_fee_payment(
            actor, self.case.pk, receipt_number=data["receipt_number"], amount=data["amount"], on=data["on"]
        )


class AcceptCaseForm(StepForm):
    intro = _("Acceptance enters the case in the register and gives it an acceptance number.")

    def take(self, actor: Any) -> StepResult:
        return petition.accept_case(actor, self.case.pk, on=self.cleaned_data["on"])


class RegisterCaseFileForm(StepForm):
    intro = _("Acceptance enters the case in the register and gives it an acceptance number.")

    def take(self, actor: Any) -> StepResult:
        return petition.register_case_file(actor, self.case.pk, on=self.cleaned_data["on"])


class ReturnPetitionForm(StepForm):
    ground = forms.CharField(label=_("Ground for returning the petition"), widget=forms.Textarea(attrs={"rows": 3}))

    def take(self, actor: Any) -> StepResult:
        return petition.return_petition(
            actor, self.case.pk, ground=self.cleaned_data["ground"], on=self.cleaned_data["on"]
        )


class TransferCaseForm(StepForm):
    to_court = forms.TypedChoiceField(label=_("Competent court"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courts = {c.pk: c for c in courts_for_select(timezone.localdate()) if c.pk != self.case.court_id}
        field = self.fields["to_court"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _blank("—") + [(pk, court.short_name) for pk, court in self.courts.items()]

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return petition.transfer_case(
            actor, self.case.pk, to_court=self.courts[data["to_court"]], reason=data["reason"], on=data["on"]
        )


class NotifyAcceptanceForm(StepForm):
    recipients = forms.CharField(
        label=_("Notified"),
        max_length=300,
        initial=_("Plaintiff, defendant, the procuracy"),
    )

    def take(self, actor: Any) -> StepResult:
        return proceedings.notify_acceptance(
            actor, self.case.pk, recipients=self.cleaned_data["recipients"], on=self.cleaned_data["on"]
        )


class ExtendTimeLimitForm(StepForm):
    """The president extends a time limit of the court; the judge, one set for a party."""

    for_party = False
    rule_code = forms.ChoiceField(label=_("Time limit"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. complex case, objective obstacle."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vietnamese = (get_language() or "vi").startswith("vi")
        running = self.case.deadlines.filter(status=DeadlineStatus.OPEN, rule__extension__gt=0).select_related("rule")
        choices = []
        for deadline in running:
            if deadline.extensions_used >= deadline.rule.max_extensions:
                continue
            if (deadline.rule.responsible == Responsible.PARTY) != self.for_party:
                continue
            name = deadline.rule.name_vi if vietnamese else deadline.rule.name
            choices.append((deadline.rule.code, f"{name} ({deadline.due_on:%d/%m/%Y})"))
        field = self.fields["rule_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if not choices:
            self.intro = _("No running time limit of this case can be extended.")

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        extend = proceedings.extend_party_time_limit if self.for_party else proceedings.extend_time_limit
        return extend(actor, self.case.pk, rule_code=data["rule_code"], reason=data["reason"], on=data["on"])


class ExtendPartyTimeLimitForm(ExtendTimeLimitForm):
    for_party = True


class SuspendCaseForm(StepForm):
    ground = forms.CharField(label=_("Ground for suspension"), widget=forms.Textarea(attrs={"rows": 2}))

    def take(self, actor: Any) -> StepResult:
        return proceedings.suspend_case(
            actor, self.case.pk, ground=self.cleaned_data["ground"], on=self.cleaned_data["on"]
        )


class ResumeCaseForm(StepForm):
    intro = _("The preparation period counts again from the day of resumption.")

    def take(self, actor: Any) -> StepResult:
        return proceedings.resume_case(actor, self.case.pk, on=self.cleaned_data["on"])


class BringToTrialForm(StepForm):
    hearing_on = DayField(label=_("Date of the hearing"))

    def take(self, actor: Any) -> StepResult:
        return proceedings.bring_to_trial(
            actor, self.case.pk, hearing_on=self.cleaned_data["hearing_on"], on=self.cleaned_data["on"]
        )


class IssueJudgmentForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"))
    summary = forms.CharField(
        label=_("Summary of the ruling"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = (
            proceedings.FIRST_INSTANCE_OUTCOMES if self.case.instance == Instance.ST else proceedings.APPELLATE_OUTCOMES
        )
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _blank("—") + [(value, label) for value, label in Outcome.choices if value in allowed]

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        return proceedings.issue_judgment(
            actor, self.case.pk, outcome=data["outcome"], on=data["on"], summary=data["summary"]
        )


class TerminateProceedingsForm(StepForm):
    ground = forms.CharField(label=_("Ground for termination"), widget=forms.Textarea(attrs={"rows": 2}))

    def take(self, actor: Any) -> StepResult:
        return proceedings.terminate_proceedings(
            actor, self.case.pk, ground=self.cleaned_data["ground"], on=self.cleaned_data["on"]
        )


class RecogniseSettlementForm(StepForm):
    intro = _("The decision recognising the settlement takes effect at once and cannot be appealed.")

    def take(self, actor: Any) -> StepResult:
        return proceedings.recognise_settlement(actor, self.case.pk, on=self.cleaned_data["on"])


class LodgeAppealForm(StepForm):
    kind = forms.ChoiceField(label=_("Appeal or protest"), choices=Appeal.Kind.choices, initial=Appeal.Kind.APPEAL)
    appellant = forms.TypedChoiceField(label=_("Appealing party"), coerce=int, required=False)
    procuracy = forms.CharField(label=_("Protesting procuracy"), max_length=255, required=False)
    grounds = forms.CharField(
        label=_("What is appealed and why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    late_reason = forms.CharField(label=_("Reason for lodging late (only when late)"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("Lodged on")
        self.parties: dict[int, Party] = {
            party.pk: party
            for party in self.case.parties.exclude(role__in=sorted(REPRESENTING_ROLES)).order_by("position", "id")
        }
        field = self.fields["appellant"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _blank("—") + [
            (pk, f"{party.name} ({party.get_role_display()})") for pk, party in self.parties.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Appeal.Kind.APPEAL and not data.get("appellant"):
            self.add_error("appellant", _("An appeal is lodged by a party: choose the party."))
        if data.get("kind") == Appeal.Kind.PROTEST and not (data.get("procuracy") or "").strip():
            self.add_error("procuracy", _("A protest names the procuracy that lodges it."))
        return data

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        appellant = self.parties.get(data["appellant"]) if data.get("appellant") else None
        return appeals.lodge_appeal(
            actor,
            self.case.pk,
            kind=data["kind"],
            lodged_on=data["on"],
            appellant=appellant if data["kind"] == Appeal.Kind.APPEAL else None,
            procuracy=data["procuracy"] if data["kind"] == Appeal.Kind.PROTEST else "",
            grounds=data["grounds"],
            late_reason=data["late_reason"],
        )


class SendToAppellateCourtForm(StepForm):
    intro = _("The appellate court receives the file as a new appeal case linked to this one.")

    def take(self, actor: Any) -> StepResult:
        return appeals.send_to_appellate_court(actor, self.case.pk, on=self.cleaned_data["on"])


class DeclareEffectiveForm(StepForm):
    intro = _("Only once every appeal and protest window has closed without an appeal.")

    def take(self, actor: Any) -> StepResult:
        return appeals.declare_effective(actor, self.case.pk, on=self.cleaned_data["on"])


class AddPartyForm(StepForm):
    name = forms.CharField(label=_("Full name or organisation"), max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=_blank("—") + PartyRole.choices)
    kind = forms.ChoiceField(label=_("Person or organisation"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    national_id = forms.CharField(label=_("ID number (CCCD) or enterprise code"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    represents = forms.TypedChoiceField(label=_("Acts for"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {
            party.pk: party
            for party in self.case.parties.exclude(role__in=sorted(REPRESENTING_ROLES)).order_by("position", "id")
        }
        field = self.fields["represents"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _blank("—") + [(pk, party.name) for pk, party in self.parties.items()]

    def take(self, actor: Any) -> StepResult:
        data = self.cleaned_data
        party = PartyInput(
            name=data["name"],
            role=data["role"],
            kind=data["kind"],
            birth_year=data.get("birth_year"),
            national_id=(data.get("national_id") or "").replace(" ", ""),
            address=data.get("address", ""),
        )
        represents = self.parties.get(data["represents"]) if data.get("represents") else None
        return parties.add_party(actor, self.case.pk, party, represents=represents, on=self.cleaned_data["on"])


# The steps the case page offers, each with its form. Steps the system takes by itself (the hand-over
# to a successor court, the retrial ordered by an appellate judgment) are not offered here.
STEP_FORMS: dict[str, type[StepForm]] = {
    "assign_petition": AssignPetitionForm,
    "assign_judge": AssignJudgeForm,
    "assign_clerk": AssignClerkForm,
    "assign_panel_member": AssignPanelMemberForm,
    "request_amendment": RequestAmendmentForm,
    "record_amendment": RecordAmendmentForm,
    "decide_to_accept": DecideToAcceptForm,
    "issue_fee_notice": FeeNoticeForm,
    "record_fee_payment": FeePaymentForm,
    "accept_case": AcceptCaseForm,
    "register_case_file": RegisterCaseFileForm,
    "return_petition": ReturnPetitionForm,
    "transfer_case": TransferCaseForm,
    "notify_acceptance": NotifyAcceptanceForm,
    "extend_time_limit": ExtendTimeLimitForm,
    "extend_party_time_limit": ExtendPartyTimeLimitForm,
    "suspend_case": SuspendCaseForm,
    "resume_case": ResumeCaseForm,
    "bring_to_trial": BringToTrialForm,
    "issue_judgment": IssueJudgmentForm,
    "terminate_proceedings": TerminateProceedingsForm,
    "recognise_settlement": RecogniseSettlementForm,
    "lodge_appeal": LodgeAppealForm,
    "send_to_appellate_court": SendToAppellateCourtForm,
    "declare_effective": DeclareEffectiveForm,
    "add_party": AddPartyForm,
}


# ---------------------------------------------------------------------------------------------- president


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
