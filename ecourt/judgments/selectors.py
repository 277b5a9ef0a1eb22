"""Reads of judgments: a public judgment with its citations (for its page)."""

from __future__ import annotations

from django.db.models import QuerySet

from ecourt.citations.models import CitationLink

from .models import Judgment, JudgmentVersion


def published_judgments() -> QuerySet[Judgment]:
    return Judgment.objects.filter(published=True).select_related("court")


def portal_judgments() -> QuerySet[Judgment]:
    """Every judgment with its publication record, for the public page (which tells published from
    withdrawn)."""
    return Judgment.objects.select_related("court", "publication")


def versions(judgment: Judgment) -> list[JudgmentVersion]:
    return list(judgment.versions.order_by("seq").only("seq", "published_at", "note", "judgment_id"))


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
