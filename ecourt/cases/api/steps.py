"""The procedural steps of the API: one input serializer per step, and the one service call it makes.

Every step of ``workflow.STEPS`` that a person takes has a class here; ``take_over`` and
``order_retrial`` are taken by the system (court reorganisation, appellate judgments) and have none.
To add a step: add it to the workflow and its service, then a class here and its name in
``STEP_INPUTS``; the URL, the schema and the case detail's list of steps follow from this table.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import serializers

from ecourt.courts.models import Court
from ecourt.fees.schedule import load_schedule
from ecourt.people.models import User

from ..models import REPRESENTING_ROLES, Appeal, Case, Outcome, Party, Procedure
from ..services import appeals, assignment, parties, petition, proceedings
from ..services.proceedings import APPELLATE_OUTCOMES, FIRST_INSTANCE_OUTCOMES
from ..services.steps import StepResult
from .inputs import PartyFieldsSerializer, date_field

SYSTEM_STEPS = frozenset({"take_over", "order_retrial"})

JUDGMENT_OUTCOMES = FIRST_INSTANCE_OUTCOMES | APPELLATE_OUTCOMES
ON_HELP = "Day of the act (YYYY-MM-DD); default today. Not in the future, nor before the case's last step."


class _OfTheCase(serializers.PrimaryKeyRelatedField[Any]):
    """A row of ``model`` that belongs to the case the step is taken on (``context["case_id"]``), by id."""

    model: ClassVar[type[Party] | type[Appeal]]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=self.model.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        case_id = self.context.get("case_id")
        rows = self.model.objects.all()
        return rows.filter(case_id=case_id) if case_id is not None else rows.none()


class CasePartyField(_OfTheCase):
    """A party of the case, by id."""

    model = Party


class CaseAppealField(_OfTheCase):
    """An appeal of the case, by id."""

    model = Appeal


class StepInput(serializers.Serializer[Any]):
    """Input of one step. Subclasses name the step and call its service function in ``take``."""

    step: ClassVar[str]

    def take(self, actor: Any, case_id: int) -> StepResult:
        raise NotImplementedError

    @property
    def data_in(self) -> dict[str, Any]:
        return dict(self.validated_data)


class DatedStepInput(StepInput):
    on = date_field(ON_HELP)


def _person_field(help_text: str) -> serializers.PrimaryKeyRelatedField[User]:
    return serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), help_text=help_text)


def _reason_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Why; required when the person is not the even-load suggestion (see suggested-judges).",
    )


def _text(help_text: str, *, max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(help_text=help_text, max_length=max_length)


class AssignPetitionInput(DatedStepInput):
    """The president assigns a judge to review the petition."""

    step = "assign_petition"
    judge = _person_field("Judge of the court to assign (user id).")
    reason = _reason_field()

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return assignment.assign_petition(actor, case_id, d["judge"], on=d.get("on"), reason=d["reason"])


class AssignJudgeInput(DatedStepInput):
    """The president assigns or re-assigns the judge who resolves the case."""

    step = "assign_judge"
    judge = _person_field("Judge of the court to assign (user id).")
    reason = _reason_field()

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return assignment.assign_judge(actor, case_id, d["judge"], on=d.get("on"), reason=d["reason"])


class AssignClerkInput(DatedStepInput):
    """The president assigns the clerk."""

    step = "assign_clerk"
    clerk = _person_field("Clerk of the court to assign (user id).")
    reason = _reason_field()

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return assignment.assign_clerk(actor, case_id, d["clerk"], on=d.get("on"), reason=d["reason"])


class AssignPanelMemberInput(DatedStepInput):
    """The president names another member of the trial panel, a reserve judge, or the procurator."""

    step = "assign_panel_member"
    person = _person_field(
        "Judge or people's assessor of the court, or a procurator (user id), for the seat in `role`."
    )
    role = serializers.ChoiceField(
        choices=sorted(assignment.PANEL_SEATS),
        help_text="Seat: associate_judge, reserve_judge, assessor or procurator.",
    )
    reason = _reason_field()

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return assignment.assign_panel_member(
            actor, case_id, d["person"], role=d["role"], on=d.get("on"), reason=d["reason"]
        )


class RequestAmendmentInput(DatedStepInput):
    """The judge asks the petitioner to amend the petition."""

    step = "request_amendment"
    items = _text("What must be amended or added.")
    due_on = serializers.DateField(
        required=False, input_formats=["iso-8601"], help_text="Last day to amend; default the statutory limit."
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return petition.request_amendment(actor, case_id, items=d["items"], due_on=d.get("due_on"), on=d.get("on"))


class RecordAmendmentInput(DatedStepInput):
    """The amended petition is received."""

    step = "record_amendment"
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="What was amended.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return petition.record_amendment(actor, case_id, on=d.get("on"), note=d["note"])


class DecideToAcceptInput(DatedStepInput):
    """The judge proceeds with acceptance, under the ordinary or the summary procedure."""

    step = "decide_to_accept"
    procedure = serializers.ChoiceField(
        choices=Procedure.choices, default=Procedure.ORDINARY, help_text="Procedure (default ordinary)."
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return petition.decide_to_accept(actor, case_id, procedure=d["procedure"], on=d.get("on"))


def _amount(help_text: str, *, required: bool = True) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=18, decimal_places=0, min_value=1, required=required, help_text=help_text
    )


class IssueFeeNoticeInput(DatedStepInput):
    """The judge notifies the petitioner of the advance court fee: a notice with a payment reference. Without
    ``amount`` the court-fee schedule in force gives it from the value in dispute."""

    step = "issue_fee_notice"
    amount = _amount("Advance court fee in VND; omitted: the amount the court-fee schedule gives.", required=False)
    value_in_dispute = serializers.DecimalField(
        max_digits=18,
        decimal_places=0,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Value in dispute as the court estimates it, in VND; null: a claim without a money value; "
        "omitted: the value recorded on the case.",
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        # The fees app issues the notice (payment reference, due date) and takes the case's step.
        from ecourt.fees.services import issue_notice_step

        d = self.data_in
        if "value_in_dispute" in d:
            value = d["value_in_dispute"]
        else:
            value = Case.objects.values_list("value_in_dispute", flat=True).get(pk=case_id)
        return issue_notice_step(actor, case_id, value_in_dispute=value, amount=d.get("amount"), on=d.get("on"))[0]


class ExemptFromFeeInput(DatedStepInput):
    """The judge exempts the petitioner from the advance fee on a ground of Điều 12 khoản 1 NQ 326/2016; an
    unpaid notice is waived and the case may be accepted without a receipt."""

    step = "exempt_from_fee"
    reason = serializers.ChoiceField(
        choices=[(e.code, f"{e.basis}: {e.text_vi}") for e in load_schedule().exemptions],
        help_text="The ground of Điều 12 khoản 1 NQ 326/2016/UBTVQH14, by its code in the court-fee schedule.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, help_text="Evidence seen."
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        from ecourt.fees.services import record_exemption_step

        d = self.data_in
        return record_exemption_step(actor, case_id, reason=d["reason"], note=d["note"], on=d.get("on"))[0]


class RecordFeePaymentInput(DatedStepInput):
    """The petitioner lodges the receipt of the advance fee; the fee notice is marked paid."""

    step = "record_fee_payment"
    receipt_number = _text("Number of the receipt.", max_length=60)
    amount = _amount("Amount paid in VND.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        from ecourt.fees.services import record_receipt

        d = self.data_in
        return record_receipt(actor, case_id, receipt_number=d["receipt_number"], amount=d["amount"], on=d.get("on"))


class IssueAppealFeeNoticeInput(DatedStepInput):
    """The first-instance court tells an appellant to pay the appeal advance fee (BLTTDS Art. 276(1), LTTHC
    Art. 209(1)): a notice with a payment reference; 10 days to pay, or the appeal is deemed abandoned."""

    step = "issue_appeal_fee_notice"
    appeal = CaseAppealField(help_text="The appeal (id, from the case's appeals).")
    amount = _amount("Appeal advance fee in VND; omitted: the appeal fee of the court-fee schedule.", required=False)

    def take(self, actor: Any, case_id: int) -> StepResult:
        from ecourt.fees.services import issue_appeal_notice_step

        d = self.data_in
        return issue_appeal_notice_step(actor, case_id, d["appeal"].pk, amount=d.get("amount"), on=d.get("on"))[0]


class RecordAppealFeePaymentInput(DatedStepInput):
    """An appellant lodges the receipt of the appeal advance fee; the notice is marked paid."""

    step = "record_appeal_fee_payment"
    appeal = CaseAppealField(help_text="The appeal (id).")
    receipt_number = _text("Number of the receipt.", max_length=60)
    amount = _amount("Amount paid in VND.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        from ecourt.fees.services import record_receipt

        d = self.data_in
        return record_receipt(
            actor,
            case_id,
            receipt_number=d["receipt_number"],
            amount=d["amount"],
            appeal_id=d["appeal"].pk,
            on=d.get("on"),
        )


class AcceptCaseInput(DatedStepInput):
    """Thụ lý: the judge accepts the case; the acceptance number is given."""

    step = "accept_case"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return petition.accept_case(actor, case_id, on=self.data_in.get("on"))


class RegisterCaseFileInput(DatedStepInput):
    """Thụ lý of a case file (criminal case, appeal, case sent back); the acceptance number is given."""

    step = "register_case_file"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return petition.register_case_file(actor, case_id, on=self.data_in.get("on"))


class ReturnPetitionInput(DatedStepInput):
    """The judge returns the petition."""

    step = "return_petition"
    ground = _text("Ground for returning it (BLTTDS Art. 192).")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return petition.return_petition(actor, case_id, ground=d["ground"], on=d.get("on"))


class TransferCaseInput(DatedStepInput):
    """Transfer to the competent court, which receives its own record of the case."""

    step = "transfer_case"
    to_court = serializers.PrimaryKeyRelatedField(queryset=Court.objects.all(), help_text="Competent court (id).")
    reason = _text("Why that court is competent.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return petition.transfer_case(actor, case_id, to_court=d["to_court"], reason=d["reason"], on=d.get("on"))


class NotifyAcceptanceInput(DatedStepInput):
    """Record that the parties and the procuracy were notified of the acceptance."""

    step = "notify_acceptance"
    recipients = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Who was notified, e.g. 'Nguyên đơn, bị đơn, VKS'."
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.notify_acceptance(actor, case_id, recipients=d["recipients"], on=d.get("on"))


class ExtendTimeLimitInput(DatedStepInput):
    """The court president extends a running time limit of the court by the period its rule allows."""

    step = "extend_time_limit"
    rule_code = _text("Code of the running time limit, e.g. 'civil.prepare_trial' (see the case's deadlines).")
    reason = _text("Why (a complex case, an objective obstacle …).")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.extend_time_limit(
            actor, case_id, rule_code=d["rule_code"], reason=d["reason"], on=d.get("on")
        )


class ExtendPartyTimeLimitInput(DatedStepInput):
    """The judge extends a time limit set for a party (e.g. amendment of the petition, +15 days)."""

    step = "extend_party_time_limit"
    rule_code = _text("Code of the party's running time limit, e.g. 'civil.amend_petition'.")
    reason = _text("Why the party needs more time.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.extend_party_time_limit(
            actor, case_id, rule_code=d["rule_code"], reason=d["reason"], on=d.get("on")
        )


class SuspendCaseInput(DatedStepInput):
    """Decision to suspend the proceedings."""

    step = "suspend_case"
    ground = _text("Ground for the suspension (BLTTDS Art. 214).")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.suspend_case(actor, case_id, ground=d["ground"], on=d.get("on"))


class ResumeCaseInput(DatedStepInput):
    """Decision to resume the proceedings; the preparation period counts again from that day."""

    step = "resume_case"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return proceedings.resume_case(actor, case_id, on=self.data_in.get("on"))


class BringToTrialInput(DatedStepInput):
    """Decision to bring the case to trial."""

    step = "bring_to_trial"
    hearing_on = serializers.DateField(
        input_formats=["iso-8601"], help_text="Day of the hearing (YYYY-MM-DD); not before the decision."
    )

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.bring_to_trial(actor, case_id, hearing_on=d["hearing_on"], on=d.get("on"))


class IssueJudgmentInput(DatedStepInput):
    """The judgment pronounced at the hearing; the judgment number is given."""

    step = "issue_judgment"
    outcome = serializers.ChoiceField(
        choices=[(o.value, o.label) for o in Outcome if o in JUDGMENT_OUTCOMES],
        help_text="Outcome: granted, partly_granted, dismissed, convicted or acquitted at first instance; "
        "upheld, modified or quashed on appeal.",
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="", help_text="Operative part, briefly.")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.issue_judgment(actor, case_id, outcome=d["outcome"], on=d.get("on"), summary=d["summary"])


class TerminateProceedingsInput(DatedStepInput):
    """Decision to terminate the proceedings."""

    step = "terminate_proceedings"
    ground = _text("Ground for the termination (BLTTDS Art. 217).")

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return proceedings.terminate_proceedings(actor, case_id, ground=d["ground"], on=d.get("on"))


class RecogniseSettlementInput(DatedStepInput):
    """Decision recognising the parties' settlement; in effect at once."""

    step = "recognise_settlement"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return proceedings.recognise_settlement(actor, case_id, on=self.data_in.get("on"))


