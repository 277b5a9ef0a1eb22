"""Court reorganisations: pending cases of a court that ceased move to its successor.

The case keeps ``origin_court`` (the court that received it); ``court`` becomes the successor, and
the event records both, so the case page shows the dissolved court beside the one that now holds it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ecourt.courts.models import Court
from ecourt.courts.selectors import successor_on

from ..models import CLOSED_STATUSES, Case
from .steps import take_step


def hand_over_cases(court: Court, day: datetime.date | None = None) -> int:
    """Move the pending cases of ``court`` to its successor on ``day``; returns how many moved."""
    day = day or timezone.localdate()
    successor = successor_on(court, day)
    if successor.pk == court.pk:
        return 0
    moved = 0
    pending = Case.objects.filter(court=court).exclude(status__in=list(CLOSED_STATUSES)).values_list("pk", flat=True)
    for case_id in list(pending):
        take_step(
            "take_over",
            actor=None,
            case_id=case_id,
            on=day,
            changes={"court": successor},
            data={
                "from_court": {"id": court.pk, "name": court.name},
                "to_court": {"id": successor.pk, "name": successor.name},
            },
            system=True,
        )
        moved += 1
    return moved


def hand_over_all(day: datetime.date | None = None) -> int:
    """Run ``hand_over_cases`` for every court that has ceased by ``day`` and still holds cases."""
    day = day or timezone.localdate()
    ceased = Court.objects.filter(valid_to__lte=day, cases__isnull=False).distinct()
    return sum(hand_over_cases(court, day) for court in ceased)
