"""Similar cases: the published judgments closest to a case of the system or to a pasted text.

A case is described by its subject and its summary (the claims or charges). The text is matched by
meaning against the "judgments" corpus's vectors when ``search embed judgments`` has built them (the
same index the portal's "similar judgments" reads, ecourt/judgments/portal.py); otherwise by BM25 over
the text's key words: its distinct syllables, the rarer first being left to BM25's IDF, any of them
(``operator="or"``). The answer says which method found them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ecourt.cases.models import Case
from ecourt.search import engine
from ecourt.search.analysis import syllables
from ecourt.search.storage import IndexOutdatedError, SearchBusyError

from .knowledge import JUDGMENTS, _has_vectors, _judgment_row

LIMIT = 5
MAX_WORDS = 60  # the key words of a long text: BM25 over more adds time, not precision


@dataclass(frozen=True)
class SimilarCases:
    method: Literal["vectors", "lexical", "none"]
    judgments: list[dict[str, Any]] = field(default_factory=list)


def case_text(case: Case) -> str:
    return "\n".join(filter(None, [case.subject, case.summary]))


def key_words(text: str) -> list[str]:
    return list(dict.fromkeys(syllables(text)))[:MAX_WORDS]


def similar_to_text(text: str, *, limit: int = LIMIT) -> SimilarCases:
    words = key_words(text)
    if not words:
        return SimilarCases("none")
    try:
        if _has_vectors(JUDGMENTS):
            from ecourt.search.vectors import search_vectors

            hits = [h.id for h in search_vectors(JUDGMENTS, text, k=limit)]
            found = engine.fetch(JUDGMENTS, hits)  # drops judgments no longer published
            if found:
                return SimilarCases("vectors", [_judgment_row(i, found[i]) for i in hits if i in found])
        results = engine.search(JUDGMENTS, " ".join(words), page_size=limit, operator="or")
    except (IndexOutdatedError, SearchBusyError):
        return SimilarCases("none")
    rows = [_judgment_row(h.id, h.fields) for h in results.hits]
    return SimilarCases("lexical" if rows else "none", rows)


def similar_to_case(case: Case, *, limit: int = LIMIT) -> SimilarCases:
    return similar_to_text(case_text(case), limit=limit)
