"""What the assistant reads on the platform: the legal corpus and the published judgments, through search.

- Provisions: the "provisions" search corpus (ecourt/laws/search.py), one entry per period of an article's
  text, filtered to the periods in force on the date of the facts (``in_force_on``) and, when the judge
  asks, to one document type. Ranked by the two stages ``assistant eval`` measures (retrieval.py,
  rerank.py): the weighted query of ``build_query`` (the question's syllables and syllable pairs, the
  laws it names by the citator's aliases, the definitions article, the article it cites), then the
  learned second stage over its first ``Reranker.depth`` articles, with IDF from the index itself
  (``rerank.IndexStats``). Once ``search embed provisions`` has embedded the corpus, that ranking is
  fused with the vector search's (reciprocal rank fusion, ``hybrid.fuse``).
- Judgments: the "judgments" corpus, filtered by the court the judge names (its lineage: a court's
  successors find its judgments).
- Standardized answers and precedents: standards.py (the "qa" and "precedents" corpora).

An index that cannot answer now (rebuilt after a change of fields, writer busy) gives no passages: the
assistant then says it does not know, rather than failing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from django.db.models import Max, Min

from ecourt.citations.numbers import number_key
from ecourt.laws.models import Provision, ProvisionKind, ProvisionVersion
from ecourt.laws.search import OPEN_END, UNKNOWN_START, in_force_on
from ecourt.search import engine
from ecourt.search.analysis import keyword_term, syllables
from ecourt.search.registry import resolve
from ecourt.search.storage import IndexOutdatedError, SearchBusyError

from . import rerank
from .answers import Passage
from .retrieval import FIRST_STAGE, MAX_DEPTH, LawNames, QueryFields, build_query, question_features

PROVISIONS = "provisions"
JUDGMENTS = "judgments"
DEPTH = 20
JUDGMENT_HITS = 3
VECTOR_DEPTH = 100  # vector hits fused with the ranking (hybrid_search's depth)


def _query(text: str) -> str:
    # The question's syllables only: no operator, quote or field syntax of the search language.
    return " ".join(syllables(text))


def _day(value: int) -> datetime.date | None:
    if value in (UNKNOWN_START, OPEN_END):
        return None
    return datetime.date(value // 10000, value // 100 % 100, value % 100)


def _has_vectors(corpus: str) -> bool:
    from ecourt.search.vectors import cached_index

    try:
        return len(cached_index(corpus)) > 0
    except (OSError, ValueError):
        return False


@cache
def _law_names() -> LawNames:
    return LawNames.of_aliases()


@cache
def _query_fields() -> QueryFields:
    return QueryFields.of(resolve(PROVISIONS), law="number", article="article")


# Documents of the index read for the mean length of a provision's text (the index does not keep it).
LENGTH_SAMPLE = 1000


def _mean_length() -> float:
    """Mean length in syllables of a provision's heading and text, over a fixed sample of the index's
    documents (ids drawn with a fixed seed between the smallest and largest version id), computed once
    per size of the index and of the table. 0 when the sample finds none (the caller then uses its
    candidates')."""
    bounds = ProvisionVersion.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0.0
    return _sampled_mean_length(engine.count(PROVISIONS), bounds["low"], bounds["high"])


@lru_cache(maxsize=4)
def _sampled_mean_length(documents: int, low: int, high: int) -> float:
    if documents <= 0:
        return 0.0
    ids = range(low, high + 1)
    sample = random.Random(0).sample(ids, min(len(ids), LENGTH_SAMPLE * 4))  # noqa: S311 - not a secret
    found = list(engine.fetch(PROVISIONS, sample).values())[:LENGTH_SAMPLE]
    if not found:
        return 0.0
    return sum(len(syllables(_article_text(f))) for f in found) / len(found)


def _article_text(f: Mapping[str, Any]) -> str:
    # As an ALQAC article's text, which the second stage was fitted on: the title line, then the body.
    return f"{f.get('title') or ''}\n{f.get('text') or ''}"


def _positions(rows: Sequence[Mapping[str, Any]]) -> dict[int, float]:
    """Each article's place in its document, 0 (first) to 1 (last), by provision id (one query)."""
    documents = {int(f["document_id"]) for f in rows}
    order: dict[int, list[int]] = defaultdict(list)
    articles = Provision.objects.filter(document_id__in=documents, kind=ProvisionKind.ARTICLE)
    for document_id, pk in articles.order_by("document_id", "position").values_list("document_id", "pk"):
        order[document_id].append(pk)
    return {pk: k / max(len(pks) - 1, 1) for pks in order.values() for k, pk in enumerate(pks)}


def _indexed(numbers: Sequence[str]) -> list[str]:
    """Those of ``numbers`` that have provisions in the index (as the evaluation names only its own laws:
    a named law without text here neither boosts nor counts as "another law" in the features)."""
    if not numbers:
        return []
    terms = {n: keyword_term(n) for n in numbers}
    found = engine.doc_freqs(PROVISIONS, "number", terms.values())
    return [n for n in numbers if found.get(terms[n], 0) > 0]


def ranked_provisions(
    question: str, filters: Mapping[str, Any], *, limit: int = DEPTH
) -> list[tuple[int, float, dict[str, Any]]]:
    """The provisions for ``question`` that pass ``filters``, best first: (id, score, stored fields).

    The first stage is the evaluation's query (``build_query`` with ``FIRST_STAGE``) over the corpus's
    own field names and boosts, the law boost on the document numbers of the laws the question names;
    the second stage re-orders its ``Reranker.depth`` best (score: the query's BM25).
    """
    laws = _indexed(_law_names().named(question))
    query = build_query(question, (), FIRST_STAGE, laws, _query_fields())
    if not query:
        return []
    reranker = rerank.load()
    depth = max(limit, reranker.depth) if reranker is not None else limit
    hits = engine.search(PROVISIONS, query, filters=filters, page_size=min(depth, MAX_DEPTH), operator="or").hits
    rows = [(h.id, h.score or 0.0, h.fields) for h in hits]
    if reranker is not None and len(rows) > 1:
        head = rows[: reranker.depth]
        places = _positions([f for _, _, f in head])
        candidates = [
            (
                rerank.candidate(
                    number_key(f["number"]),
                    str(f["article"]),
                    f.get("title") or "",
                    _article_text(f),
                    places.get(int(f["provision_id"]), 0.5),
                ),
                score,
            )
            for _, score, f in head
        ]
        mean = _mean_length() or sum(c.length for c, _ in candidates) / len(candidates)
        stats = rerank.IndexStats(PROVISIONS, mean)
        named = [number_key(n) for n in laws]
        order = reranker.order(question_features(stats, question, (), named, candidates))
        rows = [head[k] for k in order] + rows[reranker.depth :]
    return rows[:limit]


def provision_passages(question: str, day: datetime.date, *, doc_type: str = "", limit: int = DEPTH) -> list[Passage]:
    """Articles in force on ``day`` that answer ``question`` best, as passages (the period's text)."""
    filters: dict[str, Any] = dict(in_force_on(day))
    if doc_type:
        filters["doc_type"] = doc_type
    try:
        if _has_vectors(PROVISIONS):
            rows = _fused(question, ranked_provisions(question, filters, limit=VECTOR_DEPTH), filters, limit)
        else:
            rows = ranked_provisions(question, filters, limit=limit)
    except (IndexOutdatedError, SearchBusyError):
        return []
    return [
        Passage(
            number=f["number"],
            document_title=f["document_title"],
            article=str(f["article"]),
            title=f.get("title") or "",
            text=f.get("text") or "",
            score=score,
            document_key=f["document_key"],
            provision_key=f["provision_key"],
            valid_from=_day(int(f["valid_from"])),
            valid_to=_day(int(f["valid_to"])),
            ref=doc_id,
        )
        for doc_id, score, f in rows
    ]


def _fused(
    question: str, rows: list[tuple[int, float, dict[str, Any]]], filters: Mapping[str, Any], limit: int
) -> list[tuple[int, float, dict[str, Any]]]:
    """The two-stage ranking (``rows``) fused with the vector search's (RRF, equal weights), each
    ``VECTOR_DEPTH`` deep; vector hits that fail ``filters`` are dropped. Score: the fused one. The
    second stage orders the lexical list only (its weights were fitted on the query's candidates)."""
    from ecourt.search.hybrid import fuse
    from ecourt.search.vectors import search_vectors

    dense = search_vectors(PROVISIONS, question, k=VECTOR_DEPTH)
    allowed = engine.matching_ids(PROVISIONS, [h.id for h in dense], filters)
    dense = [h for h in dense if h.id in allowed]
    fused = fuse([doc_id for doc_id, _, _ in rows], dense, limit=limit)
    stored = {doc_id: f for doc_id, _, f in rows}
    missing = [f.id for f in fused if f.id not in stored]
    if missing:
        stored |= engine.fetch(PROVISIONS, missing)
    return [(f.id, f.score, stored[f.id]) for f in fused if f.id in stored]


def related_judgments(question: str, *, court: str = "", limit: int = JUDGMENT_HITS) -> list[dict[str, Any]]:
    """Published judgments on the question's words, from ``court`` (and its predecessors) when given."""
    query = _query(question)
    if not query:
        return []
    filters = {"court_lineage": court} if court else None
    try:
        results = engine.search(JUDGMENTS, query, filters=filters, page_size=limit, operator="or")
    except (IndexOutdatedError, SearchBusyError, KeyError, ValueError):
        return []
    return [_judgment_row(h.id, h.fields) for h in results.hits]


def _judgment_row(doc_id: int, f: dict[str, Any]) -> dict[str, Any]:
    decided = f.get("decided")
    return {
        "id": doc_id,
        "number": f.get("number", ""),
        "title": f.get("title", ""),
        "court": f.get("court_name", ""),
        "decided": decided.isoformat() if isinstance(decided, datetime.date) else decided,
    }


def qa_available() -> bool:
    """Whether an app has registered the standardized Q&A corpus ("qa")."""
    try:
        resolve("qa")
    except (KeyError, LookupError, ValueError):
        return False
    return True
