"""Receiving files into a case and recording each later access (the chain of custody)."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record

from . import custody, timestamps
from .access import access_case_file, case_for_receiving
from .models import CaseFile, CustodyAction, FileKind
from .storage import receive_stream


def receive(actor: Any, case_id: int, upload: Any, name: str, *, kind: str = FileKind.EVIDENCE) -> CaseFile:
    """Store ``upload`` (streamed, hashed, type-checked: ``storage.receive_stream``) in the case's file,
    record its receipt in the chain of custody, then ask the TSA for a timestamp (pending if none answers).
    The same bytes received twice in a case give the existing item."""
    case_for_receiving(actor, case_id)
    name = Path(name or "file").name[:255]
    stored = receive_stream(upload, name)  # a refused file raises here, before any row is written
    with transaction.atomic():
        existing = CaseFile.objects.filter(case_id=case_id, sha256=stored.sha256).first()
        if existing is not None:
            return existing
        item = CaseFile.objects.create(
            case_id=case_id,
            kind=kind,
            name=name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            path=stored.path,
            uploaded_by=actor,
            received_at=timezone.now(),
        )
        custody.append(
            item,
            CustodyAction.RECEIVED,
            actor,
            {"name": name, "sha256": stored.sha256, "size": stored.size, "content_type": stored.content_type},
        )
        record(actor, Action.CREATE, "case_file", item.pk, case_id=case_id, detail={"sha256": stored.sha256})
    # Outside the transaction: the receipt is committed whatever the TSA does.
    return timestamps.stamp(item)


def view(actor: Any, item_id: int) -> CaseFile:
    """The item's record (for its page), with the view in the chain."""
    item = access_case_file(actor, item_id)
    custody.append(item, CustodyAction.VIEWED, actor)
    return item


def open_download(actor: Any, item_id: int) -> tuple[CaseFile, IO[bytes]]:
    """The item and its bytes opened for reading, with the download in the chain."""
    item = access_case_file(actor, item_id)
    handle = (Path(settings.MEDIA_ROOT) / item.path).open("rb")
    custody.append(item, CustodyAction.DOWNLOADED, actor)
    return item, handle


def transfer(actor: Any, item_id: int, *, to: str, reason: str = "") -> CaseFile:
    """Record that the item (or its physical exhibit) was handed to ``to`` (a person, court or office)."""
    item = access_case_file(actor, item_id)
    custody.append(item, CustodyAction.TRANSFERRED, actor, {"to": to, "reason": reason})
    return item


def record_export(actor: Any, item_id: int, *, package: str) -> CaseFile:
    """Record that the item went into an export package (named ``package``)."""
    item = access_case_file(actor, item_id)
    custody.append(item, CustodyAction.EXPORTED, actor, {"package": package})
    return item
