"""Reads of judgments: a public judgment with its citations (for its page)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from ecourt.citations.models import CitationLink

from .models import Judgment, JudgmentPublication, JudgmentVersion, PublicationStatus


def published_judgments() -> QuerySet[Judgment]:
    return Judgment.objects.filter(published=True).select_related("court")


def portal_judgments() -> QuerySet[Judgment]:
    """Every judgment with its publication record, for the public page (which tells published from
    withdrawn)."""
    return Judgment.objects.select_related("court", "publication")


def versions(judgment: Judgment) -> list[JudgmentVersion]:
    return list(judgment.versions.order_by("seq").only("seq", "published_at", "note", "judgment_id"))


PUBLICATION_DAYS = 30  # §4.3: published within 30 days of the judgment taking legal effect


def publication_due_on(publication: JudgmentPublication) -> datetime.date | None:
    """The last day to publish a judgment of a case (none for an imported one, or before legal effect)."""
    case = publication.case
    if case is None or case.effective_on is None:
        return None
    return case.effective_on + datetime.timedelta(days=PUBLICATION_DAYS)


def overdue_publications(court_id: int, day: datetime.date) -> QuerySet[JudgmentPublication]:
    """Judgments of the court's cases still awaiting publication more than 30 days after legal effect."""
    return (
        JudgmentPublication.objects.filter(
            case__court_id=court_id,
            status=PublicationStatus.AWAITING,
            case__effective_on__lt=day - datetime.timedelta(days=PUBLICATION_DAYS),
        )
        .select_related("judgment", "case")
        .order_by("case__effective_on")
    )


def judgment_citations(judgment: Judgment) -> list[CitationLink]:
    """Its citations in the graph, in order of position, with the documents they cite (one query)."""
    return list(
        CitationLink.objects.filter(citing_judgment=judgment)
        .select_related("target_document")
        .only(
            "start",
            "end",
            "anchor_start",
            "anchor_end",
            "status",
            "target_key",
            "cited_number",
            "cited_name",
            "target_document__key",
            "target_document__number",
            "citing_judgment_id",
        )
        .order_by("start")
    )
