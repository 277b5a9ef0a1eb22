"""Issuing advance-fee notices and recording exemptions. The case's own state changes (notice issued,
fee paid) go through the cases app's step functions, so each leaves its event and deadline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.cases.models import Case, Procedure
from ecourt.cases.services.petition import exempt_from_fee, issue_fee_notice
from ecourt.cases.services.steps import StepResult, take_step

from .models import FeeExemption, FeeNotice, NoticeStatus
from .references import new_reference
from .schedule import AdvanceEstimate, ScheduleIncompleteError, estimate_advance, load_schedule

FEE_DUE_RULE_SUFFIX = ".pay_advance_fee"


class FeeError(ValueError):
    pass


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
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    notice = FeeNotice.objects.create(
                        case=result.case,
                        amount=amount,
                        value_in_dispute=value_in_dispute,
                        computation=estimate.explain_vi() if estimate else "",
                        reference=new_reference(),
                        issued_on=day,
                        due_on=due[0],
                    )
                    return result, notice
            except IntegrityError:  # the random reference is taken: draw another
                continue
        raise FeeError("could not draw a free payment reference")


def estimate_for(case: Case, value_in_dispute: Decimal | None, day: datetime.date) -> AdvanceEstimate:
    """The schedule's advance fee for ``case`` on ``day``; a clear error when the schedule has none."""
    if value_in_dispute is not None and value_in_dispute < 0:
        raise FeeError(_("The value in dispute cannot be negative."))
    try:
        return estimate_advance(case.case_type, value_in_dispute, day, summary=case.procedure == Procedure.SUMMARY)
    except ScheduleIncompleteError as exc:
        raise FeeError(
            _("The court-fee schedule gives no advance fee for this case on that day (%(why)s); enter the amount.")
            % {"why": exc}
        ) from exc


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
