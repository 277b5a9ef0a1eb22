"""The one mechanism every procedural step goes through.

``take_step`` locks the case, checks the actor's permission and that the step is allowed from the
case's status, applies the changes, writes the ``CaseEvent`` (who, what, when, before and after),
updates the deadlines and appends to the audit log, all in one transaction: a step that fails changes
nothing. Side effects (notifications, indexing) are queued with ``transaction.on_commit``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.deadlines import services as deadlines

from ..access import access_case_for_user
from ..models import Case, CaseEvent, Status
from ..workflow import STEPS, Step


class TransitionError(ValueError):
    """A step that is not allowed now, or bad input for it. Nothing was changed."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


@dataclass
class StepResult:
    case: Case
    event: CaseEvent
    opened_deadlines: list[Any] = field(default_factory=list)


def check_act_date(case: Case, on: datetime.date) -> None:
    today = timezone.localdate()
    if on > today:
        raise TransitionError(f"Ngày {on:%d/%m/%Y} ở tương lai")
    last = case.events.aggregate(last=Max("occurred_on"))["last"] or case.received_on
    if on < last:
        raise TransitionError(f"Ngày {on:%d/%m/%Y} trước bước tố tụng gần nhất của vụ án ({last:%d/%m/%Y})")


def write_event(
    case: Case,
    kind: str,
    *,
    actor: Any,
    on: datetime.date,
    status_before: str,
    data: dict[str, Any],
    document_number: str = "",
) -> CaseEvent:
    seq = (case.events.aggregate(last=Max("seq"))["last"] or 0) + 1
    return CaseEvent.objects.create(
        case=case,
        seq=seq,
        kind=kind,
        occurred_on=on,
        actor=actor if actor is not None and actor.is_authenticated else None,
        status_before=status_before,
        status_after=case.status,
        document_number=document_number,
        data=data,
    )


def take_step(
    name: str,
    *,
    actor: Any,
    case_id: int,
    on: datetime.date | None = None,
    changes: Callable[[Case], dict[str, Any]] | dict[str, Any] | None = None,
    validate: Callable[[Case], None] | None = None,
    number: Callable[[Case, datetime.date], str] | None = None,
    number_field: str = "",
    target: Status | None = None,
    data: dict[str, Any] | None = None,
    set_due_on: datetime.date | None = None,
    after: Callable[[Case, CaseEvent], None] | None = None,
    system: bool = False,
) -> StepResult:
    """Take the step ``name`` on a case.

    ``changes`` are the case fields the step sets (a dict, or a function of the locked case);
    ``number`` gives the number of the document the step issues, stored in ``number_field`` when set;
    ``after`` runs inside the transaction once the event exists. ``system`` steps (nightly sweeps,
    court reorganisation) skip the permission check and are recorded without an actor.
    """
    step: Step = STEPS[name]
    on = on or timezone.localdate()
    with transaction.atomic():
        if system:
            case = Case.objects.select_for_update().select_related("court").get(pk=case_id)
        else:
            case = access_case_for_user(actor, case_id, step.permission, for_update=True, audit=True)
        if not step.allowed_for(case.case_type, case.instance, case.status):
            raise TransitionError(f"Không thể '{step.label}' khi vụ án ở trạng thái '{case.get_status_display()}'")
        check_act_date(case, on)
        if validate is not None:
            validate(case)
        new_values = changes(case) if callable(changes) else dict(changes or {})
        status_before = case.status
        before = {key: _jsonable(getattr(case, key)) for key in new_values}
        for key, value in new_values.items():
            setattr(case, key, value)
        document_number = number(case, on) if number is not None else ""
        if number_field:
            before[number_field] = getattr(case, number_field)
            setattr(case, number_field, document_number)
            new_values[number_field] = document_number
        new_status = target or step.target
        if new_status is not None:
            case.status = new_status
        case.save(update_fields=[*new_values, "status", "updated_at"])
        event_data = dict(data or {})
        if new_values:
            event_data["before"] = before
            event_data["after"] = {key: _jsonable(value) for key, value in new_values.items()}
        event = write_event(
            case,
            step.event,
            actor=None if system else actor,
            on=on,
            status_before=status_before,
            data=event_data,
            document_number=document_number,
        )
        try:
            opened = deadlines.apply_event(case, event, set_due_on=set_due_on)
            if after is not None:
                after(case, event)
        except deadlines.DeadlineError as exc:
            raise TransitionError(str(exc)) from exc
        if not system:  # the document the step issues, if any: numbered now, signed after commit
            from .documents import issue_for_step  # documents writes its events through this module

            issue_for_step(name, case, event, actor)
        record(
            None if system else actor,
            Action.TRANSITION,
            "case",
            case.pk,
            case_id=case.pk,
            detail={"step": name, "event": event.seq, "status": [status_before, case.status]},
        )
    return StepResult(case, event, opened)
