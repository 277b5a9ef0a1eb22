"""What the assistant reads on the platform: the legal corpus and the published judgments, through search.

- Provisions: the "provisions" search corpus (ecourt/laws/search.py), one entry per period of an article's
  text, filtered to the periods in force on the date of the facts (``in_force_on``) and, when the judge
  asks, to one document type. BM25 with the question's words combined with OR; fused with the corpus's
  vectors (``hybrid_search``) once ``search embed provisions`` has embedded it.
- Judgments: the "judgments" corpus, filtered by the court the judge names (its lineage: a court's
  successors find its judgments).
- Standardized answers and precedents: standards.py (the "qa" and "precedents" corpora).

An index that cannot answer now (rebuilt after a change of fields, writer busy) gives no passages: the
assistant then says it does not know, rather than failing.
"""

from __future__ import annotations

import datetime
from typing import Any

from ecourt.laws.search import OPEN_END, UNKNOWN_START, in_force_on
from ecourt.search import engine
from ecourt.search.analysis import syllables
from ecourt.search.registry import resolve
from ecourt.search.storage import IndexOutdatedError, SearchBusyError

from .answers import Passage

PROVISIONS = "provisions"
JUDGMENTS = "judgments"
DEPTH = 20
JUDGMENT_HITS = 3


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


def provision_passages(question: str, day: datetime.date, *, doc_type: str = "", limit: int = DEPTH) -> list[Passage]:
    """Articles in force on ``day`` that answer ``question`` best, as passages (the period's text)."""
    query = _query(question)
    if not query:
        return []
    filters: dict[str, Any] = dict(in_force_on(day))
    if doc_type:
        filters["doc_type"] = doc_type
    try:
        if _has_vectors(PROVISIONS):
            from ecourt.search.hybrid import hybrid_search

            fused = hybrid_search(PROVISIONS, query, limit=limit, filters=filters)
            found = engine.fetch(PROVISIONS, [f.id for f in fused])
            rows = [(f.id, f.score, found[f.id]) for f in fused if f.id in found]
        else:
            results = engine.search(PROVISIONS, query, filters=filters, page_size=limit, operator="or")
            rows = [(h.id, h.score or 0.0, h.fields) for h in results.hits]
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
