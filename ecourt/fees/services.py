"""Issuing advance-fee notices and recording exemptions. The case's own state changes (notice issued,
fee paid) go through the cases app's step functions, so each leaves its event and deadline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.cases.models import Appeal, Case, Procedure
from ecourt.cases.services.appeals import issue_appeal_fee_notice, record_appeal_fee_payment
from ecourt.cases.services.petition import exempt_from_fee, issue_fee_notice, record_fee_payment
from ecourt.cases.services.steps import StepResult, TransitionError, take_step

from .models import FeeExemption, FeeNotice, NoticeStatus
from .references import new_reference
from .schedule import AdvanceEstimate, ScheduleIncompleteError, appeal_advance, estimate_advance, load_schedule

FEE_DUE_RULE_SUFFIX = ".pay_advance_fee"


class FeeError(TransitionError):
    """A fee act refused (no schedule for the day, an unknown appeal or ground …); nothing was written. A
    refused step like any other, so the case page and the API show it as they show a step's refusal."""


def issue_notice(
    actor: Any,
    case_id: int,
    *,
    value_in_dispute: Decimal | None = None,
    amount: Decimal | None = None,
    on: datetime.date | None = None,
) -> FeeNotice:
    """The judge's advance-fee notice: the amount from the schedule (or one the judge sets), a fresh
    payment reference, and the due date of the deadline the notice opens."""
    return issue_notice_step(actor, case_id, value_in_dispute=value_in_dispute, amount=amount, on=on)[1]


def issue_notice_step(
    actor: Any,
    case_id: int,
    *,
    value_in_dispute: Decimal | None = None,
    amount: Decimal | None = None,
    on: datetime.date | None = None,
) -> tuple[StepResult, FeeNotice]:
    """``issue_notice`` with the case's step result too (for the step form on the case page)."""
    day = on or timezone.localdate()
    with transaction.atomic():
        estimate = None
        if amount is None:
            estimate = estimate_for(Case.objects.get(pk=case_id), value_in_dispute, day)
            amount = estimate.advance
        result = issue_fee_notice(actor, case_id, amount=amount, on=day)
        due = [d.due_on for d in result.opened_deadlines if d.rule.code.endswith(FEE_DUE_RULE_SUFFIX)]
        if not due:
            raise FeeError(_("No time limit to pay the advance fee applies to this case."))
        notice = _create_notice(
            case=result.case,
            amount=amount,
            value_in_dispute=value_in_dispute,
            computation=estimate.explain_vi() if estimate else "",
            issued_on=day,
            due_on=due[0],
        )
        return result, notice


def _create_notice(**fields: Any) -> FeeNotice:
    """A notice with a fresh payment reference."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return FeeNotice.objects.create(reference=new_reference(), **fields)
        except IntegrityError:  # the random reference is taken: draw another
            continue
    raise FeeError("could not draw a free payment reference")


def issue_appeal_notice(
    actor: Any, case_id: int, appeal_id: int, *, amount: Decimal | None = None, on: datetime.date | None = None
) -> FeeNotice:
    """The appeal advance-fee notice (BLTTDS Art. 276(1), LTTHC Art. 209(1)); see ``issue_appeal_notice_step``."""
    return issue_appeal_notice_step(actor, case_id, appeal_id, amount=amount, on=on)[1]


def issue_appeal_notice_step(
    actor: Any, case_id: int, appeal_id: int, *, amount: Decimal | None = None, on: datetime.date | None = None
) -> tuple[StepResult, FeeNotice]:
    """Tell an appellant to pay the appeal advance fee: the schedule's appeal fee (or the amount given), a
    payment reference, and the 10 days the case's step counts; an exempt appellant gets no notice."""
    day = on or timezone.localdate()
    appeal = Appeal.objects.filter(pk=appeal_id, case_id=case_id).select_related("case").first()
    if appeal is None:
        raise FeeError(_("No such appeal in this case."))
    computation = ""
    if amount is None:
        try:
            amount, computation = appeal_advance(appeal.case.case_type, day)
        except ScheduleIncompleteError as exc:
            raise _no_schedule(exc) from exc
    with transaction.atomic():
        result = issue_appeal_fee_notice(actor, case_id, appeal=appeal, amount=amount, on=day)
        notice = _create_notice(
            case=result.case,
            appeal=appeal,
            amount=amount,
            computation=computation,
            issued_on=day,
            due_on=datetime.date.fromisoformat(result.event.data["due_on"]),
        )
        return result, notice


