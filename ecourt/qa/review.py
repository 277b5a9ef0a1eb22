"""Review flags: a current standardized answer cites a provision that changed after the day whose law
the answer states (its version's ``as_of``).

Two ways in, both idempotent (a flag is raised once per citation, changing document and reason, even
after it was settled):

- ``flag_after_laws_import(document_ids)``: the laws importer calls it with the documents it wrote;
  every "amends", "supplements", "replaces" or "repeals" relation those documents carry that reaches a
  cited provision (the provision itself, a part of it, or the article or clause it belongs to) or a
  document cited as a whole raises a flag at once, even when the change takes effect later: the experts
  should know before the day.
- ``review_check(day)`` (``python -m ecourt qa review-check [--date D]``): compares, for every citation of
  every current version, the provision's whole text on ``day`` with the text it had on ``as_of``; a
  provision no longer in force is repealed (or replaced, when a "replaces" relation says so), a different
  text is amended. The document responsible is the relation that took effect in between, else the one
  that introduced the text in force.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from ecourt.laws.models import DocumentRelation, LegalDocument, RelationKind
from ecourt.laws.selectors import document_end, text_as_of, version_as_of
from ecourt.search import engine

from .models import AnswerSource, EventKind, FlagReason, QAEvent, ReviewFlag, VersionStatus

REASON_OF: dict[str, str] = {
    RelationKind.AMENDS: FlagReason.AMENDED,
    RelationKind.SUPPLEMENTS: FlagReason.SUPPLEMENTED,
    RelationKind.REPLACES: FlagReason.REPLACED,
    RelationKind.REPEALS: FlagReason.REPEALED,
}
# A relation at the level of a whole document: only these end what a cited provision says ("Law X
# amends Law Y" alone says nothing about which article changed; its precise relations do).
WHOLE_DOCUMENT = (RelationKind.REPLACES, RelationKind.REPEALS)


@dataclass
class ReviewReport:
    day: datetime.date | None
    checked: int = 0
    flagged: list[ReviewFlag] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat() if self.day else None,
            "checked": self.checked,
            "flagged": [
                {
                    "answer": f.answer_id,
                    "version": f.version.seq,
                    "citation": f.source.cited_as,
                    "reason": f.reason,
                    "changed_by": f.changed_by_number,
                    "effective_on": f.effective_on.isoformat() if f.effective_on else None,
                }
                for f in self.flagged
            ],
        }


def current_sources() -> QuerySet[AnswerSource]:
    return AnswerSource.objects.filter(version__status=VersionStatus.CURRENT).select_related(
        "version", "provision", "document"
    )


def touches(relation: DocumentRelation, source: AnswerSource) -> bool:
    """Whether ``relation`` acts on what ``source`` cites."""
    if relation.target_id != source.document_id:
        return False
    if relation.target_provision_id is None:
        return relation.kind in WHOLE_DOCUMENT or not source.provision_key
    if not source.provision_key:
        return True
    assert relation.target_provision is not None
    key, cited = relation.target_provision.key, source.provision_key
    return key == cited or key.startswith(cited + "/") or cited.startswith(key + "/")


def _raise(
    source: AnswerSource,
    reason: str,
    changed_by: LegalDocument | None,
    effective_on: datetime.date | None,
    detail: str,
) -> ReviewFlag | None:
    number = changed_by.number if changed_by else ""
    if ReviewFlag.objects.filter(source=source, reason=reason, changed_by_number=number).exists():
        return None
    version = source.version
    flag = ReviewFlag.objects.create(
        answer_id=version.answer_id,
        version=version,
        source=source,
        reason=reason,
        changed_by=changed_by,
        changed_by_number=number,
        effective_on=effective_on,
        detail=detail,
    )
    QAEvent.objects.create(
        kind=EventKind.FLAGGED,
        actor=None,
        answer_id=version.answer_id,
        version=version,
        data={"flag": flag.pk, "reason": reason, "citation": source.cited_as, "changed_by": number},
    )
    return flag


def _describe(source: AnswerSource, reason: str, by: str, effective_on: datetime.date | None) -> str:
    day = effective_on.strftime("%d/%m/%Y") if effective_on else "?"
    return f"{source.cited_as}: {reason} by {by or '?'} from {day}"


def flag_relations(relations: Iterable[DocumentRelation]) -> list[ReviewFlag]:
    """Flags for the current citations these relations act on, when they take effect after the
    version's as_of day (or on a day not known)."""
    relations = [r for r in relations if r.kind in REASON_OF]
    targets = {r.target_id for r in relations}
    if not targets:
        return []
    flags: list[ReviewFlag] = []
    with transaction.atomic():
        for source in current_sources().filter(document_id__in=targets):
            for relation in relations:
                if not touches(relation, source):
                    continue
                if relation.effective_on is not None and relation.effective_on <= source.version.as_of:
                    continue  # already the law the answer states
                reason = REASON_OF[relation.kind]
                flag = _raise(
                    source,
                    reason,
                    relation.source,
                    relation.effective_on,
                    _describe(source, reason, relation.source.number, relation.effective_on),
                )
                if flag is not None:
                    flags.append(flag)
        if flags:
            engine.index_later("qa", {f.answer_id for f in flags})
    return flags


