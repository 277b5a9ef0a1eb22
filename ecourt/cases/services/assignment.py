"""Assigning judges and clerks to cases, with an even-load suggestion.

The suggestion is the judge of the court (of the case's department, when it has one) with the fewest
pending cases; ties go to the one assigned fewest cases in the last 90 days, then to the lowest id, so
the same state always gives the same suggestion. The president may choose someone else, with a reason;
both the suggestion and the choice are kept in the event (BLTTDS Art. 197: assignment must be impartial,
objective and random, so deviations are visible).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from ecourt.people.models import Membership, Role, User, UserKind

from ..models import PENDING_STATUS_LIST, AssignmentRole, Case, CaseAssignment, Status
from .steps import StepResult, TransitionError, take_step

RECENT_DAYS = 90


@dataclass(frozen=True)
class JudgeLoad:
    judge: User
    pending: int
    recent: int


def judge_loads(case: Case, day: datetime.date | None = None, role: str = Role.JUDGE) -> list[JudgeLoad]:
    """Officials of the case's court who could take it, least loaded first."""
    day = day or timezone.localdate()
    memberships = Membership.objects.active_on(day).filter(court_id=case.court_id, role=role)
    if case.department_id and memberships.filter(department_id=case.department_id).exists():
        memberships = memberships.filter(department_id=case.department_id)
    candidates = User.objects.filter(id__in=memberships.values("user_id"), is_active=True)
    field = "judged_cases" if role == Role.JUDGE else "clerked_cases"
    since = day - datetime.timedelta(days=RECENT_DAYS)
    assignment_role = AssignmentRole.JUDGE if role == Role.JUDGE else AssignmentRole.CLERK
    candidates = candidates.annotate(
        pending=Count(
            field,
            filter=Q(**{f"{field}__court_id": case.court_id, f"{field}__status__in": PENDING_STATUS_LIST}),
            distinct=True,
        ),
        recent=Count(
            "case_assignments",
            filter=Q(case_assignments__role=assignment_role, case_assignments__assigned_on__gte=since),
            distinct=True,
        ),
    ).order_by("pending", "recent", "id")
    # pending and recent are annotations, not model fields
    return [JudgeLoad(user, user.pending, user.recent) for user in candidates]


def suggest(case: Case, role: str = Role.JUDGE) -> User | None:
    loads = [
        load
        for load in judge_loads(case, role=role)
        if load.judge.pk != (case.judge_id if role == Role.JUDGE else case.clerk_id)
    ]
    return loads[0].judge if loads else None


def _assign(
    step: str,
    *,
    actor: Any,
    case_id: int,
    person: User,
    role: str,
    on: datetime.date | None,
    reason: str,
) -> StepResult:
    membership_role = Role.JUDGE if role == AssignmentRole.JUDGE else Role.CLERK
    case_field = "judge" if role == AssignmentRole.JUDGE else "clerk"
    on = on or timezone.localdate()
    suggestion: dict[str, Any] = {}

    def validate(case: Case) -> None:
        holds_role = Membership.objects.active_on(on).filter(user=person, court_id=case.court_id, role=membership_role)
        if not holds_role.exists():
            raise TransitionError(f"{person} không phải {Role(membership_role).label} của {case.court.short_name}")
        if getattr(case, f"{case_field}_id") == person.pk:
            if step != "assign_judge":
                raise TransitionError(f"{person} đã được phân công vụ án này")
            # After acceptance the president decides who resolves the case (BLTTDS Art. 197): naming the
            # judge who reviewed the petition is a decision too, and continuity needs no other reason.
            suggestion["confirmed"] = True
            return
        suggested = suggest(case, membership_role)
        suggestion["suggested"] = {"id": suggested.pk, "name": str(suggested)} if suggested else None
        if suggested is not None and suggested.pk != person.pk and not reason.strip():
            raise TransitionError(f"Hệ thống gợi ý {suggested} (ít việc nhất); phân công người khác cần ghi lý do")

    def after(case: Case, event: Any) -> None:
        if not suggestion.get("confirmed"):
            CaseAssignment.objects.filter(case=case, role=role, ended_on__isnull=True).exclude(user=person).update(
                ended_on=on
            )
            CaseAssignment.objects.create(
                case=case, user=person, role=role, assigned_by=actor, assigned_on=on, reason=reason.strip()
            )
        event.data.update(suggestion)
        event.save(update_fields=["data"])

    return take_step(
        step,
        actor=actor,
        case_id=case_id,
        on=on,
        validate=validate,
        changes={case_field: person},
        data={"reason": reason.strip()},
        after=after,
    )


