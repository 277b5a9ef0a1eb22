"""Reads of the citation graph: who cites a provision or a document, and how often, by court and year.

A provision is cited by what cites it or any of its sub-provisions ("khoản 1 Điều 203" cites Điều 203):
the rows whose ``target_key`` is its key or starts with it and "/", which the (target_document,
target_key) index serves. Counts are aggregate queries over the same index.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from ecourt.laws.models import LegalDocument, Provision

from .models import CitationLink, CitingKind


@dataclass
class CitingText:
    """One text that cites the target, with the places it does so."""

    kind: str  # CitingKind
    judgment_id: int | None
    version_id: int | None
    label: str  # "13/2017/DS-ST — Tòa án nhân dân thành phố Lào Cai" or "91/2015/QH13 dieu-5/khoan-1"
    day: datetime.date
    court_name: str
    document_key: str = ""  # for a provision text: its document's key and the provision's key
    provision_key: str = ""
    snippets: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # target keys it cites (the target or its sub-provisions)


@dataclass(frozen=True)
class CitedByCounts:
    citations: int
    texts: int
    judgments: int
    laws: int
    by_court: list[tuple[str, int]]  # citing judgments per court, most first
    by_year: list[tuple[int, int]]  # citing texts per year, oldest first


def citations_of(target: Provision | LegalDocument) -> QuerySet[CitationLink]:
    """The resolved citations of ``target`` (a provision with its sub-provisions, or a document) by
    other texts. A document's references to itself ("khoản 1 Điều này", "Bộ luật này") are cross-references,
    not citations: counted as such, a code would be "cited" mostly by itself."""
    if isinstance(target, LegalDocument):
        rows = CitationLink.objects.filter(target_document_id=target.pk, resolved=True)
        return rows.exclude(citing_document_id=target.pk)
    rows = CitationLink.objects.filter(
        Q(target_key=target.key) | Q(target_key__startswith=f"{target.key}/"),
        target_document_id=target.document_id,
        resolved=True,
    )
    return rows.exclude(citing_document_id=target.document_id)


def cited_by(target: Provision | LegalDocument, *, limit: int = 50) -> list[CitingText]:
    """The texts citing ``target``, latest first, at most ``limit``, each with its snippets (two queries)."""
    rows = citations_of(target)
    citing = list(
        rows.values_list("citing_judgment_id", "citing_version_id", "day")
        .distinct()
        .order_by("-day", "citing_judgment_id", "citing_version_id")[:limit]
    )
    judgments = [j for j, _, _ in citing if j]
    versions = [v for _, v, _ in citing if v]
    detail = (
        rows.filter(Q(citing_judgment_id__in=judgments) | Q(citing_version_id__in=versions))
        .select_related("citing_judgment", "citing_document", "citing_version__provision")
        .only(
            "citing_kind",
            "citing_judgment_id",
            "citing_version_id",
            "day",
            "court_name",
            "snippet",
            "target_key",
            "citing_judgment__number",
            "citing_judgment__court_name",
            "citing_document__key",
            "citing_document__number",
            "citing_document__title",
            "citing_version__provision__key",
        )
        .order_by("start")
    )
    out: dict[tuple[int | None, int | None], CitingText] = {}
    for row in detail:
        key = (row.citing_judgment_id, row.citing_version_id)
        entry = out.get(key)
        if entry is None:
            entry = out[key] = _entry(row)
        entry.snippets.append(row.snippet)
        if row.target_key and row.target_key not in entry.cited:
            entry.cited.append(row.target_key)
    return [out[(j, v)] for j, v, _ in citing if (j, v) in out]


def _entry(row: CitationLink) -> CitingText:
    if row.citing_kind == CitingKind.JUDGMENT and row.citing_judgment is not None:
        judgment = row.citing_judgment
        label = f"{judgment.number} — {judgment.court_name}" if judgment.court_name else judgment.number
        return CitingText(row.citing_kind, row.citing_judgment_id, None, label, row.day, row.court_name)
    document = row.citing_document
    provision_key = row.citing_version.provision.key if row.citing_version else ""
    name = (document.number or document.title) if document else ""
    return CitingText(
        row.citing_kind,
        None,
        row.citing_version_id,
        f"{name} {provision_key}".strip(),
        row.day,
        "",
        document_key=document.key if document else "",
        provision_key=provision_key,
    )


def cited_by_counts(target: Provision | LegalDocument) -> CitedByCounts:
    """How often ``target`` is cited: citations, citing texts (judgments, provision texts), citing
    judgments per court and citing texts per year — four aggregate queries."""
    rows = citations_of(target)
    totals = rows.aggregate(
        citations=Count("id"),
        judgments=Count("citing_judgment_id", distinct=True),
        laws=Count("citing_version_id", distinct=True),
    )
    by_court = (
        rows.filter(citing_kind=CitingKind.JUDGMENT)
        .values("court_name")
        .annotate(n=Count("citing_judgment_id", distinct=True))
        .order_by("-n", "court_name")
    )
    by_year = (
        rows.values("year")
        .annotate(j=Count("citing_judgment_id", distinct=True), v=Count("citing_version_id", distinct=True))
        .order_by("year")
    )
    return CitedByCounts(
        citations=totals["citations"],
        texts=totals["judgments"] + totals["laws"],
        judgments=totals["judgments"],
        laws=totals["laws"],
        by_court=[(r["court_name"], r["n"]) for r in by_court],
        by_year=[(r["year"], r["j"] + r["v"]) for r in by_year if r["year"] is not None],
    )
