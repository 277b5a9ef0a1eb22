"""The deadline service's logic, run over in-memory rows for the demo generator.

``ecourt.deadlines.services.apply_event`` reads and writes the database for every event, which is
right for people's acts and far too slow for millions of generated ones. ``DeadlineBook`` does the
same thing to plain objects: the same rule versions (loaded from ``DeadlineRule``), the same
``rule_applies`` test, the same working-day calendar (``get_calendar``), and the same order of
operations — running deadlines met, cancelled, paused or restarted first, then the rules the event
starts (an anchored rule from its anchor's due date or the case's ``effective_on``, a rule started
again replacing its running deadline), then the case's next-deadline fields refreshed, with the duties
of a closed case cancelled (except ``SURVIVES_CLOSING``: the publication of its judgment).
``ecourt/demo/tests/test_replay.py`` replays generated cases through the real services and checks that
both leave identical deadlines.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from ecourt.deadlines.calendar import WorkCalendar, get_calendar
from ecourt.deadlines.models import DeadlineRule, DeadlineStatus, OnSuspend, RuleKind
from ecourt.deadlines.rules import ANCHOR_EFFECTIVE_ON, ANCHOR_LATEST_WINDOW
from ecourt.deadlines.services import (
    CLOSED,
    RESUME_EVENT,
    SURVIVES_CLOSING,
    SUSPEND_EVENT,
    DeadlineError,
    rule_applies,
)

if TYPE_CHECKING:
    from ecourt.cases.models import Case

RESTART, PAUSE = OnSuspend.RESTART.value, OnSuspend.PAUSE.value
OPEN = DeadlineStatus.OPEN.value
PAUSED = DeadlineStatus.PAUSED.value
MET = DeadlineStatus.MET.value
CANCELLED = DeadlineStatus.CANCELLED.value
WINDOW_CLOSED = DeadlineStatus.CLOSED.value
ACTIVE = frozenset({OPEN, PAUSED})
DUTY = RuleKind.DUTY.value
_PAUSING = frozenset({SUSPEND_EVENT, RESUME_EVENT})
WINDOW = RuleKind.WINDOW.value


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule version, with its lists as sets for fast look-ups."""

    model: DeadlineRule
    id: int
    code: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    kind: str
    responsible: str
    triggers: frozenset[str]
    satisfied_by: frozenset[str]
    cancelled_by: frozenset[str]
    anchor_rule: str
    duration: int
    unit: str
    extension: int
    extension_unit: str
    max_extensions: int
    set_by_decision: bool
    on_suspend: str
    due_soon_days: int
    name_vi: str
    legal_basis: str

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class Subject(Protocol):
    """What a rule looks at to decide whether it applies: a case's type, instance, procedure, gravity."""

    case_type: str
    instance: str
    procedure: str
    gravity: str


class Calendar:
    """``WorkCalendar`` with its answers remembered: the generator asks the same questions millions of times."""

    def __init__(self, calendar: WorkCalendar | None = None) -> None:
        self.calendar = calendar or get_calendar()
        self._due: dict[tuple[datetime.date, int, str], datetime.date] = {}
        self._next: dict[datetime.date, datetime.date] = {}
        self._working: dict[datetime.date, bool] = {}

    def due_date(self, start: datetime.date, amount: int, unit: str) -> datetime.date:
        key = (start, amount, unit)
        due = self._due.get(key)
        if due is None:
            due = self._due[key] = self.calendar.due_date(start, amount, unit)
        return due

    def next_working_day(self, day: datetime.date) -> datetime.date:
        found = self._next.get(day)
        if found is None:
            found = self._next[day] = self.calendar.next_working_day(day)
        return found

    def is_working_day(self, day: datetime.date) -> bool:
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = self.calendar.is_working_day(day)
        return working


class RuleIndex:
    """The rule versions, indexed by the event that starts them, in the order the service reads them
    (``DeadlineRule.Meta.ordering``: code, then valid_from)."""

    def __init__(self, rules: list[DeadlineRule] | None = None) -> None:
        models = rules if rules is not None else list(DeadlineRule.objects.order_by("code", "valid_from"))
        self.rules = [_rule(model) for model in models]
        self.by_code: dict[str, list[Rule]] = {}
        self.by_trigger: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self.by_code.setdefault(rule.code, []).append(rule)
            for kind in rule.triggers:
                self.by_trigger.setdefault(kind, []).append(rule)
        self._applies: dict[tuple[Any, ...], list[Rule]] = {}
        # Between two of these days the same versions are in force.
        self._bounds = sorted({d for r in self.rules for d in (r.valid_from, r.valid_to) if d is not None})
        self._in_force: dict[tuple[Any, ...], list[Rule]] = {}

    def triggered(self, subject: Subject, court_level: str, event_kind: str, day: datetime.date) -> list[Rule]:
        """Rule versions in force on ``day`` that ``event_kind`` starts for this case
        (``deadlines.services.triggered_rules``)."""
        era = bisect.bisect_right(self._bounds, day)
        key = (event_kind, subject.case_type, subject.instance, subject.procedure, subject.gravity, court_level, era)
        found = self._in_force.get(key)
        if found is None:
            found = self._in_force[key] = [
                rule
                for rule in self.by_trigger.get(event_kind, [])
                if rule.in_force_on(day) and rule_applies(rule.model, cast("Case", subject), court_level)
            ]
        return found


