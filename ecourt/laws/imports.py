"""Importing a source into the corpus: read and check everything, then write (see services.runs), then
link the citations of the texts written (ecourt.citations.services)."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from ecourt.search import engine

from .importers.curated import read_curated
from .importers.sources import read_source
from .models import ImportRecord, ProvisionVersion
from .services.runs import RunResult, run_import


def index_documents(document_ids: list[int]) -> None:
    """Bring the search corpora up to date with what an import wrote: the documents, the documents their
    amendments changed, and every article period of those (a period no longer current leaves the index)."""
    if not document_ids:
        return
    amended = ProvisionVersion.objects.filter(introduced_by_id__in=document_ids).values_list(
        "provision__document_id", flat=True
    )
    affected = set(document_ids) | set(amended)
    engine.index_later("laws", affected)
    engine.index_later(
        "provisions", ProvisionVersion.objects.filter(provision__document_id__in=affected).values_list("pk", flat=True)
    )


def import_source(
    source: str,
    path: Path | None = None,
    *,
    progress: bool = False,
    max_documents: int | None = None,
    record_job: bool = True,
    link: bool = True,
) -> RunResult:
    """Import ``source`` (catalogue, alqac, corpus, gazette, text, docx) from ``path`` or its default
    place; the catalogue is brought up to date first, since the other sources name its documents."""
    inputs = read_source(source, path)
    prelude = read_curated() if source != "catalogue" else []
    params = {"source": source, "path": str(path) if path else None, "max_documents": max_documents}
    started = timezone.now()
    result = run_import(
        source,
        inputs,
        params=params,
        progress=progress,
        max_documents=max_documents,
        record_job=record_job,
        prelude=prelude,
    )
    written = ImportRecord.objects.filter(imported_at__gte=started, document__isnull=False)
    rows = list(written.values_list("document_id", "document__number"))
    index_documents([d for d, _ in rows])
    from ecourt.qa.review import flag_after_laws_import  # standardized answers citing what changed

    flag_after_laws_import([d for d, _ in rows])
    if link:
        from ecourt.citations.services import link_after_laws_import

        linked = link_after_laws_import([d for d, _ in rows], [n for _, n in rows], progress=progress)
        result.counts["texts_linked"] += linked.texts
        result.counts["citations_linked"] += linked.citations
    return result
