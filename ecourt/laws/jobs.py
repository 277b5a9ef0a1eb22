"""Job functions of the legal corpus: an import can also run on a worker (`jobs.services.enqueue`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecourt.jobs.registry import job


@job("laws.import")
def import_job(*, source: str, path: str | None = None, max_documents: int | None = None) -> dict[str, Any]:
    """Import one source into the corpus; the worker's Job row records the returned counts."""
    from .imports import import_source

    result = import_source(source, Path(path) if path else None, max_documents=max_documents, record_job=False)
    return result.as_dict()
