"""Who may do what in the knowledge loop: designated experts answer their group's requests, approvers
(designated as such, or the court's president or a vice president) approve another's draft, and any
court official reads the standardized answers. Citizens, lawyers and procurators see none of it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ecourt.people.models import Membership, Role, UserKind

from .models import ExpertDesignation, ExpertGroup

PRESIDING = (Role.PRESIDENT, Role.VICE_PRESIDENT)


def _today(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "kind", None) == UserKind.STAFF


def is_court_official(user: Any, day: datetime.date | None = None) -> bool:
    """A staff user holding a role in some court today: may read the standardized answers."""
    return _signed_in(user) and Membership.objects.active_on(_today(day)).filter(user=user).exists()


def member_of(user: Any, court_id: int, day: datetime.date | None = None) -> bool:
    return _signed_in(user) and Membership.objects.active_on(_today(day)).filter(user=user, court_id=court_id).exists()


def groups_of(user: Any, day: datetime.date | None = None) -> QuerySet[ExpertGroup]:
    """The groups ``user`` is an expert of today."""
    if not _signed_in(user):
        return ExpertGroup.objects.none()
    ids = ExpertDesignation.objects.active_on(_today(day)).filter(user=user).values("group_id")
    return ExpertGroup.objects.filter(id__in=ids)


def is_expert(user: Any, group: ExpertGroup, day: datetime.date | None = None) -> bool:
    return groups_of(user, day).filter(pk=group.pk).exists()


def is_approver(user: Any, group: ExpertGroup, day: datetime.date | None = None) -> bool:
    """A designated approver of the group, or the president or a vice president of its court."""
    if not _signed_in(user):
        return False
    today = _today(day)
    if ExpertDesignation.objects.active_on(today).filter(user=user, group=group, approver=True).exists():
        return True
    return Membership.objects.active_on(today).filter(user=user, court_id=group.court_id, role__in=PRESIDING).exists()


def approver_groups(user: Any, day: datetime.date | None = None) -> QuerySet[ExpertGroup]:
    if not _signed_in(user):
        return ExpertGroup.objects.none()
    today = _today(day)
    designated = ExpertDesignation.objects.active_on(today).filter(user=user, approver=True).values("group_id")
    presided = Membership.objects.active_on(today).filter(user=user, role__in=PRESIDING).values("court_id")
    return ExpertGroup.objects.filter(id__in=designated) | ExpertGroup.objects.filter(court_id__in=presided)
