"""The search API on Tantivy: every text search of the platform goes through these functions.

Callers name a corpus (declared in an app's search.py) or pass the ``Corpus`` itself. Reads are here;
writes (``index``, ``delete``, ``refresh``, ``index_later``, ``rebuild``) live in writes.py and are
re-exported, so ``engine`` is the one module callers import. A cluster engine can take its place
behind the same functions (docs/search.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tantivy
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import ids_of, stored_fields
from .corpus import FACET_SUFFIX, SAMPLE_BUCKETS, SAMPLE_FIELD, Corpus, DateField, IntField, KeywordField, TextField
from .query import FilterValue, Operator, combine, filter_query, parse
from .readers import close_readers, reader
from .registry import resolve
from .writes import RebuildReport, delete, index, index_later, rebuild, refresh

__all__ = [
    "FacetCount",
    "Hit",
    "RebuildReport",
    "Results",
    "close_readers",
    "count",
    "delete",
    "fetch",
    "index",
    "index_later",
    "matching_ids",
    "rebuild",
    "refresh",
    "search",
]

MAX_PAGE_SIZE = 200
SNIPPET_CHARS = 240
# Facets are counted over every hit up to this many hits. Above it, over the hits in a fixed sample of
# about FACET_SAMPLE documents (the first buckets of the sample field), scaled to the total: counting
# ten facets over a million hits costs ten times the search, and nobody reads "412,337" from "≈412,000".
FACET_EXACT_UP_TO = 100_000
FACET_SAMPLE = 30_000
_SAMPLED = "sampled__"  # the aggregation that counts the hits in the sample (not a field name: "__")


@dataclass(frozen=True)
class Hit:
    id: int
    score: float | None  # None when sorted by a field
    fields: dict[str, Any]
    highlights: dict[str, SafeString]  # escaped HTML, matches in <mark>


@dataclass(frozen=True)
class FacetCount:
    value: str | int
    count: int


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    page: int
    page_size: int
    query: str  # the query as searched, after normalization and rewriting
    fallback: bool = False  # the syntax was not understood; the words were searched instead
    notice: str = ""  # why, for the user
    facets_estimated: bool = False  # the facet counts were counted on a sample and scaled (FACET_EXACT_UP_TO)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total


def search(
    corpus: str | Corpus,
    query: str,
    *,
    filters: Mapping[str, FilterValue] | None = None,
    facets: Sequence[str] = (),
    facet_size: int = 20,
    sort: str | None = None,
    page: int = 1,
    page_size: int = 20,
    highlight_fields: Sequence[str] = (),
    snippet_chars: int = SNIPPET_CHARS,
    operator: Operator = "and",
) -> Results:
    """Search a corpus. Bad query syntax never raises: the words are searched and ``Results.notice`` says so.

    ``filters`` (field → value, list of values, or ``Range``) narrow the hits without changing their
    scores; ``facets`` (keyword or int fields declared with ``facet=True``) are counted over all hits;
    ``sort`` is ``None`` (relevance), ``"field"`` or ``"-field"`` (an int or date field); ``operator``
    is how words without AND/OR combine ("and" for people, "or" for long natural-language questions).
    Errors in the arguments (unknown field, page 0) are the caller's and raise ValueError.
    """
    c = resolve(corpus)
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page must be ≥ 1 and page_size between 1 and {MAX_PAGE_SIZE}")
    order_field, order = _sort(c, sort)
    for name in facets:
        f = c.field(name)
        if not isinstance(f, KeywordField | IntField) or not f.facet:
            raise ValueError(f"field {name!r} is not declared with facet=True")
    for name in highlight_fields:
        f = c.field(name)
        if not isinstance(f, TextField) or not f.stored:
            raise ValueError(f"field {name!r} is not a stored text field: it cannot be highlighted")

    handle = reader(c)
    idx = handle.index
    schema = idx.schema
    parsed = parse(idx, c, query, operator=operator)
    full = combine(parsed.query, filter_query(schema, c, filters or {}))
    searcher = idx.searcher()
    offset = (page - 1) * page_size
    if order_field is None:
        result = searcher.search(full, page_size, count=True, offset=offset)
    else:
        result = searcher.search(full, page_size, count=True, offset=offset, order_by_field=order_field, order=order)
    generators = {}
    for name in highlight_fields:
        generator = tantivy.SnippetGenerator.create(searcher, parsed.query, schema, name)
        generator.set_max_num_chars(snippet_chars)
        generators[name] = generator
    hits = []
    for key, address in result.hits:
        doc = searcher.doc(address)
        stored = doc.to_dict()
        highlights = {name: _snippet(g, doc, name, snippet_chars) for name, g in generators.items()}
        score = float(key) if order_field is None else None
        hits.append(Hit(int(stored[c.id_field][0]), score, stored_fields(c, stored), highlights))
    total = int(getattr(result, "count", 0) or 0)  # missing from the binding's stub
    counts, estimated = _facets(searcher, schema, c, full, total=total, names=facets, size=facet_size)
    return Results(
        total=total,
        hits=hits,
        facets=counts,
        page=page,
        page_size=page_size,
        query=parsed.text,
        fallback=parsed.fallback,
        notice=parsed.notice,
        facets_estimated=estimated,
    )


def _sort(corpus: Corpus, sort: str | None) -> tuple[str | None, tantivy.Order]:
    if not sort:
        return None, tantivy.Order.Desc
    name = sort.removeprefix("-")
    f = corpus.field(name)
    if not isinstance(f, IntField | DateField):
        raise ValueError(f"cannot sort by {name!r}: sort by an int or date field")
    return name, tantivy.Order.Desc if sort.startswith("-") else tantivy.Order.Asc


def _snippet(generator: tantivy.SnippetGenerator, doc: tantivy.Document, name: str, chars: int) -> SafeString:
    # Tantivy escapes the text and wraps matches in <b>; no "<b>" can come from the text itself.
    html = generator.snippet_from_doc(doc).to_html()
    if not html:
        # No match in this field (or no words in the query): the field's beginning, so a hit always shows text.
        text = " ".join(str(v) for v in doc.get_all(name))
        return escape(text[:chars] + ("…" if len(text) > chars else ""))
    return mark_safe(html.replace("<b>", "<mark>").replace("</b>", "</mark>"))  # noqa: S308


def _facets(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    corpus: Corpus,
    query: tantivy.Query,
    *,
    total: int,
    names: Sequence[str],
    size: int,
) -> tuple[dict[str, list[FacetCount]], bool]:
    """Facet counts of the hits of ``query``, and whether they are estimates (see FACET_EXACT_UP_TO)."""
    if not names:
        return {}, False
    aggs: dict[str, Any] = {}
    for name in names:
        column = name + FACET_SUFFIX if isinstance(corpus.field(name), KeywordField) else name
        aggs[name] = {"terms": {"field": column, "size": size}}
    sampling = total > FACET_EXACT_UP_TO
    if sampling:
        buckets = math.ceil(SAMPLE_BUCKETS * FACET_SAMPLE / total)
        # The sample's posting lists lead the intersection (they are the shortest), so the query is only
        # evaluated on the sampled documents; the hits in it are counted by the same pass.
        in_sample = tantivy.Query.term_set_query(schema, SAMPLE_FIELD, list(range(buckets)))
        query = combine(query, [tantivy.Query.const_score_query(in_sample, 0.0)])
        aggs[_SAMPLED] = {"value_count": {"field": SAMPLE_FIELD}}
    result = searcher.aggregate(query, aggs)
    scale = 1.0
    if sampling:
        sampled = int(result.get(_SAMPLED, {}).get("value") or 0)
        scale = total / sampled if sampled else 0.0
    out = {}
    for name in names:
        buckets_of = result.get(name, {}).get("buckets", [])
        out[name] = [FacetCount(b["key"], round(int(b["doc_count"]) * scale)) for b in buckets_of]
    return out, sampling


def fetch(corpus: str | Corpus, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Stored fields of documents by id (those in the index), e.g. to show the hits of a vector search."""
    c = resolve(corpus)
    wanted = ids_of(ids)
    if not wanted:
        return {}
    handle = reader(c)
    searcher = handle.index.searcher()
    q = tantivy.Query.term_set_query(handle.index.schema, c.id_field, wanted)
    out = {}
    for _score, address in searcher.search(q, len(wanted), count=False).hits:
        stored = searcher.doc(address).to_dict()
        out[int(stored[c.id_field][0])] = stored_fields(c, stored)
    return out


def matching_ids(corpus: str | Corpus, ids: Iterable[int], filters: Mapping[str, FilterValue]) -> set[int]:
    """Those of ``ids`` that are in the index and pass ``filters`` (e.g. to filter vector hits)."""
    c = resolve(corpus)
    wanted = ids_of(ids)
    if not wanted:
        return set()
    handle = reader(c)
    schema = handle.index.schema
    searcher = handle.index.searcher()
    q = combine(tantivy.Query.term_set_query(schema, c.id_field, wanted), filter_query(schema, c, filters))
    hits = searcher.search(q, len(wanted), count=False).hits
    return {int(searcher.doc(address)[c.id_field][0]) for _score, address in hits}


def count(corpus: str | Corpus) -> int:
    """Number of documents in the live index."""
    return int(reader(resolve(corpus)).index.searcher().num_docs)