def flag_after_laws_import(document_ids: Iterable[int]) -> list[ReviewFlag]:
    """Called by the laws importer with the documents an import wrote (see the module's docstring)."""
    ids = list(document_ids)
    if not ids:
        return []
    relations = DocumentRelation.objects.filter(
        Q(source_id__in=ids) | Q(target_id__in=ids), kind__in=list(REASON_OF)
    ).select_related("source", "target_provision")
    return flag_relations(relations)


def _culprit(
    source: AnswerSource, since: datetime.date, day: datetime.date
) -> tuple[LegalDocument | None, datetime.date | None, str | None]:
    """The relation that acted on the citation between ``since`` (excluded) and ``day`` (included)."""
    relations = (
        DocumentRelation.objects.filter(target_id=source.document_id, kind__in=list(REASON_OF))
        .filter(effective_on__gt=since, effective_on__lte=day)
        .select_related("source", "target_provision")
        .order_by("-effective_on", "-id")
    )
    for relation in relations:
        if touches(relation, source):
            return relation.source, relation.effective_on, relation.kind
    return None, None, None


def _what_changed(  # noqa: PLR0911 (one return per case of the docstring's list)
    source: AnswerSource, day: datetime.date
) -> tuple[str, LegalDocument | None, datetime.date | None] | None:
    """Why ``source`` needs review on ``day`` (reason, changing document, its day), or None."""
    since = source.version.as_of
    if day <= since or source.document is None:
        return None
    by, effective_on, kind = _culprit(source, since, day)
    ended = FlagReason.REPLACED if kind == RelationKind.REPLACES else FlagReason.REPEALED
    if source.provision is not None:
        now = text_as_of(source.provision, day)
        if now == source.text:
            return None
        if now is None:
            return ended, by, effective_on or document_end(source.document)
        if by is None:  # no relation says who: the document that gave the text in force
            version = version_as_of(source.provision, day)
            return (
                FlagReason.TEXT_CHANGED,
                version.introduced_by if version else None,
                version.valid_from if version else None,
            )
        return REASON_OF.get(kind or "", FlagReason.TEXT_CHANGED), by, effective_on
    if source.provision_key:
        return FlagReason.REPEALED, by, effective_on  # the provision is no longer in the corpus
    end = document_end(source.document)
    if end is None or not (since < end <= day):
        return None
    return ended, by, effective_on or end


def review_check(day: datetime.date) -> ReviewReport:
    """Compare every current citation with the corpus as of ``day`` (see the module's docstring)."""
    report = ReviewReport(day)
    flags: list[ReviewFlag] = []
    with transaction.atomic():
        for source in current_sources():
            report.checked += 1
            found = _what_changed(source, day)
            if found is None:
                continue
            reason, by, effective_on = found
            detail = _describe(source, reason, by.number if by else "", effective_on)
            flag = _raise(source, reason, by, effective_on, detail)
            if flag is not None:
                flags.append(flag)
        if flags:
            engine.index_later("qa", {f.answer_id for f in flags})
    report.flagged = flags
    return report
