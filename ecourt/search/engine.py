"""The search engine on Tantivy: index, delete, search, rebuild. Every text search of the platform goes here.

Callers name a corpus (declared in an app's search.py) or pass the ``Corpus`` itself. A cluster engine
can take the place of this module behind the same functions (docs/search.md).

Readers are cached per process, one per corpus, and checked on every search: a changed ``current``
link (a rebuild swapped the index) opens the new index, a changed ``meta.json`` (another process
committed) reloads the reader. Both checks are a stat() call.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import tantivy
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import registry, storage
from .analysis import build_schema, doc_id_of, ids_of, register_analyzers, stored_fields, to_document
from .corpus import FACET_SUFFIX, Corpus, DateField, IntField, KeywordField, TextField
from .query import FilterValue, Operator, combine, filter_query, parse
from .registry import resolve

log = logging.getLogger(__name__)

# Writer memory: small for the updates of a job, larger for a rebuild (Tantivy needs 15 MB per thread).
UPDATE_HEAP = 50_000_000
REBUILD_HEAP_PER_THREAD = 200_000_000
REBUILD_THREADS = max(1, min(4, os.cpu_count() or 1))
MAX_PAGE_SIZE = 200
SNIPPET_CHARS = 240


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

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total


@dataclass
class RebuildReport:
    corpus: str
    documents: int
    replayed: int
    seconds: float
    generation: str
    removed: list[str] = field(default_factory=list)


@dataclass
class _Handle:
    generation: str
    fingerprint: str  # of the declaration the index was checked against
    index: tantivy.Index
    meta: tuple[int, int, int]


_handles: dict[Path, _Handle] = {}
_handles_lock = threading.Lock()


def _meta_key(path: Path) -> tuple[int, int, int]:
    # Tantivy replaces meta.json on each commit (new inode), so this changes with every commit.
    try:
        st = os.stat(path / "meta.json")
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _open_index(path: Path, corpus: Corpus) -> tantivy.Index:
    storage.check_marker(path, corpus)
    index = tantivy.Index.open(str(path))
    register_analyzers(index)
    index.config_reader("Manual")  # reloaded on demand (see _handle), no watcher thread per index
    return index


def close_readers() -> None:
    """Forget this process's open indexes (after a fork, or in tests); the next search opens them again."""
    with _handles_lock:
        _handles.clear()


def _create_empty(corpus: Corpus) -> None:
    cdir = storage.corpus_dir(corpus)
    with storage.writer_lock(corpus):
        if storage.current_generation(cdir) is not None:
            return
        path = storage.new_generation(cdir, corpus)
        index = tantivy.Index(build_schema(corpus), path=str(path))
        register_analyzers(index)
        writer = index.writer(UPDATE_HEAP, 1)
        writer.commit()
        writer.wait_merging_threads()
        storage.swap_current(cdir, path)


def _handle(corpus: Corpus) -> _Handle:
    """The process's reader of the live index, opened or reloaded when the disk says it changed."""
    cdir = storage.corpus_dir(corpus)
    for attempt in range(3):
        generation = storage.current_generation(cdir)
        if generation is None:
            _create_empty(corpus)
            continue
        path = cdir / generation
        if not path.is_dir():
            continue  # a rebuild swapped and removed it between the two calls: read the link again
        with _handles_lock:
            handle = _handles.get(cdir)
            try:
                if handle is None or handle.generation != generation:
                    handle = _Handle(generation, corpus.fingerprint(), _open_index(path, corpus), _meta_key(path))
                    handle.index.reload()
                    _handles[cdir] = handle
                elif handle.fingerprint != corpus.fingerprint():
                    storage.check_marker(path, corpus)  # the declaration changed in this process (tests, reload)
                    handle.fingerprint = corpus.fingerprint()
                meta = _meta_key(path)
                if meta != handle.meta:
                    handle.index.reload()
                    handle.meta = meta
            except ValueError:
                # A rebuild removed this generation between readlink and open: read the link again.
                if attempt == 2:
                    raise
                continue
            return handle
    raise storage.SearchBusyError(f"search corpus {corpus.name}: the index could not be opened")


