"""How events on a case open, meet, cancel, pause and restart its statutory deadlines.

``apply_event`` is called by the case transition functions, inside their transaction, after the event
is written. It is the only writer of ``Deadline`` rows apart from ``extend_deadline``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Max, Q

from .calendar import WorkCalendar, get_calendar
from .models import Deadline, DeadlineRule, DeadlineStatus, OnSuspend, RuleKind
from .rules import ANCHOR_EFFECTIVE_ON, ANCHOR_LATEST_WINDOW

if TYPE_CHECKING:
    from ecourt.cases.models import Case, CaseEvent

CLOSED = frozenset({"effective", "transferred", "returned", "sent_to_appeal"})
SUSPEND_EVENT = "case_suspended"
RESUME_EVENT = "case_resumed"
ACTIVE = (DeadlineStatus.OPEN, DeadlineStatus.PAUSED)
# Duties owed after the case is closed, which closing must not cancel. Only one: the court publishes the
# judgment within 30 days of its legal effect (Resolution 03/2017/NQ-HĐTP), and legal effect is what
# closes the case. Every other duty of a closed case is moot and cancelled by ``refresh_next_deadline``.
PUBLICATION_RULE = "publication.publish_judgment"
SURVIVES_CLOSING = frozenset({PUBLICATION_RULE})
# Duties the court may answer before they start: a judgment found not publishable (a participant under 18,
# state secrets…) is marked so as soon as it is pronounced, before the legal effect that starts the duty.
# Such an answer, recorded on the case after the rule's previous period, meets the duty as it opens.
ANSWERED_AHEAD = frozenset({PUBLICATION_RULE})


class DeadlineError(ValueError):
    """A requested deadline change is not allowed (e.g. no extension left)."""


def rule_applies(rule: DeadlineRule, case: Case, court_level: str) -> bool:
    return (
        (not rule.case_types or case.case_type in rule.case_types)
        and (not rule.instances or case.instance in rule.instances)
        and (not rule.procedures or case.procedure in rule.procedures)
        and (not rule.gravities or case.gravity in rule.gravities)
        and (not rule.court_levels or court_level in rule.court_levels)
    )


def rules_in_force(day: datetime.date) -> list[DeadlineRule]:
    return list(DeadlineRule.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)))


def triggered_rules(case: Case, event_kind: str, day: datetime.date) -> list[DeadlineRule]:
    """Rule versions in force on ``day`` that ``event_kind`` starts for this case."""
    level = case.court.level
    return [rule for rule in rules_in_force(day) if event_kind in rule.triggers and rule_applies(rule, case, level)]


def max_due_date(rule: DeadlineRule, start: datetime.date, calendar: WorkCalendar | None = None) -> datetime.date:
    return (calendar or get_calendar()).due_date(start, rule.duration, rule.unit)


def _anchor(case: Case, rule: DeadlineRule, event_day: datetime.date) -> datetime.date:
    if rule.anchor_rule == ANCHOR_LATEST_WINDOW:
        # The file goes up after the last appeal or protest window has run out.
        latest = (
            case.deadlines.filter(kind=RuleKind.WINDOW)
            .exclude(status=DeadlineStatus.CANCELLED)
            .aggregate(latest=Max("due_on"))["latest"]
        )
        return max(latest, event_day) if latest else event_day
    if rule.anchor_rule == ANCHOR_EFFECTIVE_ON:
        # Counted from the day the judgment took effect, which the sweep may record a few days later.
        return case.effective_on or event_day
    if rule.anchor_rule:
        anchor = (
            case.deadlines.filter(rule__code=rule.anchor_rule)
            .exclude(status=DeadlineStatus.CANCELLED)
            .order_by("-id")
            .values_list("due_on", flat=True)
            .first()
        )
        return anchor or event_day
    return event_day


def apply_event(case: Case, event: CaseEvent, *, set_due_on: datetime.date | None = None) -> list[Deadline]:
    """Update the case's deadlines for ``event``; returns the deadlines it opened."""
    calendar = get_calendar()
    active = list(case.deadlines.filter(status__in=ACTIVE).select_related("rule"))
    for deadline in active:
        _apply_to_running(deadline, event, calendar)
    opened = [
        _open(case=case, rule=rule, event=event, active=active, calendar=calendar, set_due_on=set_due_on)
        for rule in triggered_rules(case, event.kind, event.occurred_on)
    ]
    refresh_next_deadline(case, event.occurred_on)
    return opened


