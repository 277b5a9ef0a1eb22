"""One form per procedural step. Each knows the service function that takes its step (``take``), so
the step view stays the same for every step"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ecourt.courts.selectors import courts_for_select
from ecourt.deadlines.models import DeadlineStatus, Responsible
from ecourt.people.models import Role, User, UserKind
from ecourt.people.selectors import members_with_role

from ..models import (
    REPRESENTING_ROLES,
    Appeal,
    AssignmentRole,
    Case,
    Instance,
    Outcome,
    Party,
    PartyKind,
    PartyRole,
    Procedure,
)
from ..services import appeals, assignment, parties, petition, proceedings
from ..services.intake import PartyInput
from ..services.steps import StepResult
from .fields import DayField, VNDField, blank_choice

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
    value_in_dispute = VNDField(
        label=_("Value in dispute (VND)"),
        required=False,
        min_value=0,
        help_text=_("As the court estimates it (Điều 8 NQ 326/2016). Empty: a claim without a money value."),
    )
    amount = VNDField(
        label=_("Advance court fee (VND)"),
        required=False,
        min_value=1,
        help_text=_("Empty: the amount the court-fee schedule gives for the value above."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The notice with its payment reference (ecourt/fees), which takes the case's step.
        from ecourt.fees.services import FeeError, estimate_for

        super().__init__(*args, **kwargs)
        self.fields["value_in_dispute"].initial = self.case.value_in_dispute
        try:
            self.intro = estimate_for(self.case, self.case.value_in_dispute, timezone.localdate()).explain_vi()
        except FeeError as exc:
            self.intro = str(exc)

    def take(self, actor: Any) -> StepResult:
        from ecourt.fees.services import issue_notice_step

        data = self.cleaned_data
        return issue_notice_step(
            actor, self.case.pk, value_in_dispute=data["value_in_dispute"], amount=data["amount"], on=data["on"]
        )[0]


class ExemptFromFeeForm(StepForm):
    intro = _("The petitioner need not pay the advance fee; an unpaid notice is waived and the case can be accepted.")
    reason = forms.ChoiceField(label=_("Ground (Điều 12 khoản 1 NQ 326/2016)"))
    note = forms.CharField(
        label=_("Evidence seen"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        help_text=_("For example the certificate of a poor household, with its number and date."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ecourt.fees.schedule import load_schedule

        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(e.code, f"{e.basis}: {e.text_vi}") for e in load_schedule().exemptions]

    def take(self, actor: Any) -> StepResult:
        from ecourt.fees.services import record_exemption_step

        data = self.cleaned_data
        return record_exemption_step(actor, self.case.pk, reason=data["reason"], note=data["note"], on=data["on"])[0]


class FeePaymentForm(StepForm):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    amount = VNDField(label=_("Amount paid (VND)"), min_value=1)

    def take(self, actor: Any) -> StepResult:
        # Through the fees app, which marks the notice paid too.
        from ecourt.fees.services import record_receipt

        data = self.cleaned_data
        return record_receipt(
            actor,
            self.case.pk,
            receipt_number=data["receipt_number"],
            amount=data["amount"],
            appeal_id=data.get("appeal"),  # the appeal fee's form (below) adds the appeal
            on=data["on"],
        )


class _AppealFeeForm(StepForm):
    """A step on one appellant's advance fee: the appeal is chosen among those the step applies to."""

    appeal = forms.TypedChoiceField(label=_("Appeal"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["appeal"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (fee.appeal.pk, f"{fee.appeal.appellant_name} ({fee.appeal.lodged_on:%d/%m/%Y})")
            for fee in appeals.appeal_fees(self.case)
            if self.offered(fee)
        ]

    def offered(self, fee: appeals.AppealFee) -> bool:
        raise NotImplementedError


class AppealFeeNoticeForm(_AppealFeeForm):
    amount = VNDField(
        label=_("Appeal advance fee (VND)"),
        required=False,
        min_value=1,
        help_text=_("Empty: the appeal fee of the court-fee schedule. An exempt appellant gets no notice."),
    )

    def offered(self, fee: appeals.AppealFee) -> bool:
        return fee.notified_on is None

    def take(self, actor: Any) -> StepResult:
        from ecourt.fees.services import issue_appeal_notice_step

        data = self.cleaned_data
        return issue_appeal_notice_step(actor, self.case.pk, data["appeal"], amount=data["amount"], on=data["on"])[0]


class AppealFeePaymentForm(_AppealFeeForm, FeePaymentForm):
    """The receipt form of the first-instance fee, for one appellant's appeal fee."""

    field_order = ["on", "appeal", "receipt_number", "amount"]

    def offered(self, fee: appeals.AppealFee) -> bool:
        return fee.notified_on is not None and not fee.paid


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
        field.choices = blank_choice("—") + [(pk, court.short_name) for pk, court in self.courts.items()]

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
        field.choices = blank_choice("—") + [(value, label) for value, label in Outcome.choices if value in allowed]

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
    terms = forms.CharField(
        label=_("Terms of the settlement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As the conciliation record states them; written into the decision."),
    )

    def take(self, actor: Any) -> StepResult:
        return proceedings.recognise_settlement(
            actor, self.case.pk, on=self.cleaned_data["on"], terms=self.cleaned_data["terms"]
        )


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
        field.choices = blank_choice("—") + [
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
    role = forms.ChoiceField(label=_("Role"), choices=blank_choice("—") + PartyRole.choices)
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
        field.choices = blank_choice("—") + [(pk, party.name) for pk, party in self.parties.items()]

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
    "exempt_from_fee": ExemptFromFeeForm,
    "record_fee_payment": FeePaymentForm,
    "issue_appeal_fee_notice": AppealFeeNoticeForm,
    "record_appeal_fee_payment": AppealFeePaymentForm,
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
