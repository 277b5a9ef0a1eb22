"""From acceptance to judgment: notices, extensions, suspension, trial and the decisions that end it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ecourt.deadlines.models import Deadline, DeadlineStatus, Responsible
from ecourt.deadlines.services import extend_deadline

from ..models import Case, Instance, Outcome, Status
from . import numbering
from .steps import StepResult, TransitionError, take_step

FIRST_INSTANCE_OUTCOMES = frozenset(
    {Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DISMISSED, Outcome.CONVICTED, Outcome.ACQUITTED}
)
APPELLATE_OUTCOMES = frozenset({Outcome.UPHELD, Outcome.MODIFIED, Outcome.QUASHED})


def notify_acceptance(actor: Any, case_id: int, *, recipients: str = "", on: datetime.date | None = None) -> StepResult:
    """Record that the parties and the procuracy were notified of the acceptance (Art. 196)."""
    return take_step("notify_acceptance", actor=actor, case_id=case_id, on=on, data={"recipients": recipients})


def extend_time_limit(
    actor: Any, case_id: int, *, rule_code: str, reason: str, on: datetime.date | None = None
) -> StepResult:
    """The court president extends a running time limit of the court by the period its rule allows
    (e.g. +2 months of preparation for a complex civil case, BLTTDS Art. 203(1))."""
    return _extend("extend_time_limit", actor, case_id, rule_code=rule_code, reason=reason, on=on, party=False)


def extend_party_time_limit(
    actor: Any, case_id: int, *, rule_code: str, reason: str, on: datetime.date | None = None
) -> StepResult:
    """The judge extends a time limit set for a party, e.g. +15 days to amend the petition in a
    special case (BLTTDS Art. 193(1))."""
    return _extend("extend_party_time_limit", actor, case_id, rule_code=rule_code, reason=reason, on=on, party=True)


def _extend(
    step: str, actor: Any, case_id: int, *, rule_code: str, reason: str, on: datetime.date | None, party: bool
) -> StepResult:
    if not reason.strip():
        raise TransitionError("Cần nêu lý do gia hạn (vụ án phức tạp, trở ngại khách quan …)")
    running: dict[str, Deadline] = {}

    def validate(case: Case) -> None:
        deadline = (
            case.deadlines.filter(rule__code=rule_code, status=DeadlineStatus.OPEN).select_related("rule").first()
        )
        if deadline is None:
            raise TransitionError(f"Không có thời hạn '{rule_code}' đang chạy")
        if (deadline.rule.responsible == Responsible.PARTY) != party:
            raise TransitionError(
                "Thời hạn của đương sự do Thẩm phán gia hạn" if not party else "Thời hạn của Tòa án do Chánh án gia hạn"
            )
        running["deadline"] = deadline

    def after(case: Case, event: Any) -> None:
        before = running["deadline"].due_on
        deadline = extend_deadline(case, rule_code, event)
        event.data.update(
            {
                "rule": rule_code,
                "due_before": str(before),
                "due_after": str(deadline.due_on),
                "legal_basis": deadline.rule.legal_basis,
            }
        )
        event.save(update_fields=["data"])

    return take_step(
        step, actor=actor, case_id=case_id, on=on, validate=validate, data={"reason": reason.strip()}, after=after
    )


def suspend_case(actor: Any, case_id: int, *, ground: str, on: datetime.date | None = None) -> StepResult:
    """Decision to suspend (Art. 214): time limits that restart after suspension are paused."""
    if not ground.strip():
        raise TransitionError("Cần nêu căn cứ tạm đình chỉ")
    return take_step(
        "suspend_case",
        actor=actor,
        case_id=case_id,
        on=on,
        data={"ground": ground.strip()},
        number=numbering.decision_number,
    )


def resume_case(actor: Any, case_id: int, *, on: datetime.date | None = None) -> StepResult:
    """Decision to resume (Art. 216): the preparation period counts again from this day (Art. 203(1))."""
    return take_step("resume_case", actor=actor, case_id=case_id, on=on, number=numbering.decision_number)


def bring_to_trial(
    actor: Any, case_id: int, *, hearing_on: datetime.date, on: datetime.date | None = None
) -> StepResult:
    day = on or timezone.localdate()
    if hearing_on < day:
        raise TransitionError("Ngày mở phiên tòa không thể trước ngày ra quyết định")
    return take_step(
        "bring_to_trial",
        actor=actor,
        case_id=case_id,
        on=day,
        data={"hearing_on": str(hearing_on)},
        number=numbering.trial_decision_number,
    )


def _conclude(case: Case, day: datetime.date) -> dict[str, Any]:
    return {"decided_on": day, **({"effective_on": day} if case.instance != Instance.ST else {})}


def issue_judgment(
    actor: Any, case_id: int, *, outcome: str, on: datetime.date | None = None, summary: str = ""
) -> StepResult:
    """The judgment pronounced at the hearing. A first-instance judgment opens the appeal windows; an
    appellate judgment takes effect at once (BLTTDS Art. 313) and settles the case below."""
    day = on or timezone.localdate()

    def validate(case: Case) -> None:
        allowed = FIRST_INSTANCE_OUTCOMES if case.instance == Instance.ST else APPELLATE_OUTCOMES
        if outcome not in allowed:
            labels = ", ".join(str(Outcome(o).label) for o in sorted(allowed))
            raise TransitionError(f"Kết quả '{outcome}' không phù hợp; chọn một trong: {labels}")

    def after(case: Case, event: Any) -> None:
        if case.instance == Instance.PT and case.parent_id:
            settle_lower_instance(case, day, event)

    case_instance = Case.objects.filter(pk=case_id).values_list("instance", flat=True).first()
    return take_step(
        "issue_judgment",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        changes=lambda case: {"outcome": outcome, **_conclude(case, day)},
        number=numbering.judgment_number,
        number_field="judgment_number",
        target=Status.EFFECTIVE if case_instance and case_instance != Instance.ST else None,
        data={"summary": summary.strip()},
        after=after,
    )


def terminate_proceedings(actor: Any, case_id: int, *, ground: str, on: datetime.date | None = None) -> StepResult:
    """Decision to terminate the proceedings (Art. 217); appealable within 7 days at first instance."""
    if not ground.strip():
        raise TransitionError("Cần nêu căn cứ đình chỉ")
    day = on or timezone.localdate()

    def after(case: Case, event: Any) -> None:
        # Terminating the appeal (e.g. every appeal withdrawn) puts the first-instance judgment into effect.
        if case.instance == Instance.PT and case.parent_id:
            settle_lower_instance(case, day, event)

    case_instance = Case.objects.filter(pk=case_id).values_list("instance", flat=True).first()
    return take_step(
        "terminate_proceedings",
        actor=actor,
        case_id=case_id,
        on=day,
        changes=lambda case: {"outcome": Outcome.TERMINATED, **_conclude(case, day)},
        number=numbering.decision_number,
        number_field="judgment_number",
        target=Status.EFFECTIVE if case_instance and case_instance != Instance.ST else None,
        data={"ground": ground.strip()},
        after=after,
    )


def recognise_settlement(actor: Any, case_id: int, *, on: datetime.date | None = None, terms: str = "") -> StepResult:
    """Decision recognising the parties' settlement: in effect at once, not appealable (Art. 213). ``terms``,
    the settlement as the conciliation record states it, is written into the decision (ecourt/signing)."""
    day = on or timezone.localdate()
    return take_step(
        "recognise_settlement",
        actor=actor,
        case_id=case_id,
        on=day,
        changes={"outcome": Outcome.SETTLED, "decided_on": day, "effective_on": day},
        number=numbering.decision_number,
        number_field="judgment_number",
        data={"terms": terms.strip()} if terms.strip() else None,
    )


def settle_lower_instance(appeal_case: Case, day: datetime.date, event: Any) -> None:
    """After the appellate judgment: the first-instance judgment takes effect as upheld or modified,
    or, when quashed, the file goes back to the first-instance court for a new trial."""
    from .appeals import declare_effective_by_appeal, order_retrial

    if appeal_case.outcome == Outcome.QUASHED:
        order_retrial(appeal_case, day)
    else:
        declare_effective_by_appeal(appeal_case, day)
    del event
