"""Reads of judgments: a public judgment with its citations (for its page)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from ecourt.citations.models import CitationLink
from ecourt.deadlines.models import Deadline, DeadlineStatus
from ecourt.deadlines.services import PUBLICATION_RULE

from .models import (
    Judgment,
    JudgmentParty,
    JudgmentPublication,
    JudgmentVersion,
    NotPublishableReason,
    PublicationStatus,
)


def published_judgments() -> QuerySet[Judgment]:
    return Judgment.objects.filter(published=True).select_related("court")


def portal_judgments() -> QuerySet[Judgment]:
    """Every judgment with its publication record, for the public page (which tells published from
    withdrawn)."""
    return Judgment.objects.select_related("court", "publication")


def judgment_parties(judgment: Judgment) -> list[JudgmentParty]:
    """Its parties in the judgment's order, named as published."""
    return list(judgment.parties.order_by("position", "id"))


def versions(judgment: Judgment) -> list[JudgmentVersion]:
    return list(judgment.versions.order_by("seq").only("seq", "published_at", "note", "judgment_id"))


def publication_due_on(publication: JudgmentPublication) -> datetime.date | None:
    """The last day to publish a judgment of a case: the due day of its case's publication deadline
    (rule ``publication.publish_judgment``, 30 days from legal effect, a day off moved to the next
    working day), the same day the docket shows; none for an imported judgment or before legal effect."""
    if publication.case_id is None:
        return None
    deadline = (
        Deadline.objects.filter(case_id=publication.case_id, rule__code=PUBLICATION_RULE)
        .order_by("-starts_on", "-pk")
        .first()
    )
    return deadline.due_on if deadline else None


def overdue_publications(court_id: int, day: datetime.date) -> QuerySet[JudgmentPublication]:
    """Judgments of the court's cases still awaiting publication after their publication deadline's day."""
    late = Deadline.objects.filter(
        case_id=OuterRef("case_id"), rule__code=PUBLICATION_RULE, status=DeadlineStatus.OPEN, due_on__lt=day
    )
    return (
        JudgmentPublication.objects.filter(case__court_id=court_id)
        .filter(
            # awaiting an answer (publication.awaits_answer): "not yet in legal effect" is none
            Q(status=PublicationStatus.AWAITING)
            | Q(status=PublicationStatus.NOT_PUBLISHABLE, reason=NotPublishableReason.NOT_IN_EFFECT)
        )
        .filter(Exists(late))
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
            "target_precedent",  # a precedent cited links to its page (ecourt.citations.rendering)
            "citing_judgment_id",
        )
        .order_by("start")
    )


MAX_CHAIN = 10  # instances of one case chain (first instance, appeal, cassation, reopening, retrial…)


def case_chain(case_id: int) -> list[int]:
    """The cases of one chain: up through ``Case.parent`` (an appeal or review names the case at the lower
    instance) to the first instance, then down through every higher-instance case opened from it."""
    from ecourt.cases.models import Case

    root = case_id
    for _step in range(MAX_CHAIN):
        parent = Case.objects.filter(pk=root).values_list("parent_id", flat=True).first()
        if parent is None:
            break
        root = parent
    chain = [root]
    frontier = [root]
    while frontier and len(chain) < MAX_CHAIN * 4:
        found = Case.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in found if pk not in chain]
        chain.extend(frontier)
    return chain


def other_instances(judgment: Judgment, *, published_only: bool) -> list[Judgment]:
    """The judgments of the other instances of ``judgment``'s case (first instance ↔ appeal ↔ review),
    through ``JudgmentPublication.case``, oldest first; only published ones when ``published_only``."""
    case_id = JudgmentPublication.objects.filter(judgment=judgment).values_list("case_id", flat=True).first()
    if case_id is None:
        return []
    judgments = (
        Judgment.objects.filter(publication__case_id__in=case_chain(case_id))
        .exclude(pk=judgment.pk)
        .select_related("court", "publication")
        .order_by("decided_on", "pk")
    )
    if published_only:
        judgments = judgments.filter(published=True)
    return list(judgments)