class LodgeAppealInput(DatedStepInput):
    """An appeal by a party or a protest by the procuracy. ``on`` is the day it was lodged."""

    step = "lodge_appeal"
    kind = serializers.ChoiceField(choices=Appeal.Kind.choices, help_text="appeal (by a party) or protest (procuracy).")
    appellant = CasePartyField(required=False, allow_null=True, help_text="For an appeal: the party (party id).")
    procuracy = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255, help_text="For a protest: the procuracy."
    )
    grounds = serializers.CharField(required=False, allow_blank=True, default="", help_text="What is appealed and why.")
    late_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Reason for the delay, when lodged after the time limit.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == Appeal.Kind.APPEAL and attrs.get("appellant") is None:
            raise serializers.ValidationError({"appellant": ["Kháng cáo phải do một đương sự của vụ án thực hiện"]})
        if attrs["kind"] == Appeal.Kind.PROTEST and not attrs["procuracy"].strip():
            raise serializers.ValidationError({"procuracy": ["Kháng nghị phải ghi rõ Viện kiểm sát kháng nghị"]})
        return attrs

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return appeals.lodge_appeal(
            actor,
            case_id,
            kind=d["kind"],
            lodged_on=d.get("on"),
            appellant=d.get("appellant"),
            procuracy=d["procuracy"],
            grounds=d["grounds"],
            late_reason=d["late_reason"],
        )


