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
from .corpus import (
    BIGRAM_SUFFIX,
    EXACT_SUFFIX,
    FACET_SUFFIX,
    SAMPLE_BUCKETS,
    SAMPLE_FIELD,
    Corpus,
    DateField,
    IntField,
    KeywordField,
    TextField,
)
from .query import FilterValue, Operator, combine, filter_query, parse
from .readers import close_readers, reader
from .registry import resolve
from .shards import each, split
from .writes import RebuildReport, delete, index, index_later, rebuild, refresh

__all__ = [
    "FacetCount",
    "Hit",
    "RebuildReport",
    "Results",
    "close_readers",
    "count",
    "delete",
    "doc_freqs",
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
    schema = handle.schema
    parsed = parse(handle.indexes[0], c, query, operator=operator)
    full = combine(parsed.query, filter_query(schema, c, filters or {}))
    searchers = [shard.searcher() for shard in handle.indexes]
    total, top = _top(
        searchers, full, offset=(page - 1) * page_size, size=page_size, order_field=order_field, order=order
    )
    generators: dict[tuple[int, str], tantivy.SnippetGenerator] = {}
    hits = []
    for key, shard, address in top:
        searcher = searchers[shard]
        doc = searcher.doc(address)
        highlights = {}
        for name in highlight_fields:
            if (shard, name) not in generators:
                generator = tantivy.SnippetGenerator.create(searcher, parsed.query, schema, name)
                generator.set_max_num_chars(snippet_chars)
                generators[shard, name] = generator
            highlights[name] = _snippet(generators[shard, name], doc, name, snippet_chars)
        score = float(key) if order_field is None else None
        hits.append(Hit(_id_of(c, doc), score, stored_fields(c, doc), highlights))
    counts, estimated = _facets(searchers, schema, c, full, total=total, names=facets, size=facet_size)
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


def _top(
    searchers: Sequence[tantivy.Searcher],
    query: tantivy.Query,
    *,
    offset: int,
    size: int,
    order_field: str | None,
    order: tantivy.Order,
) -> tuple[int, list[tuple[Any, int, tantivy.DocAddress]]]:
    """The number of hits, and the page's hits as (score or sort value, shard, address), best first.

    Each shard returns its best ``offset + size``, and the page is cut from their merge; a document's
    score is its shard's BM25, which equals the whole corpus's closely, as shards are random halves.
    """
    n = len(searchers)
    kwargs: dict[str, Any] = {"count": True, "offset": offset if n == 1 else 0}
    if order_field is not None:
        kwargs |= {"order_by_field": order_field, "order": order}
    limit = size if n == 1 else offset + size
    results = each(searchers, lambda searcher: searcher.search(query, limit, **kwargs))
    # `count` is missing from the binding's stub.
    total = sum(int(getattr(result, "count", 0) or 0) for result in results)
    merged = [(key, shard, address) for shard, result in enumerate(results) for key, address in result.hits]
    if n == 1:
        return total, merged
    descending = order_field is None or order == tantivy.Order.Desc
    # A stable sort keeps each shard's own order among equal keys; documents without the sort value last.
    merged.sort(key=lambda hit: (hit[0] is None, -hit[0] if descending and hit[0] is not None else hit[0] or 0))
    return total, merged[offset : offset + size]


def _id_of(corpus: Corpus, doc: tantivy.Document) -> int:
    return int(doc.get_first(corpus.id_field) or 0)  # every document is indexed with its id


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
    searchers: Sequence[tantivy.Searcher],
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
    # Over several shards, each reports more than the top ``size`` values so that the merged top is right
    # unless a value's count is spread very unevenly (Elasticsearch's shard_size rule).
    shard_size = size if len(searchers) == 1 else size * 3 // 2 + 10
    aggs: dict[str, Any] = {}
    for name in names:
        column = name + FACET_SUFFIX if isinstance(corpus.field(name), KeywordField) else name
        aggs[name] = {"terms": {"field": column, "size": shard_size}}
    sampling = total > FACET_EXACT_UP_TO
    if sampling:
        buckets = math.ceil(SAMPLE_BUCKETS * FACET_SAMPLE / total)
        # The sample's posting lists lead the intersection (they are the shortest), so the query is only
        # evaluated on the sampled documents; the hits in it are counted by the same pass.
        in_sample = tantivy.Query.term_set_query(schema, SAMPLE_FIELD, list(range(buckets)))
        query = combine(query, [tantivy.Query.const_score_query(in_sample, 0.0)])
        aggs[_SAMPLED] = {"value_count": {"field": SAMPLE_FIELD}}
    results = each(searchers, lambda searcher: searcher.aggregate(query, aggs))
    scale = 1.0
    if sampling:
        sampled = sum(int(result.get(_SAMPLED, {}).get("value") or 0) for result in results)
        scale = total / sampled if sampled else 0.0
    out = {}
    for name in names:
        counted: dict[str | int, int] = {}
        for result in results:
            for bucket in result.get(name, {}).get("buckets", []):
                counted[bucket["key"]] = counted.get(bucket["key"], 0) + int(bucket["doc_count"])
        # Equal counts in the order of their values, as Tantivy orders them in one index.
        top = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:size]
        out[name] = [FacetCount(key, round(count * scale)) for key, count in top]
    return out, sampling