def _write(corpus: Corpus, action: Callable[[tantivy.IndexWriter, tantivy.Schema], None], ids: Collection[int]) -> None:
    """Run ``action`` on the live index's writer under the corpus's lock, commit, refresh this process's reader."""
    handle = _handle(corpus)  # creates the index on first use
    cdir = storage.corpus_dir(corpus)
    with storage.writer_lock(corpus):
        handle = _handle(corpus)  # a rebuild may have swapped the index while we waited
        writer = handle.index.writer(UPDATE_HEAP, 1)
        try:
            action(writer, handle.index.schema)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # releases Tantivy's own lock before ours
        storage.journal_ids(cdir, ids)
    _handle(corpus)


def index(corpus: str | Corpus, docs: Iterable[Mapping[str, Any]]) -> int:
    """Add or replace documents (by id) in the live index; returns how many were written."""
    c = resolve(corpus)
    prepared = [(doc_id_of(c, d), to_document(c, d)) for d in docs]
    if not prepared:
        return 0

    def action(writer: tantivy.IndexWriter, _schema: tantivy.Schema) -> None:
        for doc_id, document in prepared:
            writer.delete_documents_by_term(c.id_field, doc_id)  # applies to earlier documents only
            writer.add_document(document)

    _write(c, action, [doc_id for doc_id, _ in prepared])
    return len(prepared)


def delete(corpus: str | Corpus, ids: Iterable[int]) -> int:
    """Remove documents by id; ids not in the index are ignored. Returns how many ids were given."""
    c = resolve(corpus)
    wanted = ids_of(ids)
    if not wanted:
        return 0

    def action(writer: tantivy.IndexWriter, _schema: tantivy.Schema) -> None:
        for doc_id in wanted:
            writer.delete_documents_by_term(c.id_field, doc_id)

    _write(c, action, wanted)
    return len(wanted)


def refresh(corpus: str | Corpus, ids: Iterable[int]) -> dict[str, int]:
    """Bring ``ids`` in line with the database: index those the corpus yields, delete the others."""
    c = resolve(corpus)
    wanted = set(ids_of(ids))
    if not wanted:
        return {"indexed": 0, "deleted": 0}
    prepared = {doc_id_of(c, d): to_document(c, d) for d in c.documents(wanted) if doc_id_of(c, d) in wanted}
    missing = wanted - set(prepared)

    def action(writer: tantivy.IndexWriter, _schema: tantivy.Schema) -> None:
        for doc_id in sorted(wanted):  # one commit: deletes first, then the current versions
            writer.delete_documents_by_term(c.id_field, doc_id)
        for document in prepared.values():
            writer.add_document(document)

    _write(c, action, sorted(wanted))
    return {"indexed": len(prepared), "deleted": len(missing)}


def index_later(corpus: str | Corpus, ids: Iterable[int]) -> None:
    """Refresh ``ids`` in the index by a job once the current transaction commits (at once outside one).

    Calls within one transaction are gathered into one job per corpus, so a service that touches many
    rows queues one indexing job, not one per row. The job reads the documents from the database
    (``Corpus.documents``), so it indexes what was committed; nothing is queued if the transaction
    rolls back.
    """
    name = resolve(corpus).name
    registry.get(name)  # the job finds the corpus by name: fail here, not in the worker
    wanted = ids_of(ids)
    if not wanted:
        return
    connection = transaction.get_connection()
    # The outermost atomic block identifies the transaction whose commit sends the ids.
    key = id(connection.atomic_blocks[0]) if connection.in_atomic_block and connection.atomic_blocks else 0
    pending = _pending()
    pending.setdefault(key, {}).setdefault(name, set()).update(wanted)
    # Every call registers a flush; the first to run after the commit sends everything gathered.
    transaction.on_commit(partial(_flush_pending, key))


_local = threading.local()


def _pending() -> dict[int, dict[str, set[int]]]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    pending: dict[int, dict[str, set[int]]] = _local.pending
    return pending