def _apply_to_running(deadline: Deadline, event: CaseEvent, calendar: WorkCalendar) -> None:
    rule = deadline.rule
    day = event.occurred_on
    if event.kind in rule.satisfied_by:
        _close(deadline, DeadlineStatus.MET, event)
    elif event.kind in rule.cancelled_by:
        _close(deadline, DeadlineStatus.CANCELLED, event)
    elif event.kind == SUSPEND_EVENT and deadline.status == DeadlineStatus.OPEN:
        if rule.on_suspend in (OnSuspend.RESTART, OnSuspend.PAUSE):
            deadline.status = DeadlineStatus.PAUSED
            deadline.paused_on = day
            deadline.remaining_days = (deadline.due_on - day).days
            deadline.save(update_fields=["status", "paused_on", "remaining_days"])
    elif event.kind == RESUME_EVENT and deadline.status == DeadlineStatus.PAUSED:
        if rule.on_suspend == OnSuspend.RESTART:
            # "tính lại kể từ ngày quyết định tiếp tục giải quyết": the full period again.
            deadline.starts_on = day
            deadline.due_on = calendar.due_date(day, rule.duration, rule.unit)
        else:
            remaining = max(deadline.remaining_days or 0, 0)
            deadline.due_on = calendar.next_working_day(day + datetime.timedelta(days=remaining))
        deadline.status = DeadlineStatus.OPEN
        deadline.paused_on = None
        deadline.remaining_days = None
        deadline.save(update_fields=["starts_on", "due_on", "status", "paused_on", "remaining_days"])


def _open(
    *,
    case: Case,
    rule: DeadlineRule,
    event: CaseEvent,
    active: list[Deadline],
    calendar: WorkCalendar,
    set_due_on: datetime.date | None,
) -> Deadline:
    start = _anchor(case, rule, event.occurred_on)
    if start != event.occurred_on:
        # An anchored period uses the version in force on its own start day.
        versions = [r for r in triggered_rules(case, event.kind, start) if r.code == rule.code]
        rule = versions[0] if versions else rule
    # A rule started again replaces its running deadline (e.g. a petition re-assigned for review).
    for deadline in active:
        if deadline.rule.code == rule.code and deadline.status in ACTIVE:
            _close(deadline, DeadlineStatus.CANCELLED, event)
    due = calendar.due_date(start, rule.duration, rule.unit)
    if rule.set_by_decision and set_due_on is not None:
        if set_due_on > due:
            raise DeadlineError(
                f"{rule.name_vi}: hạn do Thẩm phán ấn định ({set_due_on:%d/%m/%Y}) vượt quá hạn luật định "
                f"({due:%d/%m/%Y}, {rule.legal_basis})"
            )
        if set_due_on <= start:
            raise DeadlineError(f"{rule.name_vi}: hạn phải sau ngày {start:%d/%m/%Y}")
        due = set_due_on
    deadline = Deadline.objects.create(
        case=case, rule=rule, kind=rule.kind, starts_on=start, due_on=due, trigger_event=event
    )
    if rule.code in ANSWERED_AHEAD:
        answer = _answer_given_ahead(case, deadline, event)
        if answer is not None:
            # Met by that answer (its event, by its named person) on the day the duty started: it is
            # never on the docket or the overdue list.
            deadline.status = DeadlineStatus.MET
            deadline.closed_on = event.occurred_on
            deadline.closing_event = answer
            deadline.save(update_fields=["status", "closed_on", "closing_event"])
    return deadline


