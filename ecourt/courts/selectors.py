"""Reads about courts: who succeeded whom, which court hears appeals on a given day."""

from __future__ import annotations

import datetime

from .models import Court, CourtLevel, CourtSuccession

_MAX_CHAIN = 10  # no court has been reorganised more than a few times; a longer chain is a data error


def successor_on(court: Court, day: datetime.date) -> Court:
    """The court that holds, on ``day``, what ``court`` held (itself while it still operates)."""
    current = court
    for _ in range(_MAX_CHAIN):
        if current.is_active_on(day):
            return current
        link = (
            CourtSuccession.objects.filter(predecessor=current, effective_on__lte=day)
            .select_related("successor")
            .order_by("-primary", "effective_on")
            .first()
        )
        if link is None:
            return current
        current = link.successor
    raise ValueError(f"succession chain from {court.code} is longer than {_MAX_CHAIN}")


def appellate_court(court: Court, day: datetime.date) -> Court | None:
    """The court that hears appeals against ``court``'s first-instance judgments on ``day``."""
    current = successor_on(court, day)
    if current.parent is None:
        return None
    return successor_on(current.parent, day)


def courts_for_select(day: datetime.date) -> list[Court]:
    """Operating courts in hierarchy order, for pick lists."""
    order = {level: i for i, level in enumerate(CourtLevel.values)}
    courts = list(Court.objects.active_on(day))
    courts.sort(key=lambda c: (order[c.level], c.code))
    return courts
