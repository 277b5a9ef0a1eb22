"""Job functions of judgments: an import can also run on a worker (`jobs.services.enqueue`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecourt.jobs.registry import job


@job("judgments.import")
def import_job(*, source: str = "alqac", path: str | None = None) -> dict[str, Any]:
    """Import the ALQAC judgments (the only source so far) and link their citations."""
    from .reading import SOURCE, read_alqac
    from .services import run_import

    if source != "alqac":
        raise ValueError(f"no judgment source {source!r} (known: alqac)")
    return run_import(SOURCE, read_alqac(Path(path) if path else None), record_job=False).as_dict()


@job("judgments.export")
def export_job(*, day: str | None = None) -> dict[str, Any]:
    """The nightly bulk data (ecourt/judgments/bulk.py)."""
    import datetime

    from .bulk import export_bulk

    return export_bulk(datetime.date.fromisoformat(day) if day else None).as_dict()


@job("judgments.read_original")
def read_original_job(*, file: int) -> dict[str, Any]:
    """The OCR of a scanned original (queued by ``originals.attach_original`` and ``retry_extraction``)."""
    from .originals import read_original

    return read_original(file)