def estimate_for(case: Case, value_in_dispute: Decimal | None, day: datetime.date) -> AdvanceEstimate:
    """The schedule's advance fee for ``case`` on ``day``; a clear error when the schedule has none."""
    if value_in_dispute is not None and value_in_dispute < 0:
        raise FeeError(_("The value in dispute cannot be negative."))
    try:
        return estimate_advance(case.case_type, value_in_dispute, day, summary=case.procedure == Procedure.SUMMARY)
    except ScheduleIncompleteError as exc:
        raise _no_schedule(exc) from exc


def _no_schedule(exc: ScheduleIncompleteError) -> FeeError:
    """The refusal when the schedule in force has no amount: the judge can still enter one (Điều 8)."""
    return FeeError(
        _("The court-fee schedule gives no advance fee for this case on that day (%(why)s); enter the amount.")
        % {"why": exc}
    )


def record_exemption(
    actor: Any, case_id: int, *, reason: str, note: str = "", on: datetime.date | None = None
) -> FeeExemption:
    """The judge exempts the petitioner (Điều 12 khoản 1, Điều 15); see ``record_exemption_step``."""
    return record_exemption_step(actor, case_id, reason=reason, note=note, on=on)[1]


def record_exemption_step(
    actor: Any, case_id: int, *, reason: str, note: str = "", on: datetime.date | None = None
) -> tuple[StepResult, FeeExemption]:
    """The exemption with the case's step (``exempt_from_fee``): the ground and its article are kept, an
    unpaid notice is waived (a part already paid stays on it, to be refunded), and the case may be accepted."""
    exemptions = {e.code: e for e in load_schedule().exemptions}
    if reason not in exemptions:
        raise FeeError(_("Unknown exemption reason: %(reason)s") % {"reason": reason})
    ground = exemptions[reason]
    with transaction.atomic():
        result = exempt_from_fee(actor, case_id, ground=ground.code, basis=ground.basis, note=note.strip(), on=on)
        notice = (
            FeeNotice.objects.select_for_update()
            .filter(case_id=case_id, status__in=(NoticeStatus.OPEN, NoticeStatus.PARTIALLY_PAID))
            .order_by("-pk")
            .first()
        )
        if notice is not None:
            notice.status = NoticeStatus.WAIVED
            notice.save(update_fields=["status"])
        exemption = FeeExemption.objects.create(
            case_id=case_id,
            notice=notice,
            reason=reason,
            basis=ground.basis,
            note=note.strip(),
            recorded_by=actor,
        )
        return result, exemption


def record_receipt(
    actor: Any,
    case_id: int,
    *,
    receipt_number: str,
    amount: Decimal,
    appeal_id: int | None = None,
    on: datetime.date | None = None,
) -> StepResult:
    """A receipt lodged by hand (the payer paid at the enforcement office, not by transfer): the case's step,
    and the open notice marked paid, so that a transfer for it later goes to a clerk instead of paying twice."""
    day = on or timezone.localdate()
    with transaction.atomic():
        if appeal_id is None:
            result = record_fee_payment(actor, case_id, receipt_number=receipt_number, amount=amount, on=day)
        else:
            appeal = Appeal.objects.filter(pk=appeal_id, case_id=case_id).first()
            if appeal is None:
                raise FeeError(_("No such appeal in this case."))
            result = record_appeal_fee_payment(
                actor, case_id, appeal=appeal, receipt_number=receipt_number, amount=amount, on=day
            )
        unpaid = FeeNotice.objects.filter(case_id=case_id, status__in=(NoticeStatus.OPEN, NoticeStatus.PARTIALLY_PAID))
        unpaid = unpaid.filter(appeal_id=appeal_id) if appeal_id is not None else unpaid.filter(appeal__isnull=True)
        unpaid.update(status=NoticeStatus.PAID, paid_on=day)
        return result


def apply_payment(notice: FeeNotice, amount: Decimal, day: datetime.date, receipt: str) -> Decimal:
    """Add a payment to a locked notice; returns what it still lacks (negative: paid too much). When the
    amount is reached the case's 'fee paid' step is taken, as the system, with the bank line as receipt."""
    notice.paid_amount += amount
    missing = notice.amount - notice.paid_amount
    if missing > 0:
        notice.status = NoticeStatus.PARTIALLY_PAID
    elif notice.status != NoticeStatus.PAID:
        notice.status = NoticeStatus.PAID
        notice.paid_on = day
        if notice.appeal_id is not None:
            assert notice.appeal is not None
            record_appeal_fee_payment(
                None,
                notice.case_id,
                appeal=notice.appeal,
                receipt_number=receipt,
                amount=notice.paid_amount,
                on=day,
                system=True,
            )
        else:
            take_step(
                "record_fee_payment",
                actor=None,
                case_id=notice.case_id,
                on=day,
                data={"receipt_number": receipt, "amount": str(notice.paid_amount)},
                system=True,
            )
    notice.save(update_fields=["paid_amount", "status", "paid_on"])
    return missing