def _answer_given_ahead(case: Case, deadline: Deadline, event: CaseEvent) -> CaseEvent | None:
    """The case's latest event that satisfies ``deadline``'s rule, recorded before ``event`` started it
    and after the trigger of the rule's previous period on this case (an answer belongs to one period)."""
    previous = (
        case.deadlines.filter(rule__code=deadline.rule.code, trigger_event__isnull=False)
        .exclude(pk=deadline.pk)
        .order_by("-trigger_event__seq")
        .values_list("trigger_event__seq", flat=True)
        .first()
    )
    answers = case.events.filter(kind__in=deadline.rule.satisfied_by, seq__lt=event.seq)
    if previous is not None:
        answers = answers.filter(seq__gt=previous)
    return answers.order_by("-seq").first()


def _close(deadline: Deadline, status: str, event: CaseEvent) -> None:
    deadline.status = status
    deadline.closed_on = event.occurred_on
    deadline.closing_event = event
    deadline.save(update_fields=["status", "closed_on", "closing_event"])


def extend_deadline(case: Case, rule_code: str, event: CaseEvent) -> Deadline:
    """Grant the rule's extension to the running deadline of ``rule_code``; the event records it."""
    deadline = (
        case.deadlines.filter(rule__code=rule_code, status__in=ACTIVE).select_related("rule").order_by("-id").first()
    )
    if deadline is None:
        raise DeadlineError(f"Không có thời hạn '{rule_code}' đang chạy để gia hạn")
    rule = deadline.rule
    if deadline.extensions_used >= rule.max_extensions or not rule.extension:
        raise DeadlineError(f"{rule.name_vi}: đã hết số lần gia hạn ({rule.legal_basis})")
    if deadline.status == DeadlineStatus.PAUSED:
        raise DeadlineError(f"{rule.name_vi}: thời hạn đang tạm dừng do tạm đình chỉ")
    deadline.due_on = get_calendar().due_date(deadline.due_on, rule.extension, rule.extension_unit)
    deadline.extensions_used += 1
    deadline.save(update_fields=["due_on", "extensions_used"])
    refresh_next_deadline(case, event.occurred_on)
    return deadline


def refresh_next_deadline(case: Case, day: datetime.date) -> None:
    """Keep the case's next-deadline fields equal to its earliest running duty (the docket's index).
    ``day`` is the day of the act that changed them: a case closed that day owes nothing more from it,
    except the duties in ``SURVIVES_CLOSING`` (the publication of its judgment)."""
    if case.status in CLOSED:
        case.deadlines.filter(status__in=ACTIVE, kind=RuleKind.DUTY).exclude(rule__code__in=SURVIVES_CLOSING).update(
            status=DeadlineStatus.CANCELLED, closed_on=day
        )
    deadline = (
        case.deadlines.filter(status=DeadlineStatus.OPEN, kind=RuleKind.DUTY)
        .select_related("rule")
        .order_by("due_on", "id")
        .first()
    )
    values = {
        "next_deadline": deadline,
        "next_deadline_on": deadline.due_on if deadline else None,
        "next_deadline_warn_on": (
            deadline.due_on - datetime.timedelta(days=deadline.rule.due_soon_days) if deadline else None
        ),
    }
    if any(getattr(case, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(case, key, value)
        case.save(update_fields=[*values, "updated_at"])


def close_expired_windows(today: datetime.date) -> int:
    """Mark appeal and protest windows whose last day has passed as closed."""
    return Deadline.objects.filter(kind=RuleKind.WINDOW, status=DeadlineStatus.OPEN, due_on__lt=today).update(
        status=DeadlineStatus.CLOSED, closed_on=today
    )


def open_windows(case: Case, today: datetime.date) -> Iterable[Deadline]:
    return case.deadlines.filter(kind=RuleKind.WINDOW, status=DeadlineStatus.OPEN, due_on__gte=today)
