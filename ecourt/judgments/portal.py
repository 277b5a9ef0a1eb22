"""The public judgment portal's reads: search with filters and facets, similar judgments.

The page (views.py) and the API (api/views.py) both search through ``search_judgments``, so they find,
filter, count and sort the same way. Everything comes from the "judgments" search corpus (search.py);
the database is read only for the judgment a page shows.

"Similar judgments" are the nearest by meaning (the judgment's e5 embedding in the corpus's faiss index)
when ``python -m ecourt search embed judgments`` has embedded it; otherwise a lexical "more like this":
the words of its title and the articles it cites, any of them (``operator="or"``), best first. The page
says which one answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ecourt.cases.models import CaseType, Instance
from ecourt.courts.models import CourtLevel
from ecourt.search import engine
from ecourt.search.models import Embedding
from ecourt.search.storage import IndexOutdatedError, SearchBusyError
from ecourt.search.vectors import DIM, cached_index

from .index_fields import now_names
from .models import Judgment, JudgmentKind, JudgmentPartyRole, Outcome
from .search import JUDGMENTS, cited_values

CORPUS = JUDGMENTS.name
PAGE_SIZE = 20
MAX_PAGE = 500  # deeper than 10,000 hits, narrow the search (a filter) rather than page
# Filter name (page and API) → field of the corpus. The court filter reads the court's successor history
# (index_fields.py): a regional court finds the judgments of the district courts it took over.
FILTERS: dict[str, str] = {
    "court": "court_lineage",
    "level": "level",
    "case_type": "case_type",
    "instance": "instance",
    "year": "year",
    "cited_law": "cited_law",
    "cited": "cited",
    "kind": "kind",
    "outcome": "outcome",
    "party_role": "party_role",
}
FACETS = (
    "court_lineage",
    "level",
    "case_type",
    "instance",
    "kind",
    "outcome",
    "party_role",
    "year",
    "cited_law",
    "cited",
)
FACET_FILTER = {f: name for name, f in FILTERS.items()}  # facet field → its filter's name
# Sort orders: relevance (the engine's score; ties in index order, which a given index keeps), or by date
# with ties broken by id (search.py, date_order), so paging is stable either way.
SORTS: dict[str, str | None] = {"relevance": None, "newest": "-date_order", "oldest": "date_order"}
SORT_LABELS: dict[str, Promise] = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
}
HIGHLIGHTS = ["title", "text"]
SNIPPET_CHARS = 300
SIMILAR = 5


class SearchUnavailableError(Exception):
    """The index cannot answer now: rebuilt after a change of its fields, or its writer lock held too long."""


@dataclass(frozen=True)
class SearchOutcome:
    results: engine.Results | None
    unavailable: bool = False


def engine_filters(chosen: dict[str, Any]) -> dict[str, Any]:
    """Filters as the page and the API name them → the corpus's fields (only those given)."""
    return {FILTERS[name]: value for name, value in chosen.items() if name in FILTERS and value not in (None, "")}


def search_judgments(
    query: str,
    filters: dict[str, Any],
    *,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    facets: bool = True,
) -> engine.Results:
    """Published judgments matching ``query`` (the syntax of docs/judgments.md) and ``filters`` (names of
    ``FILTERS``). Raises SearchUnavailableError when the index cannot answer."""
    try:
        return engine.search(
            CORPUS,
            query.strip() or "*",
            filters=engine_filters(filters),
            facets=FACETS if facets else (),
            facet_size=15,
            sort=SORTS[sort],
            page=page,
            page_size=page_size,
            highlight_fields=HIGHLIGHTS,
            snippet_chars=SNIPPET_CHARS,
        )
    except (IndexOutdatedError, SearchBusyError) as exc:
        raise SearchUnavailableError(str(exc)) from exc


# --- labels -------------------------------------------------------------------------------------------


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# facets whose values are the values of a list of choices, shown by its labels
_CHOICES: dict[str, Any] = {
    "case_type": CaseType,
    "instance": Instance,
    "kind": JudgmentKind,
    "outcome": Outcome,
    "party_role": JudgmentPartyRole,
}


def facet_label(name: str, value: str | int, now: Mapping[str, str] | None = None) -> str:
    """How a facet value is shown: the label of a level, case type, instance, kind, outcome or role; an
    article as "Điều 147 (92/2015/QH13)"; a court that was succeeded with the court that carries it on
    today (``now``: ``court_now``'s answer)."""
    text = str(value)
    if name in ("court_lineage", "court_name") and now and text in now:
        return str(_("%(court)s (now %(successor)s)") % {"court": text, "successor": now[text]})
    if name == "level":
        return _label(CourtLevel, text) if text else str(_("Court not in the court map"))
    if name in _CHOICES:
        return _label(_CHOICES[name], text)
    if name == "cited" and " dieu-" in text:
        number, article = text.rsplit(" dieu-", 1)
        return f"Điều {article} ({number})"
    return text


def court_now(names: Iterable[str]) -> dict[str, str]:
    """Court name → the name of the court that carries it on today, for the courts that were succeeded."""
    return now_names(names)


def outcome_label(outcome: str) -> str:
    """The outcome as a hit shows it; nothing when it was not read."""
    return "" if outcome in ("", Outcome.UNKNOWN) else _label(Outcome, outcome)


def case_label(case_type: str, instance: str) -> str:
    parts = [_label(CaseType, case_type) if case_type else "", _label(Instance, instance) if instance else ""]
    return " · ".join(p for p in parts if p)


# --- similar judgments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    method: Literal["vectors", "lexical", "none"]
    judgments: list[dict[str, Any]] = field(default_factory=list)  # stored fields of the corpus, with "id"


_WORD = re.compile(r"[^\W\d_]+")


def _quote(value: str) -> str:
    return '"' + value.replace('"', "").replace("\\", "") + '"'


def more_like_this_query(title: str, cited: list[str]) -> str:
    """The lexical "more like this" query: the words of the title, and the articles cited (each counted
    twice), any of them."""
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(title)))
    parts = [_quote(w) for w in words[:20]] + [f"cited:{_quote(c)}^2" for c in cited[:10]]
    return " OR ".join(parts)


def _vector_of(judgment: Judgment) -> np.ndarray[Any, Any] | None:
    row = Embedding.objects.filter(corpus=CORPUS, doc_id=judgment.pk).values_list("vector", flat=True).first()
    if row is None:
        return None
    return np.frombuffer(bytes(row), dtype="<f4").reshape(DIM)


def similar_judgments(judgment: Judgment, cited: list[tuple[str, str]], k: int = SIMILAR) -> Similar:
    """Up to ``k`` published judgments like ``judgment`` (never itself): by vectors when it is embedded, by
    its title's words and cited articles otherwise. ``cited``: its resolved (document number, provision
    key) pairs."""
    try:
        vector = _vector_of(judgment)
        if vector is not None:
            hits = [h.id for h in cached_index(CORPUS).search(vector, k + 1) if h.id != judgment.pk]
            found = engine.fetch(CORPUS, hits)  # drops judgments no longer published
            if found:
                return Similar("vectors", [{"id": i, **found[i]} for i in hits if i in found][:k])
        _, articles = cited_values(cited)
        query = more_like_this_query(judgment.title, articles)
        if not query:
            return Similar("none")
        results = engine.search(CORPUS, query, page_size=k + 1, operator="or")
    except (IndexOutdatedError, SearchBusyError):
        return Similar("none")
    rows = [{"id": h.id, **h.fields} for h in results.hits if h.id != judgment.pk][:k]
    return Similar("lexical" if rows else "none", rows)
