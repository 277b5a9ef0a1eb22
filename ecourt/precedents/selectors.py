"""Reads of precedents: the public list and page, what cites a precedent, and a judgment's precedent status."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ecourt.citations.models import CitationLink
from ecourt.judgments.models import Judgment

from .models import Precedent, PrecedentStatus
from .numbers import NumberError, normalize_number, number_key


def ids_by_number(numbers: Iterable[str]) -> dict[str, int]:
    """The registered precedents among these (normalized) numbers: number → id (one query)."""
    wanted = {n for n in numbers if n}
    if not wanted:
        return {}
    return dict(Precedent.objects.filter(number__in=wanted).values_list("number", "pk"))


def find(number_or_key: str) -> Precedent | None:
    """The precedent named by its number in any usual form (8/2016/AL, 08-2016-al), or None."""
    try:
        number = normalize_number(number_or_key)
    except NumberError:
        return None
    return Precedent.objects.select_related("source_judgment").filter(key=number_key(number)).first()


def public_list(*, status: str | None = None, q: str | None = None) -> QuerySet[Precedent]:
    """Every precedent with the count of published judgments citing it, newest first."""
    rows = Precedent.objects.select_related("source_judgment").annotate(
        cited_by=Count(
            "citations_received__citing_judgment",
            filter=Q(citations_received__citing_judgment__published=True),
            distinct=True,
        )
    )
    if status in PrecedentStatus.values:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(principle__icontains=q))
    return rows.order_by("-published_on", "-number")


@dataclass(frozen=True)
class CitingJudgment:
    judgment: Judgment
    citations: int  # how many times its text cites the precedent


def cited_by(precedent: Precedent, *, limit: int = 100) -> tuple[int, list[CitingJudgment]]:
    """The published judgments citing ``precedent`` (total, then the latest ``limit`` with their counts)."""
    rows = (
        CitationLink.objects.filter(target_precedent=precedent, citing_judgment__published=True)
        .values("citing_judgment_id")
        .annotate(n=Count("pk"))
    )
    counts = {r["citing_judgment_id"]: r["n"] for r in rows}
    judgments = Judgment.objects.filter(pk__in=counts).select_related("court").order_by("-decided_on", "-pk")[:limit]
    return len(counts), [CitingJudgment(j, counts[j.pk]) for j in judgments]


def precedents_of(judgment: Judgment) -> list[Precedent]:
    """The precedents drawn from this judgment (its precedent status): usually none, rarely one."""
    return list(Precedent.objects.filter(source_judgment=judgment).order_by("number"))


def status_on(precedent: Precedent, day: datetime.date) -> str:
    """ "in_force", "not_yet" or "abolished" on ``day``."""
    if precedent.abolished_as_of(day):
        return "abolished"
    if precedent.not_yet_on(day):
        return "not_yet"
    return "in_force"
