"""Importing a source into the corpus: read and check everything, then write (see services.runs)."""

from __future__ import annotations

from pathlib import Path

from .importers.curated import read_curated
from .importers.sources import read_source
from .services.runs import RunResult, run_import


def import_source(
    source: str,
    path: Path | None = None,
    *,
    progress: bool = False,
    max_documents: int | None = None,
    record_job: bool = True,
) -> RunResult:
    """Import ``source`` (catalogue, alqac, corpus, gazette, text, docx) from ``path`` or its default
    place; the catalogue is brought up to date first, since the other sources name its documents."""
    inputs = read_source(source, path)
    prelude = read_curated() if source != "catalogue" else []
    params = {"source": source, "path": str(path) if path else None, "max_documents": max_documents}
    return run_import(
        source,
        inputs,
        params=params,
        progress=progress,
        max_documents=max_documents,
        record_job=record_job,
        prelude=prelude,
    )
