"""Hybrid retrieval: reciprocal-rank fusion of a BM25 ranking (Tantivy) and a vector ranking (faiss).

RRF (Cormack, Clarke & Büttcher, 2009) scores a document by the sum over the rankings of
``weight / (k + rank)``: it needs no score calibration between BM25 and cosine similarity, which live on
unrelated scales, and a document ranked well by both rises above one ranked first by only one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .corpus import Corpus
from .engine import Hit, matching_ids, search
from .vectors import VectorHit, search_vectors

RRF_K = 60  # the constant of the original paper; larger flattens the advantage of the top ranks


@dataclass(frozen=True)
class Fused:
    id: int
    score: float
    ranks: tuple[int | None, ...]  # 1-based rank in each input ranking, None where absent


def _id(item: int | Hit | VectorHit) -> int:
    return item if isinstance(item, int) else item.id


def fuse(
    *rankings: Iterable[int | Hit | VectorHit],
    k: int = RRF_K,
    weights: Sequence[float] | None = None,
    limit: int | None = None,
) -> list[Fused]:
    """Fuse rankings (each best first: ids, search hits or vector hits) into one, best first.

    Ties keep a stable order: the better best rank first, then the order of first appearance.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if weights is not None and len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    ranks: dict[int, list[int | None]] = {}
    for n, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[n]
        seen: set[int] = set()
        for rank, item in enumerate(ranking, start=1):
            doc_id = _id(item)
            if doc_id in seen:  # a ranking lists a document once; later repeats do not count
                continue
            seen.add(doc_id)
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
            ranks.setdefault(doc_id, [None] * len(rankings))[n] = rank
    first = {doc_id: n for n, doc_id in enumerate(scores)}  # insertion order = first appearance

    def key(doc_id: int) -> tuple[float, int, int]:
        best = min(r for r in ranks[doc_id] if r is not None)
        return (-scores[doc_id], best, first[doc_id])

    fused = [Fused(d, scores[d], tuple(ranks[d])) for d in sorted(scores, key=key)]
    return fused[:limit] if limit is not None else fused


def hybrid_search(
    corpus: str | Corpus,
    query: str,
    *,
    limit: int = 20,
    depth: int = 100,
    filters: Mapping[str, Any] | None = None,
    weights: Sequence[float] = (1.0, 1.0),
) -> list[Fused]:
    """BM25 (words combined with OR, as a question is) fused with vector search, ``depth`` deep each.

    With ``filters``, vector hits that do not pass them in the text index are dropped, so the fused
    list honours them too. Needs the corpus's vectors
    (``python -m ecourt search embed``); without them it is the BM25 ranking alone.
    """
    bm25 = search(corpus, query, filters=filters, page_size=depth, operator="or")
    dense = search_vectors(corpus, query, k=depth)
    if filters:
        allowed = matching_ids(corpus, [h.id for h in dense], filters)
        dense = [h for h in dense if h.id in allowed]
    return fuse(bm25.hits, dense, weights=weights, limit=limit)