def _rule(model: DeadlineRule) -> Rule:
    return Rule(
        model=model,
        id=model.pk,
        code=model.code,
        valid_from=model.valid_from,
        valid_to=model.valid_to,
        kind=model.kind,
        responsible=model.responsible,
        triggers=frozenset(model.triggers),
        satisfied_by=frozenset(model.satisfied_by),
        cancelled_by=frozenset(model.cancelled_by),
        anchor_rule=model.anchor_rule,
        duration=model.duration,
        unit=model.unit,
        extension=model.extension,
        extension_unit=model.extension_unit,
        max_extensions=model.max_extensions,
        set_by_decision=model.set_by_decision,
        on_suspend=model.on_suspend,
        due_soon_days=model.due_soon_days,
        name_vi=model.name_vi,
        legal_basis=model.legal_basis,
    )


class TimeLimit:
    """One ``Deadline`` row in memory."""

    __slots__ = (
        "closed_on",
        "closing_event",
        "due_on",
        "extensions_used",
        "id",
        "paused_on",
        "remaining_days",
        "rule",
        "starts_on",
        "status",
        "trigger_event",
    )

    def __init__(self, id: int, rule: Rule, starts_on: datetime.date, due_on: datetime.date, trigger: Any) -> None:
        self.id = id
        self.rule = rule
        self.starts_on = starts_on
        self.due_on = due_on
        self.status = OPEN
        self.extensions_used = 0
        self.paused_on: datetime.date | None = None
        self.remaining_days: int | None = None
        self.closed_on: datetime.date | None = None
        self.trigger_event = trigger
        self.closing_event: Any = None


class HasTimeLimits(Subject, Protocol):
    """A case as the book sees it: its deadlines, status, court level and next-deadline fields."""

    deadlines: list[TimeLimit]
    status: str
    effective_on: datetime.date | None
    next_deadline: TimeLimit | None
    next_deadline_on: datetime.date | None
    next_deadline_warn_on: datetime.date | None

    @property
    def court_level(self) -> str: ...


class Occurrence(Protocol):
    """An event as the book sees it."""

    kind: str
    on: datetime.date