def fetch(corpus: str | Corpus, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Stored fields of documents by id (those in the index), e.g. to show the hits of a vector search."""
    c = resolve(corpus)
    out = {}
    for searcher, address in _by_id(c, ids, {}):
        doc = searcher.doc(address)
        out[_id_of(c, doc)] = stored_fields(c, doc)
    return out


def matching_ids(corpus: str | Corpus, ids: Iterable[int], filters: Mapping[str, FilterValue]) -> set[int]:
    """Those of ``ids`` that are in the index and pass ``filters`` (e.g. to filter vector hits)."""
    c = resolve(corpus)
    return {_id_of(c, searcher.doc(address)) for searcher, address in _by_id(c, ids, filters)}


def _by_id(
    corpus: Corpus, ids: Iterable[int], filters: Mapping[str, FilterValue]
) -> list[tuple[tantivy.Searcher, tantivy.DocAddress]]:
    """The documents of ``ids`` that pass ``filters``, each looked for in its own shard only."""
    wanted = ids_of(ids)
    if not wanted:
        return []
    handle = reader(corpus)
    found = []
    for shard, mine in zip(handle.indexes, split(((i, i) for i in wanted), len(handle.indexes)), strict=True):
        if not mine:
            continue
        searcher = shard.searcher()
        q = combine(
            tantivy.Query.term_set_query(handle.schema, corpus.id_field, mine),
            filter_query(handle.schema, corpus, filters),
        )
        found += [(searcher, address) for _score, address in searcher.search(q, len(mine), count=False).hits]
    return found


def count(corpus: str | Corpus) -> int:
    """Number of documents in the live index."""
    return sum(int(shard.searcher().num_docs) for shard in reader(resolve(corpus)).indexes)


def doc_freqs(corpus: str | Corpus, field: str, terms: Iterable[str]) -> dict[str, int]:
    """How many documents of the live index hold each of ``terms`` in ``field`` (indexed tokens, e.g. the
    ``__bigrams`` copy of a text field), summed over the shards: the corpus's own statistics for a caller
    that weighs terms itself (the assistant's second stage)."""
    c = resolve(corpus)
    names = {f.name for f in c.fields} | {
        f.name + suffix
        for f in c.text_fields
        for suffix, present in ((EXACT_SUFFIX, f.exact), (BIGRAM_SUFFIX, f.bigrams))
        if present
    }
    if field not in names:
        raise ValueError(f"corpus {c.name!r} has no indexed field {field!r}")
    searchers = [shard.searcher() for shard in reader(c).indexes]
    return {t: sum(int(s.doc_freq(field, t)) for s in searchers) for t in dict.fromkeys(terms)}