def assign_petition(
    actor: Any, case_id: int, judge: User, *, on: datetime.date | None = None, reason: str = ""
) -> StepResult:
    """The president assigns a judge to review a petition (BLTTDS Art. 191(2))."""
    return _assign(
        "assign_petition",
        actor=actor,
        case_id=case_id,
        person=judge,
        role=AssignmentRole.JUDGE,
        on=on,
        reason=reason,
    )


def assign_judge(
    actor: Any, case_id: int, judge: User, *, on: datetime.date | None = None, reason: str = ""
) -> StepResult:
    """The president assigns (or re-assigns) the judge who resolves the case (BLTTDS Art. 197)."""
    status = Case.objects.filter(pk=case_id).values_list("status", flat=True).first()
    if status in (Status.PETITION_RECEIVED, Status.PETITION_ASSIGNED):
        return assign_petition(actor, case_id, judge, on=on, reason=reason)
    return _assign(
        "assign_judge",
        actor=actor,
        case_id=case_id,
        person=judge,
        role=AssignmentRole.JUDGE,
        on=on,
        reason=reason,
    )


def assign_clerk(
    actor: Any, case_id: int, clerk: User, *, on: datetime.date | None = None, reason: str = ""
) -> StepResult:
    return _assign(
        "assign_clerk",
        actor=actor,
        case_id=case_id,
        person=clerk,
        role=AssignmentRole.CLERK,
        on=on,
        reason=reason,
    )


# Who may sit in each seat: the membership role required in the case's court, or None for the
# procurator, whom the procuracy designates (an outside user of kind "procurator").
PANEL_SEATS: dict[str, str | None] = {
    AssignmentRole.ASSOCIATE_JUDGE: Role.JUDGE,
    AssignmentRole.RESERVE_JUDGE: Role.JUDGE,
    AssignmentRole.ASSESSOR: Role.ASSESSOR,
    AssignmentRole.PROCURATOR: None,
}


def assign_panel_member(
    actor: Any, case_id: int, person: User, *, role: str, on: datetime.date | None = None, reason: str = ""
) -> StepResult:
    """The president names another member of the trial panel (a judge or a people's assessor), a reserve
    judge for a case that may run long (BLTTDS Art. 197(2)), or records the procurator the procuracy
    designated. They see the case from then on, sealed or not."""
    if role not in PANEL_SEATS:
        raise TransitionError(f"Vai trò '{role}' không phải vị trí trong Hội đồng xét xử hoặc Kiểm sát viên")
    on = on or timezone.localdate()
    seat = PANEL_SEATS[role]

    def validate(case: Case) -> None:
        if seat is None:
            if person.kind != UserKind.PROCURATOR:
                raise TransitionError(f"{person} không phải Kiểm sát viên")
        elif not Membership.objects.active_on(on).filter(user=person, court_id=case.court_id, role=seat).exists():
            raise TransitionError(f"{person} không phải {Role(seat).label} của {case.court.short_name}")
        if person.pk == case.judge_id:
            raise TransitionError(f"{person} là Thẩm phán chủ tọa của vụ án")
        if case.assignments.filter(user=person, ended_on__isnull=True).exists():
            raise TransitionError(f"{person} đã được phân công vụ án này")

    def after(case: Case, event: Any) -> None:
        CaseAssignment.objects.create(
            case=case, user=person, role=role, assigned_by=actor, assigned_on=on, reason=reason.strip()
        )
        event.data.update({"person": {"id": person.pk, "name": str(person)}, "role": role})
        event.save(update_fields=["data"])

    return take_step(
        "assign_panel_member",
        actor=actor,
        case_id=case_id,
        on=on,
        validate=validate,
        data={"reason": reason.strip()},
        after=after,
    )
