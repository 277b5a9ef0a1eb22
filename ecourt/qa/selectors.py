"""Reads of the knowledge loop for its pages and API."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from . import access
from .models import (
    ExpertRequest,
    QAEvent,
    RequestStatus,
    ReviewFlag,
    StandardAnswer,
    StandardAnswerVersion,
    VersionStatus,
)


def inbox(user: Any) -> QuerySet[ExpertRequest]:
    """The requests sent to the groups ``user`` is an expert of, open ones first."""
    return (
        ExpertRequest.objects.filter(group__in=access.groups_of(user))
        .select_related("asked_by", "court", "group", "standard_answer")
        .annotate(closed=Case(When(status=RequestStatus.OPEN, then=Value(0)), default=Value(1)))
        .order_by("closed", "-created_at")  # open ones first, then the newest
    )


def awaiting_approval(user: Any) -> QuerySet[StandardAnswerVersion]:
    return (
        StandardAnswerVersion.objects.filter(status=VersionStatus.DRAFT, answer__group__in=access.approver_groups(user))
        .exclude(author=user)
        .select_related("answer", "author", "answer__group")
        .order_by("created_at")
    )


def answers(*, flagged: bool | None = None, q: str | None = None) -> QuerySet[StandardAnswer]:
    """Standardized answers with an approved version, with their open flag count."""
    rows = (
        StandardAnswer.objects.filter(current_version__isnull=False)
        .select_related("current_version", "current_version__approved_by", "group")
        .annotate(
            open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)),
            flagged=Exists(ReviewFlag.objects.filter(answer=OuterRef("pk"), resolved_at__isnull=True)),
        )
        .order_by("-current_version__approved_at", "-id")
    )
    if flagged is not None:
        rows = rows.filter(flagged=flagged)
    if q:
        rows = rows.filter(Q(canonical_question__icontains=q) | Q(question_as_asked__icontains=q))
    return rows


def history(answer: StandardAnswer) -> tuple[list[StandardAnswerVersion], list[QAEvent]]:
    versions = list(
        answer.versions.select_related("author", "approved_by").prefetch_related("sources").order_by("-seq")
    )
    events = list(QAEvent.objects.filter(Q(answer=answer) | Q(request__standard_answer=answer)).select_related("actor"))
    return versions, events