def _flush_pending(key: int) -> None:
    from ecourt.jobs.services import enqueue

    pending = _pending()
    mine = pending.pop(key, {})
    # Whatever else is pending in this thread belongs to transactions that rolled back.
    pending.clear()
    for name in sorted(mine):
        enqueue("search.index", {"corpus": name, "ids": sorted(mine[name])})


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

    handle = _handle(c)
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
    counts = _facets(searcher, c, full, facets, facet_size) if facets else {}
    return Results(
        total=int(getattr(result, "count", 0) or 0),  # missing from the binding's stub
        hits=hits,
        facets=counts,
        page=page,
        page_size=page_size,
        query=parsed.text,
        fallback=parsed.fallback,
        notice=parsed.notice,
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
    searcher: tantivy.Searcher, corpus: Corpus, query: tantivy.Query, names: Sequence[str], size: int
) -> dict[str, list[FacetCount]]:
    aggs = {}
    for name in names:
        column = name + FACET_SUFFIX if isinstance(corpus.field(name), KeywordField) else name
        aggs[name] = {"terms": {"field": column, "size": size}}
    result = searcher.aggregate(query, aggs)
    out = {}
    for name in names:
        buckets = result.get(name, {}).get("buckets", [])
        out[name] = [FacetCount(b["key"], int(b["doc_count"])) for b in buckets]
    return out


def fetch(corpus: str | Corpus, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Stored fields of documents by id (those in the index), e.g. to show the hits of a vector search."""
    c = resolve(corpus)
    wanted = ids_of(ids)
    if not wanted:
        return {}
    handle = _handle(c)
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
    handle = _handle(c)
    schema = handle.index.schema
    searcher = handle.index.searcher()
    q = combine(tantivy.Query.term_set_query(schema, c.id_field, wanted), filter_query(schema, c, filters))
    hits = searcher.search(q, len(wanted), count=False).hits
    return {int(searcher.doc(address)[c.id_field][0]) for _score, address in hits}


def count(corpus: str | Corpus) -> int:
    """Number of documents in the live index."""
    return int(_handle(resolve(corpus)).index.searcher().num_docs)


def rebuild(corpus: str | Corpus, *, progress: Callable[[int], None] | None = None) -> RebuildReport:
    """Rebuild the index from the corpus's documents into a new directory, then swap it in atomically.

    Searches and writes go on against the live index meanwhile; writes made during the rebuild are
    journalled and applied to the new index before the swap. A crash leaves the live index untouched.
    ``progress`` is called with the number of documents added since the last call.
    """
    c = resolve(corpus)
    started = time.monotonic()
    cdir = storage.corpus_dir(c)
    cdir.mkdir(parents=True, exist_ok=True)
    with storage.rebuild_lock(c):
        with storage.writer_lock(c):
            storage.start_journal(cdir)
            live = storage.current_generation(cdir)
            storage.remove_generations(cdir, keep={live} if live else set())  # a crashed rebuild's leftovers
        path = storage.new_generation(cdir, c)
        new = tantivy.Index(build_schema(c), path=str(path))
        register_analyzers(new)
        documents = _fill(new, c, progress)
        with storage.writer_lock(c):
            replayed = _replay_journal(new, c, storage.read_journal(cdir))
            storage.swap_current(cdir, path)
            storage.end_journal(cdir)
        removed = storage.remove_generations(cdir, keep={path.name})
    _handle(c)
    log.info("search: rebuilt %s (%d documents, %d replayed) in %s", c.name, documents, replayed, path.name)
    return RebuildReport(c.name, documents, replayed, round(time.monotonic() - started, 3), path.name, removed)


def _fill(new: tantivy.Index, corpus: Corpus, progress: Callable[[int], None] | None) -> int:
    writer = new.writer(REBUILD_HEAP_PER_THREAD * REBUILD_THREADS, REBUILD_THREADS)
    done = 0
    step = 0
    try:
        for doc in corpus.documents(None):
            writer.add_document(to_document(corpus, doc))
            done += 1
            step += 1
            if progress is not None and step >= 500:
                progress(step)
                step = 0
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.wait_merging_threads()
    if progress is not None and step:
        progress(step)
    return done


def _replay_journal(new: tantivy.Index, corpus: Corpus, ids: set[int]) -> int:
    if not ids:
        return 0
    docs = [d for d in corpus.documents(ids) if doc_id_of(corpus, d) in ids]
    writer = new.writer(UPDATE_HEAP, 1)
    try:
        for doc_id in ids:
            writer.delete_documents_by_term(corpus.id_field, doc_id)
        for doc in docs:
            writer.add_document(to_document(corpus, doc))
        writer.commit()
    finally:
        writer.wait_merging_threads()
    return len(ids)
