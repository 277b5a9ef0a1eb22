"""Job functions of case file packages (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("casefiles.clean_staging")
def clean_staging_job() -> dict[str, Any]:
    """Remove the staging folders of interrupted package imports (never one running) and stale page uploads."""
    from .services import clean_staging

    return clean_staging()
