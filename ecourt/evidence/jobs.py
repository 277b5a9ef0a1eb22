"""Job functions of evidence (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("evidence.timestamp_pending")
def timestamp_pending_job(*, limit: int = 200) -> dict[str, Any]:
    """Timestamp the files received while no TSA was configured or reachable."""
    from .timestamps import stamp_pending

    return stamp_pending(limit)


@job("evidence.read_text")
def read_text_job(*, item: int) -> dict[str, Any]:
    """The text of a received PDF or scan (queued by ``services.receive_stored`` and ``ocr.retry``)."""
    from .ocr import read_text

    return read_text(item)


@job("evidence.expire_uploads")
def expire_uploads_job() -> dict[str, Any]:
    """Remove resumable uploads left unfinished for longer than EVIDENCE_UPLOAD_EXPIRE_HOURS."""
    from .uploads import expire_stale

    return expire_stale()
