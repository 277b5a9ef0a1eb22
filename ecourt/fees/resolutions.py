"""A clerk resolves a bank statement line the import could not settle alone.

- **Attach** an unmatched credit to a notice (the payer forgot or mistyped the reference): the clerk enters the
  notice's payment reference and the line's amount is applied through ``services.apply_payment``, exactly as an
  imported match (partial, paid, over-paid; the case's fee step taken as the system when the amount is reached).
- **Refund** (an over-payment, a payment for a waived or paid notice) or **dismiss** (a transfer that is not a
  court fee) a line, with a note such as the refund voucher number.

Each resolution is kept on the line (what, who, when, the note) and in the audit log; the line leaves the clerk's
to-do list but stays in the records. A refusal writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.services.steps import TransitionError

from .models import FeeNotice, LineStatus, NoticeStatus, Resolution, StatementLine
from .references import is_valid
from .selectors import payment_courts
from .services import apply_payment

NOTE_MAX = 2000


class ResolutionError(ValueError):
    """The resolution is refused; nothing was written."""


def _locked_line(line_id: int) -> StatementLine:
    line = StatementLine.objects.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise ResolutionError(_("No such statement line."))
    if line.resolution and not (line.resolution == Resolution.ATTACHED and line.status == LineStatus.OVERPAID):
        raise ResolutionError(
            _("This line was already resolved (%(what)s) on %(when)s.")
            % {"what": line.get_resolution_display(), "when": timezone.localtime(line.resolved_at).strftime("%d/%m/%Y")}
        )
    if line.status == LineStatus.MATCHED:
        raise ResolutionError(_("This line paid its notice exactly; there is nothing to resolve."))
    return line


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ResolutionError(_("The note is longer than %(max)s characters.") % {"max": NOTE_MAX})
    return note


def _resolve(line: StatementLine, actor: Any, kind: str, note: str, fields: list[str]) -> None:
    line.resolution = kind
    line.resolved_by = actor
    line.resolved_at = timezone.now()
    line.resolution_note = note
    line.save(update_fields=[*fields, "resolution", "resolved_by", "resolved_at", "resolution_note"])


def attach_line(actor: Any, line_id: int, reference: str, *, note: str = "") -> StatementLine:
    """Apply an unmatched credit to the notice with ``reference``, as the import would have; the case's fee
    step is taken as the system when the notice's amount is reached. An over-payment stays on the clerk's
    list, to be refunded; a partial payment leaves the notice partly paid, the payer owing the rest."""
    reference = "".join(reference.split()).upper()
    note = _note(note)
    if not is_valid(reference):
        raise ResolutionError(
            _("%(reference)s is not a valid payment reference (AP, 9 digits and 2 check digits).")
            % {"reference": reference or "—"}
        )
    with transaction.atomic():
        line = _locked_line(line_id)
        if line.status != LineStatus.UNMATCHED:
            raise ResolutionError(
                _("This line was already applied to notice %(reference)s.")
                % {"reference": line.notice.reference if line.notice else "—"}
            )
        notice = (
            FeeNotice.objects.select_for_update(of=("self",))
            .filter(reference=reference)
            .select_related("case", "appeal")
            .first()
        )
        courts = payment_courts(actor)
        if notice is None or (courts is not None and notice.case.court_id not in courts):
            raise ResolutionError(
                _("No notice of your court has the reference %(reference)s.") % {"reference": reference}
            )
        if notice.status not in (NoticeStatus.OPEN, NoticeStatus.PARTIALLY_PAID):
            raise ResolutionError(
                _("Notice %(reference)s is %(status)s: a payment cannot be attached to it; refund the line instead.")
                % {"reference": notice.reference, "status": notice.get_status_display()}
            )
        try:
            with transaction.atomic():  # a savepoint: a refused case step leaves the notice as it was
                missing = apply_payment(notice, line.amount, line.booked_on, line.transaction_id)
        except TransitionError as exc:
            raise ResolutionError(
                _("The case refused its fee step, nothing was recorded: %(reason)s") % {"reason": exc}
            ) from exc
        previous = {"status": line.status, "notice": line.notice.reference if line.notice else None}
        line.notice = notice
        if missing > 0:
            line.status = LineStatus.PARTIAL
        elif missing < 0:
            line.status = LineStatus.OVERPAID
            line.problem = f"attached to {notice.reference}: {-missing} đồng paid above the notice, to refund"
        else:
            line.status = LineStatus.MATCHED
        _resolve(line, actor, Resolution.ATTACHED, note, ["notice", "status", "problem"])
        record(
            actor,
            Action.CHANGE,
            "statement_line",
            line.pk,
            case_id=notice.case_id,
            detail={
                "resolution": Resolution.ATTACHED,
                "transaction_id": line.transaction_id,
                "amount": line.amount,
                "notice": notice.reference,
                "before": previous,
                "status": line.status,
                "notice_status": notice.status,
                "note": note,
            },
        )
        return line


def close_line(actor: Any, line_id: int, kind: str, *, note: str) -> StatementLine:
    """Record that the line was refunded or dismissed (not a court fee): the note says what was done."""
    if kind not in (Resolution.REFUNDED, Resolution.DISMISSED):
        raise ResolutionError(_("Unknown resolution: %(kind)s") % {"kind": kind})
    note = _note(note)
    if not note:
        raise ResolutionError(
            _("Write what was done (for a refund, the voucher number).")
            if kind == Resolution.REFUNDED
            else _("Write why the line is dismissed.")
        )
    with transaction.atomic():
        line = _locked_line(line_id)
        previous = {
            "resolution": line.resolution,
            "by": line.resolved_by_id,
            "at": line.resolved_at,
            "note": line.resolution_note,
        }
        _resolve(line, actor, kind, note, [])
        record(
            actor,
            Action.CHANGE,
            "statement_line",
            line.pk,
            case_id=line.notice.case_id if line.notice else None,
            detail={
                "resolution": kind,
                "transaction_id": line.transaction_id,
                "amount": line.amount,
                "status": line.status,
                "notice": line.notice.reference if line.notice else None,
                "note": note,
                **({"before": previous} if previous["resolution"] else {}),
            },
        )
        return line