class DeadlineBook:
    """``apply_event``, ``extend_deadline`` and ``refresh_next_deadline`` over in-memory rows.

    ``today`` is the day the cancelled duties of a closed case are stamped with: the service uses
    ``timezone.localdate()``, the day the act is recorded, and the generator records every act of its
    history on the day it loads it.
    """

    def __init__(self, rules: RuleIndex, calendar: Calendar, today: datetime.date, new_id: Callable[[], int]) -> None:
        self.rules = rules
        self.calendar = calendar
        self.today = today
        self.new_id = new_id

    def apply(
        self, case: HasTimeLimits, event: Occurrence, *, set_due_on: datetime.date | None = None
    ) -> list[TimeLimit]:
        active = [d for d in case.deadlines if d.status in ACTIVE]
        kind = event.kind
        for deadline in active:
            rule = deadline.rule
            if kind in rule.satisfied_by or kind in rule.cancelled_by or kind in _PAUSING:
                self._apply_to_running(deadline, event)
        opened = [
            self._open(case, rule, event, active, set_due_on)
            for rule in self.rules.triggered(case, case.court_level, event.kind, event.on)
        ]
        self.refresh(case, event.on)
        return opened

    def _apply_to_running(self, deadline: TimeLimit, event: Occurrence) -> None:
        rule = deadline.rule
        day = event.on
        if event.kind in rule.satisfied_by:
            _close(deadline, MET, event)
        elif event.kind in rule.cancelled_by:
            _close(deadline, CANCELLED, event)
        elif event.kind == SUSPEND_EVENT and deadline.status == OPEN:
            if rule.on_suspend in (RESTART, PAUSE):
                deadline.status = PAUSED
                deadline.paused_on = day
                deadline.remaining_days = (deadline.due_on - day).days
        elif event.kind == RESUME_EVENT and deadline.status == PAUSED:
            if rule.on_suspend == RESTART:
                deadline.starts_on = day
                deadline.due_on = self.calendar.due_date(day, rule.duration, rule.unit)
            else:
                remaining = max(deadline.remaining_days or 0, 0)
                deadline.due_on = self.calendar.next_working_day(day + datetime.timedelta(days=remaining))
            deadline.status = OPEN
            deadline.paused_on = None
            deadline.remaining_days = None

    def _anchor(self, case: HasTimeLimits, rule: Rule, day: datetime.date) -> datetime.date:
        if rule.anchor_rule == ANCHOR_LATEST_WINDOW:
            windows = [d.due_on for d in case.deadlines if d.rule.kind == WINDOW and d.status != CANCELLED]
            return max(*windows, day) if windows else day
        if rule.anchor_rule == ANCHOR_EFFECTIVE_ON:
            return case.effective_on or day
        if rule.anchor_rule:
            anchors = [d for d in case.deadlines if d.rule.code == rule.anchor_rule and d.status != CANCELLED]
            return max(anchors, key=lambda d: d.id).due_on if anchors else day
        return day

    def _open(
        self,
        case: HasTimeLimits,
        rule: Rule,
        event: Occurrence,
        active: list[TimeLimit],
        set_due_on: datetime.date | None,
    ) -> TimeLimit:
        start = self._anchor(case, rule, event.on)
        if start != event.on:
            versions = [
                r for r in self.rules.triggered(case, case.court_level, event.kind, start) if r.code == rule.code
            ]
            rule = versions[0] if versions else rule
        for deadline in active:
            if deadline.rule.code == rule.code and deadline.status in ACTIVE:
                _close(deadline, CANCELLED, event)
        due = self.calendar.due_date(start, rule.duration, rule.unit)
        if rule.set_by_decision and set_due_on is not None:
            if set_due_on > due or set_due_on <= start:
                raise DeadlineError(f"{rule.code}: {set_due_on} is outside ({start}, {due}]")
            due = set_due_on
        deadline = TimeLimit(self.new_id(), rule, start, due, event)
        case.deadlines.append(deadline)
        return deadline

    def extend(self, case: HasTimeLimits, rule_code: str, day: datetime.date) -> TimeLimit:
        running = [d for d in case.deadlines if d.rule.code == rule_code and d.status in ACTIVE]
        if not running:
            raise DeadlineError(f"no running deadline {rule_code}")
        deadline = max(running, key=lambda d: d.id)
        rule = deadline.rule
        if deadline.extensions_used >= rule.max_extensions or not rule.extension:
            raise DeadlineError(f"{rule_code}: no extension left")
        if deadline.status == PAUSED:
            raise DeadlineError(f"{rule_code}: paused")
        deadline.due_on = self.calendar.due_date(deadline.due_on, rule.extension, rule.extension_unit)
        deadline.extensions_used += 1
        self.refresh(case, day)
        return deadline

    def refresh(self, case: HasTimeLimits, day: datetime.date) -> None:
        if case.status in CLOSED:
            for deadline in case.deadlines:
                if (
                    deadline.status in ACTIVE
                    and deadline.rule.kind == DUTY
                    and deadline.rule.code not in SURVIVES_CLOSING
                ):
                    deadline.status = CANCELLED
                    deadline.closed_on = day
        best: TimeLimit | None = None
        for deadline in case.deadlines:
            if (
                deadline.status == OPEN
                and deadline.rule.kind == DUTY
                and (best is None or (deadline.due_on, deadline.id) < (best.due_on, best.id))
            ):
                best = deadline
        case.next_deadline = best
        case.next_deadline_on = best.due_on if best else None
        case.next_deadline_warn_on = (
            best.due_on - datetime.timedelta(days=best.rule.due_soon_days) if best is not None else None
        )

    def close_expired_windows(self, case: HasTimeLimits) -> None:
        """The nightly sweep (``close_expired_windows``) run every day: a window whose last day was D is
        closed on D + 1 by the sweep of that night."""
        for deadline in case.deadlines:
            if deadline.rule.kind == WINDOW and deadline.status == OPEN and deadline.due_on < self.today:
                deadline.status = WINDOW_CLOSED
                deadline.closed_on = deadline.due_on + datetime.timedelta(days=1)


def _close(deadline: TimeLimit, status: str, event: Occurrence) -> None:
    deadline.status = status
    deadline.closed_on = event.on
    deadline.closing_event = event
