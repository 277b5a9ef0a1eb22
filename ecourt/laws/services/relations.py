"""Writing relations between documents and provisions (idempotent: matched on source, target, kind
and the two provisions)."""

from __future__ import annotations

import datetime

from ..models import DocumentRelation, LegalDocument, Provision


def relate(
    source: LegalDocument,
    target: LegalDocument,
    kind: str,
    *,
    effective_on: datetime.date | None = None,
    target_provision: Provision | None = None,
    source_provision: Provision | None = None,
    partial: bool = False,
    note: str = "",
) -> bool:
    """Record that ``source`` does ``kind`` to ``target``; whether a row was created or changed."""
    if source.pk == target.pk:
        return False  # a page that lists its own document among its relations
    relation = DocumentRelation.objects.filter(
        source=source,
        target=target,
        kind=kind,
        target_provision=target_provision,
        source_provision=source_provision,
    ).first()
    if relation is None:
        DocumentRelation.objects.create(
            source=source,
            target=target,
            kind=kind,
            effective_on=effective_on,
            target_provision=target_provision,
            source_provision=source_provision,
            partial=partial,
            source_text=note[:200],
        )
        return True
    wanted = {"effective_on": effective_on or relation.effective_on, "partial": partial, "source_text": note[:200]}
    changed = [name for name, value in wanted.items() if getattr(relation, name) != value]
    for name in changed:
        setattr(relation, name, wanted[name])
    if changed:
        relation.save(update_fields=changed)
    return bool(changed)


def date_pending_relations(document: LegalDocument) -> int:
    """Relations this document makes whose day was unknown take its day of entry into force, once known."""
    if document.effective_from is None:
        return 0
    return DocumentRelation.objects.filter(source=document, effective_on__isnull=True).update(
        effective_on=document.effective_from
    )
