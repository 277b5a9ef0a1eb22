from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ecourt.people.models import Membership, Role

from .models import LineStatus, StatementLine


def lines_for_clerk() -> QuerySet[StatementLine]:
    """Statement lines a clerk has to look at: unmatched credits, partial and over-payments."""
    return (
        StatementLine.objects.exclude(status=LineStatus.MATCHED)
        .select_related("notice", "notice__case", "statement")
        .order_by("-booked_on", "-pk")
    )


def may_see_payments(user: Any) -> bool:
    if user.is_superuser:
        return True
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, role__in=[Role.CLERK, Role.PRESIDENT, Role.VICE_PRESIDENT])
        .exists()
    )
