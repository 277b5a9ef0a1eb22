"""Job functions of signing (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("signing.issue_document")
def issue_document_job(*, document_id: int) -> dict[str, Any]:
    """Render, sign and store one issued document (queued by the step that issued it, after commit)."""
    from .issuing import issue

    document = issue(document_id)
    return {"document": document.pk, "status": document.status, "case_file": document.case_file_id}


@job("signing.issue_pending")
def issue_pending_job(*, limit: int = 100) -> dict[str, Any]:
    """Try again the documents whose signature failed, was interrupted, or whose job was lost."""
    from .issuing import issue_pending

    return issue_pending(limit)
