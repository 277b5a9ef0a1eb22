"""Job functions of evidence (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("evidence.timestamp_pending")
def timestamp_pending_job(*, limit: int = 200) -> dict[str, Any]:
    """Timestamp the files received while no TSA was configured or reachable."""
    from .timestamps import stamp_pending

    return stamp_pending(limit)
