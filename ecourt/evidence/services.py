"""Receiving files into a case and recording each later access (the chain of custody)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.models import Case
from ecourt.jobs.services import enqueue

from . import custody, ocr, timestamps
from .access import access_case_file, case_for_listing, case_for_receiving, may_receive
from .models import CaseFile, CustodyAction, FileKind, OcrStatus
from .storage import Stored, receive_stream


def receive(actor: Any, case_id: int, upload: Any, name: str, *, kind: str = FileKind.EVIDENCE) -> CaseFile:
    """Store ``upload`` (streamed, hashed, type-checked: ``storage.receive_stream``) in the case's file,
    record its receipt in the chain of custody, then ask the TSA for a timestamp (pending if none answers).
    The same bytes received twice in a case give the existing item."""
    case_for_receiving(actor, case_id)
    name = Path(name or "file").name[:255]
    stored = receive_stream(upload, name)  # a refused file raises here, before any row is written
    return receive_stored(actor, case_id, stored, name, kind=kind)


def receive_stored(actor: Any, case_id: int, stored: Stored, name: str, *, kind: str = FileKind.EVIDENCE) -> CaseFile:
    """Receive a file already checked and stored under its hash (``storage.finish_file``: a one-request
    upload or a completed resumable one) into the case's file: the ``CaseFile``, the custody event, the
    audit entry, the reading of its text queued (PDF, scans), then the timestamp."""
    case_for_receiving(actor, case_id)
    return record_receipt(actor, case_id, stored, name, kind=kind)


def record_receipt(
    actor: Any,
    case_id: int,
    stored: Stored,
    name: str,
    *,
    kind: str = FileKind.EVIDENCE,
    channel: str = "",
    stamp: bool = True,
) -> CaseFile:
    """The receipt of a stored file, for a caller that has checked the actor's right to add it (the
    ``CaseFile``, its custody event and audit entry, the reading of its text queued, then the timestamp).
    The same bytes already in the case give the existing item. ``stamp=False``: a caller inside a larger
    transaction asks for the timestamp itself once that commits (no TSA call while it holds locks)."""
    name = Path(name or "file").name[:255]
    detail = {"name": name, "sha256": stored.sha256, "size": stored.size, "content_type": stored.content_type}
    if channel:
        detail["channel"] = channel
    with transaction.atomic():
        existing = CaseFile.objects.filter(case_id=case_id, sha256=stored.sha256).first()
        if existing is not None:
            return existing
        readable = stored.content_type in ocr.READABLE
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
            ocr_status=OcrStatus.PENDING if readable else OcrStatus.NONE,
        )
        custody.append(item, CustodyAction.RECEIVED, actor, detail)
        record(actor, Action.CREATE, "case_file", item.pk, case_id=case_id, detail={"sha256": stored.sha256})
        if readable:
            enqueue(ocr.READ_JOB, {"item": item.pk}, user=actor)
    # Outside the transaction: the receipt is committed whatever the TSA does.
    return timestamps.stamp(item) if stamp else item


def case_files(actor: Any, case_id: int) -> tuple[Case, list[CaseFile], bool]:
    """The case, its files and whether ``actor`` may add to them, for the case file page."""
    case = case_for_listing(actor, case_id)
    items = list(CaseFile.objects.filter(case=case).select_related("uploaded_by").defer("ocr_text", "timestamp_token"))
    return case, items, may_receive(actor, case)


def view(actor: Any, item_id: int) -> CaseFile:
    """The item's record (for its preview page), with the view in the chain."""
    item = access_case_file(actor, item_id)
    custody.append(item, CustodyAction.VIEWED, actor)
    return item


def open_inline(actor: Any, item_id: int, types: Collection[str]) -> tuple[CaseFile, IO[bytes]]:
    """The item's bytes opened to be shown in the browser (its preview), recorded as a view; a type not
    in ``types`` is download-only (``Http404`` here, nothing recorded)."""
    item = access_case_file(actor, item_id)
    if item.content_type not in types:
        raise Http404(_("This file cannot be shown in the browser; download it."))
    handle = (Path(settings.MEDIA_ROOT) / item.path).open("rb")
    custody.append(item, CustodyAction.VIEWED, actor, {"inline": True})
    return item, handle


def read_text_preview(item: CaseFile, limit: int) -> str:
    """The start of a (UTF-8, checked on receipt) text file for its preview page; at most ``limit`` bytes,
    a character cut at the end dropped."""
    with (Path(settings.MEDIA_ROOT) / item.path).open("rb") as stored:
        data = stored.read(limit)
    return data.decode("utf-8", errors="ignore")


def may_receive_into(actor: Any, item: CaseFile) -> bool:
    return may_receive(actor, item.case)


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
