"""Job functions of the search app (ecourt/jobs): run by a Celery worker, or in-process on the embedded default."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job

from . import engine


@job("search.index")
def index_documents(*, corpus: str, ids: list[int]) -> dict[str, Any]:
    """Refresh documents in the index from the database (queued by ``engine.index_later``)."""
    return {"corpus": corpus, **engine.refresh(corpus, ids)}


@job("search.rebuild")
def rebuild_index(*, corpus: str) -> dict[str, Any]:
    """Rebuild a corpus's index from the database, on a worker."""
    report = engine.rebuild(corpus)
    return {"corpus": corpus, "documents": report.documents, "replayed": report.replayed, "seconds": report.seconds}


@job("search.embed")
def embed_documents(*, corpus: str) -> dict[str, Any]:
    """Compute the corpus's missing embeddings and update its vector index, on a worker."""
    from . import embeddings  # faiss and numpy load only in the processes that embed

    report = embeddings.embed_corpus(corpus)
    return {"corpus": corpus, "computed": report.computed, "removed": report.removed, "vectors": report.vectors}
