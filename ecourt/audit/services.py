"""Appending to the audit log and verifying its chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import context
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    content = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "case_id": entry.case_id,
        "ip": entry.ip,
        "request_id": entry.request_id,
        "detail": entry.detail,
    }
    return chained_hash(prev_hash, content)


def chained_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous link's hash and a canonical JSON of this link's content: the construction of
    every hash chain here (the audit log, evidence custody)."""
    payload = prev_hash + json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    actor: Any,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Runs in the caller's transaction when there is one, so a rolled-back write
    leaves no entry; the head row lock orders concurrent appends into one chain."""
    ctx = context.get()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=actor.pk if authenticated else None,
            actor_name=(actor.get_username() if authenticated else ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            case_id=case_id,
            ip=ctx.ip,
            request_id=ctx.request_id,
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.hash,
        )
        entry.hash = _digest(head.hash, entry)
        entry.save(force_insert=True)
        head.seq = entry.seq
        head.hash = entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _entries(batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain() -> ChainReport:
    """Walk the chain from the first entry; report the first entry that does not fit."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for entry in _entries():
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"entry #{expected_seq} is missing (next is #{entry.seq})")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, f"entry #{entry.seq} does not point to the entry before it")
        if _digest(prev_hash, entry) != entry.hash:
            return ChainReport(checked, entry.seq, f"entry #{entry.seq} was changed after it was written")
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        return ChainReport(
            checked, expected_seq, f"the chain ends at #{expected_seq - 1} but the head records #{head.seq}"
        )
    return ChainReport(checked)
