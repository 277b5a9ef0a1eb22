"""The court's answer to the duty to publish a case's judgment, recorded on the case.

Publication itself is the judgments app's (``ecourt/judgments/publication.py``); its ``publish`` and
``mark_not_publishable`` call ``record_publication`` inside their own transaction, so the case's
history shows the answer and the publication deadline (rule ``publication.publish_judgment``) is met. It
is not a workflow ``Step``: the case's status does not change (a case in legal effect stays closed), and
the case page offers no button for it, since publishing happens on the judgment's panel.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.deadlines import services as deadlines

from ..access import CaseNotFound, CasePermission, case_access
from ..models import Case, EventKind
from .steps import StepResult, check_act_date, write_event

# Who answers for the publication: the judge in charge of the case, or the court's president or vice
# president (the same people ``judgments.access.may_publish`` lets publish).
_MAY_ANSWER = frozenset({CasePermission.DECIDE, CasePermission.ASSIGN})


def record_publication(
    actor: Any,
    case_id: int,
    *,
    published: bool,
    judgment_id: int | None = None,
    reason: str = "",
    on: datetime.date | None = None,
) -> StepResult:
    """Record that the case's judgment was published (``published``) or marked not publishable, with
    the reason; meets the running publication deadline. One event, one audit entry, one transaction."""
    on = on or timezone.localdate()
    if not published and not reason.strip():
        raise ValueError("Cần nêu lý do không công bố")
    with transaction.atomic():
        try:
            case = Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)
        except Case.DoesNotExist:
            raise CaseNotFound("Không tìm thấy vụ án") from None
        access = case_access(actor, case)
        if not access.permissions & _MAY_ANSWER:
            # The caller's own access check has already recorded the refusal in the audit log.
            raise PermissionDenied("Bạn không có quyền công bố bản án của vụ án này")
        check_act_date(case, on)
        data: dict[str, Any] = {"judgment": judgment_id} if judgment_id is not None else {}
        if not published:
            data["reason"] = reason
        kind = EventKind.JUDGMENT_PUBLISHED if published else EventKind.PUBLICATION_REFUSED
        event = write_event(case, kind, actor=actor, on=on, status_before=case.status, data=data)
        deadlines.apply_event(case, event)
        record(
            actor,
            Action.TRANSITION,
            "case",
            case.pk,
            case_id=case.pk,
            detail={"step": kind.value, "event": event.seq, "status": [case.status, case.status]},
        )
    return StepResult(case, event)
