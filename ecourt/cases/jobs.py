"""Job functions of the cases app (run by Celery workers, or in-process on the embedded default)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ecourt.jobs.registry import job


@job("cases.daily_sweep")
def daily_sweep(day: str | None = None) -> dict[str, Any]:
    """Close the appeal windows that ran out, put unappealed judgments into legal effect, and move
    cases of courts that ceased to their successors."""
    from django.db.models import Exists, OuterRef

    from ecourt.deadlines.services import close_expired_windows

    from .models import Appeal, Case, Status
    from .services.appeals import declare_effective
    from .services.reorganisation import hand_over_all
    from .services.steps import TransitionError

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    closed = close_expired_windows(today)
    effective = 0
    # Cases decided and not appealed since (an appeal against a judgment quashed earlier does not count).
    appealed = Appeal.objects.filter(case=OuterRef("pk"), lodged_on__gte=OuterRef("decided_on"))
    for case_id in Case.objects.filter(status=Status.DECIDED).exclude(Exists(appealed)).values_list("pk", flat=True):
        try:
            declare_effective(None, case_id, on=today, system=True)
        except TransitionError:
            continue  # still within its windows
        effective += 1
    moved = hand_over_all(today)
    return {"day": today.isoformat(), "windows_closed": closed, "made_effective": effective, "handed_over": moved}
