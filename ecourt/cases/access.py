"""Who may see and change a case: the one place that decides it.

Every view, API endpoint and service gets a case through ``access_case_for_user`` (or lists cases
through ``cases_visible_to``). The rules, one per line:

- VIEW: people assigned to the case (judges, assessors, clerk, procurator); officials of the court that
  holds it, unless the case is sealed or tried in camera; people assigned to a higher-instance case of
  it; the parties and their lawyers, unless the file is sealed.
- RECORD (registry acts: receipts, notices, appeals lodged, parties): officials of the holding court;
  on a sealed or in-camera case, only those assigned to it.
- DECIDE (a judge's procedural decisions): the judge in charge of the case, while a judge of that court.
- ASSIGN (assignments, extensions of time): the president or a vice president of the holding court.
  On a sealed or in-camera case they may assign without seeing its contents.

A case the user may not view is reported as not found, so its existence does not leak.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.people.models import Membership, Role

from .models import AssignmentRole, Case, CaseAssignment, Party

PRESIDING = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT})
REGISTRY = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT, Role.JUDGE, Role.CLERK, Role.EXAMINER})


class CasePermission(enum.StrEnum):
    VIEW = "view"
    RECORD = "record"
    DECIDE = "decide"
    ASSIGN = "assign"


class CaseNotFound(Http404):
    pass


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do on one case, and why (shown on the case page)."""

    permissions: frozenset[CasePermission]
    assigned_roles: frozenset[str]
    court_roles: frozenset[str]
    is_party: bool

    def __contains__(self, permission: object) -> bool:
        return permission in self.permissions


def _court_roles(user: Any, court_id: int, day: datetime.date) -> frozenset[str]:
    return frozenset(
        Membership.objects.active_on(day).filter(user=user, court_id=court_id).values_list("role", flat=True)
    )


def _assigned_roles(user: Any, case: Case) -> frozenset[str]:
    return frozenset(
        CaseAssignment.objects.filter(case=case, user=user, ended_on__isnull=True).values_list("role", flat=True)
    )


PERMISSION_NAMES = {
    CasePermission.VIEW: "xem hồ sơ",
    CasePermission.RECORD: "ghi nhận",
    CasePermission.DECIDE: "quyết định tố tụng",
    CasePermission.ASSIGN: "phân công",
}


def case_access(user: Any, case: Case, day: datetime.date | None = None) -> CaseAccess:
    day = day or timezone.localdate()
    nothing = CaseAccess(frozenset(), frozenset(), frozenset(), False)
    if user is None or not user.is_authenticated or not user.is_active:
        return nothing
    court_roles = _court_roles(user, case.court_id, day)
    assigned = _assigned_roles(user, case)
    on_higher_instance = CaseAssignment.objects.filter(case__parent=case, user=user, ended_on__isnull=True).exists()
    is_party = Party.objects.filter(case=case, user=user).exists()
    restricted = case.sealed or case.in_camera

    permissions: set[CasePermission] = set()
    if assigned:
        permissions.add(CasePermission.VIEW)
    if court_roles and not restricted:
        permissions.add(CasePermission.VIEW)
    if on_higher_instance:
        permissions.add(CasePermission.VIEW)
    if is_party and not case.sealed:
        permissions.add(CasePermission.VIEW)
    if court_roles & REGISTRY and (not restricted or assigned):
        permissions.add(CasePermission.RECORD)
    if case.judge_id == user.pk and Role.JUDGE in court_roles and AssignmentRole.JUDGE in assigned:
        permissions.add(CasePermission.DECIDE)
    if court_roles & PRESIDING:
        permissions.add(CasePermission.ASSIGN)
    return CaseAccess(frozenset(permissions), assigned, court_roles, is_party)


def checked_access(user: Any, case: Case, day: datetime.date) -> CaseAccess:
    """The access that ``access_case_for_user`` computed when it loaded ``case`` for ``user`` today,
    so the page that follows does not query it again; computed afresh otherwise."""
    cached = getattr(case, "_checked_access", None)
    if cached is not None and cached[0] == (user.pk, day):
        return cached[1]  # type: ignore[no-any-return]
    return case_access(user, case, day)


def access_case_for_user(
    user: Any,
    case_id: int,
    permission: CasePermission = CasePermission.VIEW,
    *,
    for_update: bool = False,
    audit: bool = True,
) -> Case:
    """The case, if ``user`` holds ``permission`` on it; records the read in the audit log.

    Raises ``CaseNotFound`` when the case does not exist or the user may not know it exists, and
    ``PermissionDenied`` when the user may see it but not do this.
    """
    queryset = Case.objects.select_related("court", "origin_court", "judge", "clerk", "department")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        case = queryset.get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound("Không tìm thấy vụ án") from None
    today = timezone.localdate()
    access = case_access(user, case, today)
    case._checked_access = ((getattr(user, "pk", None), today), access)  # type: ignore[attr-defined]
    may_know = CasePermission.VIEW in access or (
        permission == CasePermission.ASSIGN and CasePermission.ASSIGN in access
    )
    if permission not in access:
        if audit and user is not None and user.is_authenticated:
            record(user, Action.DENIED, "case", case.pk, case_id=case.pk, detail={"permission": permission})
        if not may_know:
            raise CaseNotFound("Không tìm thấy vụ án")
        raise PermissionDenied(f"Bạn không có quyền {PERMISSION_NAMES[permission]} đối với vụ án này")
    if audit and permission == CasePermission.VIEW:
        record(user, Action.VIEW, "case", case.pk, case_id=case.pk)
    return case


def cases_visible_to(user: Any, day: datetime.date | None = None) -> QuerySet[Case]:
    """Every case ``user`` may view, as one query (the list counterpart of ``case_access``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    day = day or timezone.localdate()
    courts = Membership.objects.active_on(day).filter(user=user).values("court_id")
    assigned = CaseAssignment.objects.filter(user=user, ended_on__isnull=True)
    return Case.objects.filter(
        Q(court_id__in=courts, sealed=False, in_camera=False)
        | Q(pk__in=assigned.values("case_id"))
        | Q(pk__in=assigned.values("case__parent_id"))
        | Q(pk__in=Party.objects.filter(user=user, case__sealed=False).values("case_id"))
    )
