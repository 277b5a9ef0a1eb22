"""The text of a received PDF or scan, read in the background after its receipt.

The reading is the judgments' (ecourt/judgments/originals.py ``extract``): a PDF's text layer page by
page, a page without one rendered by ``pdftoppm`` and read by ``tesseract -l vie``, an image (PNG, JPEG,
TIFF) read by tesseract directly; NFC text. ``services.receive_stored`` marks the file ``pending`` and
queues the job ``evidence.read_text`` after the commit; the job stores the text (``done``) or the reason
(``failed``); ``retry`` queues it again after a failure or a lost worker. The receipt never waits for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record

from .models import CaseFile, OcrStatus
from .storage import JPEG, PDF, PNG, TIFF

READ_JOB = "evidence.read_text"
READABLE = frozenset({PDF, PNG, JPEG, TIFF})


class OcrError(ValueError):
    """A reading that cannot be queued; the message says why."""


def read_text(item_id: int) -> dict[str, Any]:
    """Read the text of a pending file (the job ``evidence.read_text``). The reading runs outside any
    transaction; a failure is stored on the file and raised again, so the Job fails too."""
    from ecourt.judgments.originals import MAX_BYTES, OriginalFileError, extract

    item = CaseFile.objects.filter(pk=item_id).only("pk", "name", "path", "size", "ocr_status", "case_id").first()
    if item is None or item.ocr_status != OcrStatus.PENDING:
        return {"item": item_id, "skipped": True}
    try:
        if item.size > MAX_BYTES:
            raise OriginalFileError(
                _("%(name)s is larger than %(limit)d MB: its text is not read.")
                % {"name": item.name, "limit": MAX_BYTES // (1024 * 1024)}
            )
        data = (Path(settings.MEDIA_ROOT) / item.path).read_bytes()
        extracted = extract(data, item.name, allow_empty=True)
    except Exception as exc:
        error = (
            str(exc)
            if isinstance(exc, OriginalFileError)
            else _("Text extraction failed (%(error)s).") % {"error": type(exc).__name__}
        )
        CaseFile.objects.filter(pk=item_id).update(ocr_status=OcrStatus.FAILED, ocr_error=error[:500])
        record(None, Action.CHANGE, "case_file", item_id, case_id=item.case_id, detail={"ocr": "failed"})
        raise
    with transaction.atomic():
        updated = CaseFile.objects.filter(pk=item_id, ocr_status=OcrStatus.PENDING).update(
            ocr_status=OcrStatus.DONE, ocr_text=extracted.text, ocr_method=extracted.method, ocr_error=""
        )
        if updated:
            record(
                None,
                Action.CHANGE,
                "case_file",
                item_id,
                case_id=item.case_id,
                detail={"ocr": "done", "method": extracted.method, "characters": len(extracted.text)},
            )
    return {"item": item_id, "method": extracted.method, "pages": extracted.pages, "characters": len(extracted.text)}


def may_retry(item: CaseFile) -> bool:
    """Failed, or pending with no job that could still finish it (none, ended, or running for longer than
    a reading takes: a lost worker)."""
    from ecourt.jobs.models import Job, JobStatus
    from ecourt.judgments.originals import STALE_AFTER

    if item.ocr_status == OcrStatus.FAILED:
        return True
    if item.ocr_status != OcrStatus.PENDING:
        return False
    job = Job.objects.filter(kind=READ_JOB, params__item=item.pk).order_by("-id").first()
    if job is None or job.status in (JobStatus.FAILED, JobStatus.SUCCEEDED):
        return True
    return (job.started_at or job.created_at) < timezone.now() - STALE_AFTER


def retry(actor: Any, item_id: int) -> CaseFile:
    """Queue the reading again; for the people who may add files to the case."""
    from ecourt.jobs.services import enqueue

    from .access import access_case_file, case_for_receiving

    item = access_case_file(actor, item_id)
    case_for_receiving(actor, item.case_id)
    if item.content_type not in READABLE:
        raise OcrError(_("The text of this kind of file is not read."))
    with transaction.atomic():
        item = CaseFile.objects.select_for_update().get(pk=item_id)
        if not may_retry(item):
            raise OcrError(_("The text of %(name)s is being read already.") % {"name": item.name})
        item.ocr_status = OcrStatus.PENDING
        item.ocr_error = ""
        item.save(update_fields=["ocr_status", "ocr_error"])
        job = enqueue(READ_JOB, {"item": item.pk}, user=actor)
        record(actor, Action.CHANGE, "case_file", item.pk, case_id=item.case_id, detail={"ocr_retry": job.pk})
    return item
