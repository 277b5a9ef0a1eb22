"""Computing a corpus's embeddings, resumably, and bringing its vector index in line with them.

``embed_corpus`` reads every document of the corpus, hashes the passage it would embed (``Corpus.embed_text``
+ the model's name), and embeds in batches only the documents whose hash is not stored yet; each batch is
committed on its own, so a crash or Ctrl-C loses at most one batch and the next run goes on from there.
Then ``sync_vectors`` updates the faiss index file from the stored rows: new and changed vectors in,
vectors of documents gone from the corpus out.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from . import storage
from .analysis import doc_id_of, normalize_text
from .corpus import Corpus
from .models import Embedding
from .registry import resolve
from .vectors import DIM, MODEL, VectorIndex, embed_passages

BATCH = 64
_FETCH = 1000  # rows per query when loading stored vectors


@dataclass
class EmbedReport:
    corpus: str
    documents: int = 0
    computed: int = 0
    removed: int = 0
    vectors: int = 0
    seconds: float = 0.0


def passage_hash(text: str) -> str:
    return hashlib.blake2b(f"{MODEL}\n{text}".encode(), digest_size=16).hexdigest()


def embed_corpus(
    corpus: str | Corpus,
    *,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    limit: int | None = None,
) -> EmbedReport:
    """Embed the documents whose passage is new or changed, then update the vector index.

    ``progress`` is called with the number of documents looked at since the last call; ``limit`` stops
    after computing that many (a partial run, resumed by the next).
    """
    c = resolve(corpus)
    if c.embed_text is None:
        raise ValueError(f"corpus {c.name} declares no embed_text: it has no vectors")
    started = time.monotonic()
    report = EmbedReport(c.name)
    stored = dict(Embedding.objects.filter(corpus=c.name).values_list("doc_id", "text_hash"))
    seen: set[int] = set()
    batch: list[tuple[int, str, str]] = []
    looked = 0
    for doc in c.documents(None):
        doc_id = doc_id_of(c, doc)
        seen.add(doc_id)
        report.documents += 1
        looked += 1
        text = normalize_text(c.embed_text(doc)).strip()
        digest = passage_hash(text)
        if stored.get(doc_id) != digest and (limit is None or report.computed + len(batch) < limit):
            batch.append((doc_id, digest, text))
        if len(batch) >= batch_size:
            report.computed += _store(c.name, batch)
            batch = []
        if progress is not None and looked >= 100:
            progress(looked)
            looked = 0
    if batch:
        report.computed += _store(c.name, batch)
    if progress is not None and looked:
        progress(looked)
    if limit is None:
        # Only a complete pass knows which documents are gone.
        gone = set(stored) - seen
        for chunk in _chunks(sorted(gone), _FETCH):
            Embedding.objects.filter(corpus=c.name, doc_id__in=chunk).delete()
        report.removed = len(gone)
    report.vectors = sync_vectors(c)
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _store(corpus: str, batch: list[tuple[int, str, str]]) -> int:
    vectors = embed_passages([text for _, _, text in batch])
    now = timezone.now()
    rows = [
        Embedding(
            corpus=corpus, doc_id=doc_id, text_hash=digest, vector=vectors[i].astype("<f4").tobytes(), computed_at=now
        )
        for i, (doc_id, digest, _) in enumerate(batch)
    ]
    with transaction.atomic():
        Embedding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["corpus", "doc_id"],
            update_fields=["text_hash", "vector", "computed_at"],
        )
    return len(rows)


def sync_vectors(corpus: str | Corpus) -> int:
    """Bring the corpus's vector index file in line with the stored embeddings; returns its size."""
    c = resolve(corpus)
    with storage.vector_lock(c):
        vi = VectorIndex.for_corpus(c)
        stored = dict(Embedding.objects.filter(corpus=c.name).values_list("doc_id", "text_hash"))
        stale = [doc_id for doc_id, digest in stored.items() if vi.hashes.get(doc_id) != digest or doc_id not in vi]
        gone = vi.ids() - set(stored)
        changed = bool(gone) or bool(stale)
        vi.remove(gone)
        vi.forget(stale)  # changed vectors out in one compaction (HNSW cannot replace in place)
        for chunk in _chunks(sorted(stale), _FETCH):
            rows = Embedding.objects.filter(corpus=c.name, doc_id__in=chunk).values_list(
                "doc_id", "text_hash", "vector"
            )
            ids, hashes, vectors = _unpack(rows)
            vi.add(ids, vectors, hashes)
        if changed:
            vi.save()
        return len(vi)


def _unpack(rows: Any) -> tuple[list[int], list[str], Any]:
    ids: list[int] = []
    hashes: list[str] = []
    blobs: list[bytes] = []
    for doc_id, digest, blob in rows:
        ids.append(int(doc_id))
        hashes.append(str(digest))
        blobs.append(bytes(blob))
    vectors = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(ids), DIM) if ids else np.zeros((0, DIM))
    return ids, hashes, vectors


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
