from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecourt.people.models import Membership, Role

from .models import LineStatus, Resolution, StatementLine

PAYMENT_ROLES = (Role.CLERK, Role.PRESIDENT, Role.VICE_PRESIDENT)

# A line is on the to-do list until a clerk resolves it; a credit attached to a notice it over-paid stays
# there until the excess is refunded.
TO_DO = (~Q(status=LineStatus.MATCHED) & Q(resolution="")) | Q(
    resolution=Resolution.ATTACHED, status=LineStatus.OVERPAID
)


def lines_for_clerk(*, resolved: bool = False) -> QuerySet[StatementLine]:
    """Statement lines a clerk has to look at: unmatched credits, partial and over-payments; with
    ``resolved``, the lines clerks resolved too (attached, refunded, dismissed)."""
    lines = StatementLine.objects.filter(TO_DO | ~Q(resolution="")) if resolved else StatementLine.objects.filter(TO_DO)
    return lines.select_related("notice", "notice__case", "statement", "resolved_by").order_by("-booked_on", "-pk")


def may_see_payments(user: Any) -> bool:
    if user.is_superuser:
        return True
    return Membership.objects.active_on(timezone.localdate()).filter(user=user, role__in=PAYMENT_ROLES).exists()


def payment_courts(user: Any) -> set[int] | None:
    """Courts whose notices ``user`` may attach payments to (None: every court, for a superuser)."""
    if user.is_superuser:
        return None
    memberships = Membership.objects.active_on(timezone.localdate()).filter(user=user, role__in=PAYMENT_ROLES)
    return set(memberships.values_list("court_id", flat=True))
