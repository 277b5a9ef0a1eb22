"""Reads of case data for pages and the API: dockets, the overdue list, the president's overview and
the case page. Each list makes a fixed number of queries whatever its length (query counts are
tested), and every read is recorded in the audit log by the caller through ``audit_list`` or
``access_case_for_user``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.deadlines.models import Deadline, DeadlineStatus, Responsible, RuleKind
from ecourt.deadlines.selectors import DeadlineState, deadline_state, state_of

from .access import CaseAccess, cases_visible_to, checked_access
from .models import DOCKET_CONDITION, PENDING_STATUS_LIST, Appeal, Case, CaseAssignment, CaseEvent, Party
from .workflow import Step, available_steps

LIST_RELATED = ("court", "origin_court", "judge", "next_deadline__rule")


class DeadlineFilter:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ANY = ""


def deadline_condition(deadline: str, today: datetime.date) -> Q:
    """Cases whose earliest running duty is overdue, or due soon (by its rule's warning period): the one
    condition of the lists' deadline filter, the overdue list and the overview's counts."""
    if deadline == DeadlineFilter.OVERDUE:
        return Q(next_deadline_on__lt=today)
    if deadline == DeadlineFilter.DUE_SOON:
        return Q(next_deadline_warn_on__lte=today, next_deadline_on__gte=today)
    return Q()


def with_deadline_filter(queryset: QuerySet[Case], deadline: str, today: datetime.date) -> QuerySet[Case]:
    """Cases whose earliest running duty is overdue, or due soon (by its rule's warning period)."""
    return queryset.filter(deadline_condition(deadline, today))


def court_docket(court_id: int) -> QuerySet[Case]:
    """A court's cases that owe something: pending ones, and closed ones whose judgment awaits publication
    (the one duty that survives closing). Overdue and due-soon cases are counted and listed from it, so the
    overview's counts and the overdue list agree."""
    return Case.objects.filter(court_id=court_id).filter(DOCKET_CONDITION)


def docket(user: Any, *, status: str = "", deadline: str = "", today: datetime.date | None = None) -> QuerySet[Case]:
    """A judge's or clerk's pending cases, and their closed cases whose judgment awaits publication
    (the one duty that survives closing), the most urgent first. ``DOCKET_CONDITION`` is the partial
    docket indexes' condition, written the same way so that PostgreSQL uses them."""
    today = today or timezone.localdate()
    queryset = Case.objects.filter(Q(judge=user) | Q(clerk=user)).filter(DOCKET_CONDITION)
    if status:
        queryset = queryset.filter(status=status)
    queryset = with_deadline_filter(queryset, deadline, today)
    return (
        queryset.select_related(*LIST_RELATED)
        .prefetch_related(Prefetch("deadlines", queryset=_running_duties(), to_attr="running_duties"))
        .order_by("next_deadline_on", "-received_on", "-id")
    )


def _running_duties() -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(status=DeadlineStatus.OPEN, kind=RuleKind.DUTY)
        .select_related("rule")
        .order_by("due_on", "id")
    )


# Whose duties a person on the case looks after, besides the court's own.
_OWN_DUTIES = {"judge": {Responsible.JUDGE, Responsible.COURT}, "clerk": {Responsible.CLERK, Responsible.COURT}}


def own_next_deadline(case: Case, user: Any) -> Deadline | None:
    """The first running duty that falls to ``user`` as the case's judge or clerk (for the docket,
    where the case's earliest duty may be someone else's, e.g. the president's). Uses the duties
    ``docket`` prefetched; None when the user owes nothing on the case now."""
    duties: list[Deadline] = getattr(case, "running_duties", [])
    roles: set[str] = set()
    if case.judge_id == user.pk:
        roles |= _OWN_DUTIES["judge"]
    if case.clerk_id == user.pk:
        roles |= _OWN_DUTIES["clerk"]
    return next((duty for duty in duties if duty.rule.responsible in roles), None)


def court_cases(
    court_id: int, *, status: str = "", deadline: str = "", today: datetime.date | None = None
) -> QuerySet[Case]:
    """Pending cases of a court (the president's list); sealed and in-camera cases are left to
    ``cases_visible_to`` when the caller lists them for a particular user. Filtered by deadline, the
    court's docket instead (``court_docket``): an overdue or due-soon publication of a closed case is
    listed, as the overview counts it."""
    today = today or timezone.localdate()
    if deadline:
        queryset = court_docket(court_id)
    else:
        queryset = Case.objects.filter(court_id=court_id, status__in=PENDING_STATUS_LIST)
    if status:
        queryset = queryset.filter(status=status)
    queryset = with_deadline_filter(queryset, deadline, today)
    return queryset.select_related(*LIST_RELATED).order_by("next_deadline_on", "-received_on", "-id")


def overdue_cases(court_id: int, today: datetime.date | None = None) -> QuerySet[Case]:
    """Cases of a court with a duty past its statutory limit (án quá hạn luật định), oldest first:
    pending cases, and closed ones whose judgment was not published in time (a closed case keeps a
    next deadline only for that duty, so no status condition is needed)."""
    today = today or timezone.localdate()
    return (
        with_deadline_filter(court_docket(court_id), DeadlineFilter.OVERDUE, today)
        .select_related(*LIST_RELATED)
        .order_by("next_deadline_on", "id")
    )


def unassigned_petitions(court_id: int) -> QuerySet[Case]:
    """Petitions and case files waiting for the president to assign a judge."""
    return (
        Case.objects.filter(court_id=court_id, judge__isnull=True, status__in=PENDING_STATUS_LIST)
        .select_related(*LIST_RELATED)
        .order_by("next_deadline_on", "received_on", "id")
    )


def audit_list(user: Any, what: str, cases: list[Case], **detail: Any) -> None:
    """Record that ``user`` was shown these cases."""
    record(user, Action.LIST, "case", what, detail={"cases": [case.pk for case in cases], **detail})


def next_deadline_state(case: Case, today: datetime.date) -> DeadlineState | None:
    if case.next_deadline_on is None or case.next_deadline_warn_on is None:
        return None
    return state_of(case.next_deadline_on, case.next_deadline_warn_on, today)


@dataclass
class JudgeRow:
    judge_id: int | None
    name: str
    pending: int
    overdue: int
    due_soon: int


@dataclass
class CourtOverview:
    pending: int
    overdue: int
    due_soon: int
    unassigned: int
    by_status: dict[str, int]
    by_type: dict[str, int]
    judges: list[JudgeRow] = field(default_factory=list)


def court_overview(court_id: int, today: datetime.date | None = None) -> CourtOverview:
    """Counts for the president: pending cases by judge, status and type, and the court's overdue and
    due-soon cases (``court_docket``: closed cases whose judgment awaits publication too), the same cases
    as the overdue list (``overdue_cases``) and the overview's deadline filter."""
    today = today or timezone.localdate()
    owing = court_docket(court_id)
    pending_q = Q(status__in=PENDING_STATUS_LIST)
    pending = owing.filter(pending_q)
    overdue_q = deadline_condition(DeadlineFilter.OVERDUE, today)
    soon_q = deadline_condition(DeadlineFilter.DUE_SOON, today)
    totals = owing.aggregate(
        pending=Count("id", filter=pending_q),
        overdue=Count("id", filter=overdue_q),
        due_soon=Count("id", filter=soon_q),
        unassigned=Count("id", filter=pending_q & Q(judge__isnull=True)),
    )
    rows = (
        owing.values("judge_id", "judge__full_name")
        .annotate(
            pending=Count("id", filter=pending_q),
            overdue=Count("id", filter=overdue_q),
            due_soon=Count("id", filter=soon_q),
        )
        .order_by("-overdue", "-pending", "judge__full_name")
    )
    return CourtOverview(
        pending=totals["pending"],
        overdue=totals["overdue"],
        due_soon=totals["due_soon"],
        unassigned=totals["unassigned"],
        by_status=dict(pending.values_list("status").annotate(n=Count("id")).order_by()),
        by_type=dict(pending.values_list("case_type").annotate(n=Count("id")).order_by()),
        judges=[
            JudgeRow(r["judge_id"], r["judge__full_name"] or "", r["pending"], r["overdue"], r["due_soon"])
            for r in rows
        ],
    )


@dataclass
class CaseFile:
    """Everything the case page shows, loaded with a fixed number of queries."""

    case: Case
    access: CaseAccess
    parties: list[Party]
    events: list[CaseEvent]
    deadlines: list[tuple[Deadline, DeadlineState]]
    assignments: list[CaseAssignment]
    appeals: list[Appeal]
    steps: list[Step]
    higher_instance: list[Case]
    transferred_to: list[Case]


def case_file(case: Case, user: Any, today: datetime.date | None = None, *, with_events: bool = True) -> CaseFile:
    """The case page's data. ``case`` must come from ``access_case_for_user`` (whose permission check
    is reused). The API's detail leaves the timeline out (``with_events=False``): it has its own page."""
    today = today or timezone.localdate()
    access = checked_access(user, case, today)
    deadlines = list(case.deadlines.select_related("rule").order_by("status", "due_on", "id"))
    steps = [
        step
        for step in available_steps(case.case_type, case.instance, case.status)
        if step.permission in access.permissions
    ]
    return CaseFile(
        case=case,
        access=access,
        parties=list(case.parties.select_related("represents").order_by("position", "id")),
        events=list(case.events.select_related("actor").order_by("seq")) if with_events else [],
        deadlines=[(d, deadline_state(d, today)) for d in deadlines],
        assignments=list(case.assignments.select_related("user", "assigned_by").order_by("-assigned_on", "-id")),
        appeals=list(case.appeals.all()),
        steps=steps,
        higher_instance=list(case.higher_instance_cases.select_related("court")),
        transferred_to=list(case.transferred_to.select_related("court")),
    )


def visible_cases(user: Any) -> QuerySet[Case]:
    """For search and the API list: the cases ``user`` may view, with what lists show."""
    return cases_visible_to(user).select_related(*LIST_RELATED)


__all__ = [
    "DeadlineFilter",
    "audit_list",
    "case_file",
    "court_cases",
    "court_docket",
    "court_overview",
    "deadline_condition",
    "docket",
    "next_deadline_state",
    "overdue_cases",
    "own_next_deadline",
    "unassigned_petitions",
    "visible_cases",
    "with_deadline_filter",
]
