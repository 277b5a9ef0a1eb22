"""The two doors between a case's steps and the documents the court issues and serves.

- ``issue_for_step`` is called by ``steps.take_step`` inside the step's transaction, once its event is
  written. ecourt/signing decides whether the step issues a document (``signing.issuing.STEP_DOCUMENTS``:
  the fee notice, the notice of acceptance, the return of the petition, the decision to bring to trial,
  the judgment's copy); if so it numbers it here (``document_number``, in the step's transaction, so a
  rolled-back step uses up no number) and queues the signature for after the commit. An explicit call,
  not a signal (docs/STYLE: no hidden data flow); steps taken by the system issue nothing.
- ``record_service_event`` writes the events of the electronic service of a document (served, opened,
  deemed served; ecourt/eservice): they show in the case's history and change no status.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from ecourt.audit.models import Action
from ecourt.audit.services import record

from ..access import CaseNotFound
from ..models import Case, CaseEvent, EventKind
from . import numbering
from .steps import write_event

SERVICE_EVENTS = frozenset({EventKind.DOCUMENT_SERVED, EventKind.DOCUMENT_OPENED, EventKind.DOCUMENT_DEEMED_SERVED})


def issue_for_step(step: str, case: Case, event: CaseEvent, actor: Any) -> None:
    """Order the document ``step`` issues, if it issues one (runs inside the step's transaction)."""
    from ecourt.signing.issuing import order_for_step

    order_for_step(step, case, event, actor)


def document_number(case: Case, day: datetime.date, series: str) -> str:
    """The next number of the court's register ``series`` (e.g. 'TB-TA' → '03/2026/TB-TA'), entered in
    the register of numbers given. Must run inside the transaction of the act it numbers."""
    return numbering._issue(case, case.court, day, series, "{n:02d}/{year}/" + series)


def record_service_event(
    case_id: int, kind: EventKind, *, on: datetime.date, actor: Any = None, data: dict[str, Any] | None = None
) -> CaseEvent:
    """One event of the electronic service of a document, in the case's history (no status change).

    ``on`` is the legal date of the act (made available, opened, deemed served); it may precede an
    event recorded since (deemed service is found after the day it happened), so the act-date check of
    the steps does not apply. ``actor`` is the person who served it or the party who opened it; None for
    the system (deemed service)."""
    if kind not in SERVICE_EVENTS:
        raise ValueError(f"{kind} is not an event of electronic service")
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()
        if case is None:
            raise CaseNotFound("Không tìm thấy vụ án")
        event = write_event(case, kind, actor=actor, on=on, status_before=case.status, data=dict(data or {}))
        record(
            actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
            Action.TRANSITION,
            "case",
            case.pk,
            case_id=case.pk,
            detail={"step": kind.value, "event": event.seq, "status": [case.status, case.status]},
        )
    return event
