"""The chain of custody of a case's files: one hash-chained sequence of events per case.

Same construction as the audit log (ecourt/audit/services.py): each event stores the hash of the one
before it and a SHA-256 over that hash and its own content; the case's ``CustodyHead`` (locked while
appending) holds the last one, so a changed, removed, reordered or truncated event is found.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecourt.audit.services import GENESIS, ChainReport, chained_hash

from .models import CaseFile, CustodyEvent, CustodyHead


def _digest(prev_hash: str, event: CustodyEvent) -> str:
    content = {
        "case": event.case_id,
        "seq": event.seq,
        "item": event.item_id,
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "at": event.at.isoformat(),
        "detail": event.detail,
    }
    return chained_hash(prev_hash, content)


def append(item: CaseFile, action: str, actor: Any, detail: dict[str, Any] | None = None) -> CustodyEvent:
    """Append one event for ``item`` to its case's chain (in the caller's transaction when there is one)."""
    with transaction.atomic():
        CustodyHead.objects.get_or_create(case_id=item.case_id)
        head = CustodyHead.objects.select_for_update().get(case_id=item.case_id)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        event = CustodyEvent(
            case_id=item.case_id,
            seq=head.seq + 1,
            item=item,
            action=action,
            actor_id=actor.pk if authenticated else None,
            actor_name=actor.get_username() if authenticated else "",
            at=timezone.now(),
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.hash,
        )
        event.hash = _digest(head.hash, event)
        event.save(force_insert=True)
        head.seq = event.seq
        head.hash = event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def verify_custody(case_id: int) -> ChainReport:
    """Walk the case's chain from its first event; report the first one that does not fit."""
    prev_hash = GENESIS
    expected = 1
    for event in CustodyEvent.objects.filter(case_id=case_id).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            return ChainReport(expected - 1, expected, f"event #{expected} is missing (next is #{event.seq})")
        if event.prev_hash != prev_hash:
            return ChainReport(expected - 1, event.seq, f"event #{event.seq} does not point to the event before it")
        if _digest(prev_hash, event) != event.hash:
            return ChainReport(expected - 1, event.seq, f"event #{event.seq} was changed after it was written")
        prev_hash = event.hash
        expected += 1
    head = CustodyHead.objects.filter(case_id=case_id).first()
    last = expected - 1
    if (head is None and last) or (head is not None and (head.seq != last or head.hash != prev_hash)):
        recorded = head.seq if head is not None else 0
        return ChainReport(last, expected, f"the chain ends at #{last} but the head records #{recorded}")
    return ChainReport(last)
