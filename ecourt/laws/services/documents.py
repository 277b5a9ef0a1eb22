"""Writing a document's metadata from several sources, each field by the highest-ranked source
that gives it (see ``ecourt.laws.inputs`` for the ranks)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ..errors import LawDataError
from ..inputs import META_HEADER, Meta
from ..models import DocumentType, LegalDocument, ProvisionVersion

_FIELDS = [
    "number",
    "doc_type",
    "title",
    "short_title",
    "issuer",
    "signer",
    "place",
    "issued_on",
    "effective_from",
    "effective_to",
    "preamble",
    "closing_text",
]


def upsert_document(key: str, metas: list[tuple[int, Meta]], source: str) -> tuple[LegalDocument, bool]:
    """The document with ``key``, created or updated from ``metas``; whether anything changed."""
    document = LegalDocument.objects.filter(key=key).first()
    created = document is None
    if document is None:
        document = LegalDocument(key=key, doc_type=DocumentType.OTHER, title="")
    before = _state(document)
    numbers = {meta.number for _, meta in metas if meta.number}
    if document.number and numbers and document.number not in numbers:
        # Two numbers under one key would merge two documents: refuse, naming both.
        raise LawDataError(
            f"the key {key!r} already holds document {document.number}, not {', '.join(sorted(numbers))}"
        )
    old_effective_from = document.effective_from
    ranks: dict[str, int] = dict(document.metadata_ranks)
    for rank, meta in sorted(metas, key=lambda pair: pair[0]):
        for name, value in meta.given().items():
            if name == "aliases":
                document.aliases = sorted(set(document.aliases) | set(meta.aliases))
            elif rank >= ranks.get(name, -1):
                setattr(document, name, value)
                ranks[name] = rank
    if not document.title:
        document.title = document.number or key
    document.metadata_ranks = ranks
    if source not in document.sources:
        document.sources = sorted({*document.sources, source})
    _check_dates(document)
    if not created and _state(document) == before:
        return document, False
    document.save()
    if not created and document.effective_from != old_effective_from:
        _move_original_versions(document, old_effective_from)
    return document, True


def _state(document: LegalDocument) -> list[Any]:
    return [getattr(document, name) for name in _FIELDS] + [
        document.aliases,
        document.metadata_ranks,
        document.sources,
    ]


def _check_dates(document: LegalDocument) -> None:
    """Refuse a document that ends before it starts when trusted sources say so; when the weaker of the
    two days comes from a mention in another document's page, that day is dropped instead."""
    start, end = document.effective_from, document.effective_to
    if not (start and end and end <= start):
        return
    ranks = document.metadata_ranks
    weaker = min(("effective_from", "effective_to"), key=lambda name: ranks.get(name, 0))
    if ranks.get(weaker, 0) < META_HEADER:
        setattr(document, weaker, None)
        ranks.pop(weaker, None)
        return
    if start and end and end <= start:
        raise LawDataError(
            f"{document.number or document.key}: the sources disagree: in force from {start:%d/%m/%Y} but no longer "
            f"in force from {end:%d/%m/%Y} (field ranks {document.metadata_ranks})"
        )


def _move_original_versions(document: LegalDocument, old_start: Any) -> None:
    """The original versions start on the day the document enters into force; follow a corrected day."""
    start_is_old = Q(valid_from__isnull=True) if old_start is None else Q(valid_from=old_start)
    ProvisionVersion.objects.filter(start_is_old, provision__document=document, introduced_by=document).update(
        valid_from=document.effective_from
    )


def remove_document(document: LegalDocument) -> None:
    """Delete a document with its provisions, versions, readings and relations. Refused while versions
    of other documents say this document introduced them: remove those amendments' targets first."""
    foreign = ProvisionVersion.objects.filter(introduced_by=document).exclude(provision__document=document)
    if foreign.exists():
        raise LawDataError(
            f"{document}: it introduced versions of {foreign.values('provision__document').distinct().count()} "
            "other document(s); it cannot be removed on its own"
        )
    ProvisionVersion.objects.filter(provision__document=document).delete()
    document.delete()
