"""Reads about courts: who succeeded whom, which court was above which on a given day, the court list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ecourt.vietnamese import fold

from .models import Court, CourtLevel, CourtParentPeriod, CourtSuccession, Department

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


def parent_on(court: Court, day: datetime.date) -> Court | None:
    """The court immediately above ``court`` on ``day``: an earlier parent if one applied then,
    otherwise ``court.parent``."""
    period = (
        CourtParentPeriod.objects.filter(court=court, valid_to__gt=day)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .select_related("parent")
        .order_by("valid_to")
        .first()
    )
    return period.parent if period else court.parent


def appellate_court(court: Court, day: datetime.date) -> Court | None:
    """The court that hears appeals against ``court``'s first-instance judgments on ``day``."""
    current = successor_on(court, day)
    parent = parent_on(current, day)
    if parent is None:
        return None
    return successor_on(parent, day)


def courts_for_select(day: datetime.date) -> list[Court]:
    """Operating courts in hierarchy order, for pick lists."""
    order = {level: i for i, level in enumerate(CourtLevel.values)}
    courts = list(Court.objects.active_on(day))
    courts.sort(key=lambda c: (order[c.level], c.code))
    return courts


def search_courts(*, text: str = "", level: str = "", on: datetime.date | None = None) -> QuerySet[Court]:
    """The court list: diacritic-insensitive match on the name (or the code), by level, operating on a day."""
    courts = Court.objects.select_related("parent")
    if text.strip():
        key = fold(text.strip())
        courts = courts.filter(Q(search_key__contains=key) | Q(code=text.strip()))
    if level:
        courts = courts.filter(level=level)
    if on is not None:
        courts = courts.active_on(on)
    return courts.order_by("code")


@dataclass(frozen=True)
class Link:
    """One end of a dated relation shown on a court's page."""

    court: Court
    start: datetime.date | None
    end: datetime.date | None
    kind: str = ""
    legal_basis: str = ""


@dataclass(frozen=True)
class CourtHistory:
    court: Court
    parents: list[Link]  # earliest first; the last is ``court.parent``
    children: list[Link]  # courts that were ever immediately below it
    predecessors: list[Link]  # courts whose work it took over (start = the day)
    successors: list[Link]  # courts that took over its work (start = the day)
    holder_today: Court | None  # for a court that ceased: who holds its work today
    departments: list[Department]


def court_history(court: Court, today: datetime.date) -> CourtHistory:
    """Everything a court's page and ``courts show`` print, in a fixed number of queries."""
    periods = list(court.parent_periods.select_related("parent").order_by("valid_to"))
    parents = [Link(p.parent, p.valid_from, p.valid_to, legal_basis=p.legal_basis) for p in periods]
    if court.parent is not None:
        start = periods[-1].valid_to if periods else court.valid_from
        parents.append(Link(court.parent, start, court.valid_to))

    below = (
        Court.objects.filter(Q(parent=court) | Q(parent_periods__parent=court))
        .distinct()
        .prefetch_related(Prefetch("parent_periods", queryset=CourtParentPeriod.objects.order_by("valid_to")))
        .order_by("code")
    )
    children = []
    for child in below:
        own = [p for p in child.parent_periods.all() if p.parent_id == court.pk]
        children += [Link(child, p.valid_from, p.valid_to) for p in own]
        if child.parent_id == court.pk:
            ends = [p.valid_to for p in child.parent_periods.all()]
            children.append(Link(child, max(ends) if ends else child.valid_from, child.valid_to))

    incoming = court.successions_in.select_related("predecessor").order_by("effective_on", "predecessor__code")
    outgoing = court.successions_out.select_related("successor").order_by("effective_on", "successor__code")
    holder = successor_on(court, today) if not court.is_active_on(today) else None
    return CourtHistory(
        court=court,
        parents=parents,
        children=children,
        predecessors=[Link(s.predecessor, s.effective_on, None, s.kind, s.legal_basis) for s in incoming],
        successors=[Link(s.successor, s.effective_on, None, s.kind, s.legal_basis) for s in outgoing],
        holder_today=holder if holder is not None and holder.pk != court.pk else None,
        departments=list(court.departments.order_by("kind")),
    )
