"""From a petition assigned to a judge to an accepted case (BLTTDS Art. 191-196, LTTHC Art. 121-126)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ecourt.courts.models import Court

from ..models import Case, EventKind, Procedure, Status
from . import numbering
from .intake import open_related_case
from .steps import StepResult, TransitionError, take_step


def request_amendment(
    actor: Any, case_id: int, *, items: str, due_on: datetime.date | None = None, on: datetime.date | None = None
) -> StepResult:
    """The judge asks the petitioner to amend the petition by a date they set (at most the statutory limit)."""
    if not items.strip():
        raise TransitionError("Cần nêu rõ những nội dung phải sửa đổi, bổ sung")
    return take_step(
        "request_amendment", actor=actor, case_id=case_id, on=on, data={"items": items.strip()}, set_due_on=due_on
    )


def record_amendment(actor: Any, case_id: int, *, on: datetime.date | None = None, note: str = "") -> StepResult:
    return take_step("record_amendment", actor=actor, case_id=case_id, on=on, data={"note": note.strip()})


def decide_to_accept(
    actor: Any, case_id: int, *, procedure: str = Procedure.ORDINARY, on: datetime.date | None = None
) -> StepResult:
    """The judge finds the petition within the court's jurisdiction and proceeds, under the ordinary or
    the summary procedure (Art. 191(3)(b), Art. 317)."""
    if procedure not in Procedure.values:
        raise TransitionError(f"Thủ tục '{procedure}' không hợp lệ")
    return take_step("decide_to_accept", actor=actor, case_id=case_id, on=on, changes={"procedure": procedure})


def issue_fee_notice(actor: Any, case_id: int, *, amount: Decimal, on: datetime.date | None = None) -> StepResult:
    """The judge notifies the petitioner of the advance court fee (Art. 195(1)-(2))."""
    if amount <= 0:
        raise TransitionError("Số tiền tạm ứng án phí phải lớn hơn 0; nếu được miễn, thụ lý ngay")

    def validate(case: Case) -> None:
        if case.fee_exempt:
            raise TransitionError("Người khởi kiện được miễn tạm ứng án phí: thụ lý vụ án ngay")

    return take_step(
        "issue_fee_notice", actor=actor, case_id=case_id, on=on, validate=validate, data={"amount": str(amount)}
    )


def record_fee_payment(
    actor: Any, case_id: int, *, receipt_number: str, amount: Decimal, on: datetime.date | None = None
) -> StepResult:
    """The petitioner lodges the receipt of the advance fee."""
    if not receipt_number.strip():
        raise TransitionError("Thiếu số biên lai thu tiền tạm ứng án phí")
    if amount <= 0:
        raise TransitionError("Số tiền đã nộp phải lớn hơn 0")
    return take_step(
        "record_fee_payment",
        actor=actor,
        case_id=case_id,
        on=on,
        data={"receipt_number": receipt_number.strip(), "amount": str(amount)},
    )


def accept_case(actor: Any, case_id: int, *, on: datetime.date | None = None) -> StepResult:
    """Thụ lý: the judge accepts the case once the fee receipt is lodged, or at once when the
    petitioner is exempt (Art. 195(3)-(4)); the acceptance number is entered in the register."""

    def validate(case: Case) -> None:
        if case.status == Status.AWAITING_FEE_NOTICE and not case.fee_exempt:
            raise TransitionError("Chưa có biên lai nộp tiền tạm ứng án phí: hãy ra thông báo nộp tạm ứng án phí")
        if case.status == Status.FEE_NOTIFIED and not case.fee_exempt:
            raise TransitionError("Chưa có biên lai nộp tiền tạm ứng án phí")

    day = on or timezone.localdate()
    return take_step(
        "accept_case",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        changes={"accepted_on": day},
        number=numbering.acceptance_number,
        number_field="acceptance_number",
    )


def exempt_from_fee(
    actor: Any, case_id: int, *, ground: str, basis: str, note: str = "", on: datetime.date | None = None
) -> StepResult:
    """The judge exempts the petitioner from the advance fee on a ground of Điều 12 NQ 326/2016/UBTVQH14
    (Điều 15 khoản 1: before acceptance the assigned judge decides), before or after the notice; the case
    can then be accepted without a receipt (Art. 195(4) BLTTDS), and the time to pay is cancelled."""

    def validate(case: Case) -> None:
        if case.fee_exempt:
            raise TransitionError("Người khởi kiện đã được miễn nộp tiền tạm ứng án phí")

    return take_step(
        "exempt_from_fee",
        actor=actor,
        case_id=case_id,
        on=on,
        validate=validate,
        changes={"fee_exempt": True},
        data={"ground": ground, "basis": basis, "note": note},
    )


def register_case_file(actor: Any, case_id: int, *, on: datetime.date | None = None) -> StepResult:
    """Thụ lý of a case file: a criminal case from the procuracy, an appeal, or a case sent back."""
    day = on or timezone.localdate()
    return take_step(
        "register_case_file",
        actor=actor,
        case_id=case_id,
        on=day,
        changes={"accepted_on": day},
        number=numbering.acceptance_number,
        number_field="acceptance_number",
    )


def return_petition(actor: Any, case_id: int, *, ground: str, on: datetime.date | None = None) -> StepResult:
    """The judge returns the petition (Art. 192), stating the ground."""
    if not ground.strip():
        raise TransitionError("Cần nêu căn cứ trả lại đơn khởi kiện")
    return take_step("return_petition", actor=actor, case_id=case_id, on=on, data={"ground": ground.strip()})


def transfer_case(
    actor: Any, case_id: int, *, to_court: Court, reason: str, on: datetime.date | None = None
) -> StepResult:
    """Transfer to the competent court (Art. 41, 191(3)(c)); the receiving court gets its own record."""
    if not reason.strip():
        raise TransitionError("Cần nêu lý do chuyển vụ việc")
    day = on or timezone.localdate()
    if not to_court.is_active_on(day):
        raise TransitionError(f"{to_court.short_name} không còn hoạt động")

    def validate(case: Case) -> None:
        if to_court.pk == case.court_id:
            raise TransitionError("Không thể chuyển cho chính Tòa án đang giải quyết")

    def after(case: Case, event: Any) -> None:
        accepted = event.status_before == Status.PREPARING
        new_case = open_related_case(
            source=case,
            court=to_court,
            instance=case.instance,
            status=Status.FILE_RECEIVED if accepted else Status.PETITION_RECEIVED,
            event=EventKind.FILE_RECEIVED if accepted else EventKind.PETITION_RECEIVED,
            on=day,
            actor=actor,
            transferred_from=case,
        )
        event.data["to_case"] = {"id": new_case.pk, "uid": new_case.uid}
        event.save(update_fields=["data"])

    return take_step(
        "transfer_case",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        data={"to_court": {"id": to_court.pk, "name": to_court.short_name}, "reason": reason.strip()},
        after=after,
    )