class SendToAppellateCourtInput(DatedStepInput):
    """Send the file to the appellate court, which receives it as a new appeal case."""

    step = "send_to_appellate_court"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return appeals.send_to_appellate_court(actor, case_id, on=self.data_in.get("on"))


class DeclareEffectiveInput(DatedStepInput):
    """Record that a judgment nobody appealed is in legal effect."""

    step = "declare_effective"

    def take(self, actor: Any, case_id: int) -> StepResult:
        return appeals.declare_effective(actor, case_id, on=self.data_in.get("on"))


class AddPartyInput(DatedStepInput, PartyFieldsSerializer):
    """Add a party, or a representative or lawyer of an existing party."""

    step = "add_party"
    represents = CasePartyField(
        required=False,
        allow_null=True,
        help_text="For a representative or lawyer: the party of this case they act for (party id).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["role"] in REPRESENTING_ROLES) != (attrs.get("represents") is not None):
            raise serializers.ValidationError(
                {"represents": ["Người đại diện hoặc luật sư, và chỉ họ, phải gắn với một đương sự của vụ án"]}
            )
        return attrs

    def take(self, actor: Any, case_id: int) -> StepResult:
        d = self.data_in
        return parties.add_party(actor, case_id, self.party_input(d), represents=d.get("represents"), on=d.get("on"))


STEP_INPUTS: dict[str, type[StepInput]] = {
    cls.step: cls
    for cls in [
        AssignPetitionInput,
        AssignJudgeInput,
        AssignClerkInput,
        AssignPanelMemberInput,
        RequestAmendmentInput,
        RecordAmendmentInput,
        DecideToAcceptInput,
        IssueFeeNoticeInput,
        ExemptFromFeeInput,
        IssueAppealFeeNoticeInput,
        RecordAppealFeePaymentInput,
        RecordFeePaymentInput,
        AcceptCaseInput,
        RegisterCaseFileInput,
        ReturnPetitionInput,
        TransferCaseInput,
        NotifyAcceptanceInput,
        ExtendTimeLimitInput,
        ExtendPartyTimeLimitInput,
        SuspendCaseInput,
        ResumeCaseInput,
        BringToTrialInput,
        IssueJudgmentInput,
        TerminateProceedingsInput,
        RecogniseSettlementInput,
        LodgeAppealInput,
        SendToAppellateCourtInput,
        DeclareEffectiveInput,
        AddPartyInput,
    ]
}
