"""Reads about people and their roles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import Membership, Role, User, UserKind

PRESIDING_ROLES = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT})


def today() -> datetime.date:
    return timezone.localdate()


def active_memberships(user: User, day: datetime.date | None = None) -> QuerySet[Membership]:
    return Membership.objects.active_on(day or today()).filter(user=user).select_related("court", "department")


@dataclass
class RolesSummary:
    """What a user may do today, by court: the menu and page guards read this."""

    kind: str
    by_court: dict[int, set[str]] = field(default_factory=dict)
    court_names: dict[int, str] = field(default_factory=dict)

    def has_role(self, court_id: int, *roles: str) -> bool:
        return bool(self.by_court.get(court_id, set()) & set(roles))

    @property
    def is_staff_member(self) -> bool:
        return bool(self.by_court)

    @property
    def presides_somewhere(self) -> bool:
        return any(r & PRESIDING_ROLES for r in self.by_court.values())

    @property
    def courts_presided(self) -> list[int]:
        return [court for court, roles in self.by_court.items() if roles & PRESIDING_ROLES]

    @property
    def is_judge(self) -> bool:
        return any(Role.JUDGE in r for r in self.by_court.values())

    @property
    def is_clerk(self) -> bool:
        return any(Role.CLERK in r for r in self.by_court.values())


def roles_summary(user: Any, day: datetime.date | None = None) -> RolesSummary:
    summary = RolesSummary(kind=getattr(user, "kind", UserKind.STAFF))
    if not getattr(user, "is_authenticated", False):
        return summary
    for membership in active_memberships(user, day):
        summary.by_court.setdefault(membership.court_id, set()).add(membership.role)
        summary.court_names[membership.court_id] = membership.court.short_name
    return summary


def members_with_role(court_id: int, role: str, day: datetime.date | None = None) -> QuerySet[User]:
    """People holding ``role`` in the court on ``day``, each once."""
    ids = Membership.objects.active_on(day or today()).filter(court_id=court_id, role=role).values("user_id")
    return User.objects.filter(id__in=ids, is_active=True).order_by("full_name", "id")
