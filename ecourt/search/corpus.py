"""Corpus declarations: what an app puts in the index, with which weights.

A domain app declares its corpora in its own ``search.py`` (found by ``registry.autodiscover``)::

    from ecourt.search.corpus import Corpus, DateField, IntField, KeywordField, TextField
    from ecourt.search.registry import register

    def documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
        qs = LegalDocument.objects.all() if ids is None else LegalDocument.objects.filter(pk__in=ids)
        for d in qs.iterator(chunk_size=2000):
            yield {"id": d.pk, "number": d.number, "title": d.title, "text": d.text, "year": d.year}

    register(Corpus(
        name="laws",
        fields=(
            KeywordField("number", boost=8.0, identifier=True),  # 91/2015/QH13 finds the law itself
            TextField("title", boost=3.0),
            TextField("text"),
            IntField("year", facet=True),
        ),
        documents=documents,
    ))

``documents(None)`` yields every document (a full rebuild streams it, so iterate the database in
chunks); ``documents(ids)`` yields those of ``ids`` that should be searchable; an id it does not yield
is removed from the index (a withdrawn judgment disappears). The weights are documented beside the
declaration, as in docs/search.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

# Suffixes of the hidden Tantivy fields derived from a declared field; declared names may not use "__".
EXACT_SUFFIX = "__exact"
FACET_SUFFIX = "__facet"
BIGRAM_SUFFIX = "__bigrams"
# A hidden int field in every index: the document's sample bucket (0 … SAMPLE_BUCKETS - 1, from a hash of
# its id), so facets over a very broad search are counted on a fixed, unbiased sample (engine._facets).
SAMPLE_FIELD = "sample__"
SAMPLE_BUCKETS = 1024
# Bumped whenever the analyzers or the schema mapping change, so old indexes are detected as outdated.
# 2: the sample field.
SCHEMA_VERSION = 2
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Field options that are left out of the layout hash while off (see Corpus._layout_hash).
_OPT_IN = frozenset({"bigrams"})
# Field options read only when a query is built or its hits are read: they do not change the index.
_QUERY_TIME = frozenset({"boost", "searched", "returned"})

DocumentSource = Callable[[Collection[int] | None], Iterable[Mapping[str, Any]]]


@dataclass(frozen=True)
class TextField:
    """Full text, searched by default: diacritic-insensitive, with an exact copy ranking exact diacritics first.

    ``boost`` weighs a match in this field against the others (title 3 > text 1). ``exact=False``
    saves the second copy (half the index size of this field) where diacritics do not matter; such a
    field's text is indexed as it is (NFC), since folding removes the tone marks whose placement
    ``normalize`` would settle. ``searched=False`` keeps a field out of the words of a query: only a field
    query (``plaintiff:"ngân hàng"``) reaches it.

    ``bigrams=True`` (opt-in) adds a hidden field ``name__bigrams`` holding each pair of adjacent
    syllables as one token (``hợp_đồng``, lower case, diacritics kept; ``analysis.bigram_tokens``).
    Vietnamese words are mostly two syllables, so a matching pair is much stronger evidence than its two
    syllables apart. It is not searched by default: callers that want it address it by name with the
    tokens of ``bigram_tokens`` (``text__bigrams:hợp_đồng``), as the assistant does.

    ``returned=False`` keeps a stored field's text out of ``Hit.fields`` and ``engine.fetch``: it is
    stored for highlighted snippets only. A judgment's 30,000 characters cost more to read out of the
    index and convert than the search that found it, and a list of hits shows snippets, not full texts
    (the judgment's page reads its text from the database).
    """

    name: str
    boost: float = 1.0
    stored: bool = True
    exact: bool = True
    bigrams: bool = False
    searched: bool = True
    returned: bool = True


@dataclass(frozen=True)
class KeywordField:
    """A whole value: filters (court, type), facet counts, and identifiers such as document numbers.

    Matching ignores case and diacritics (``63/2024/nd-cp`` finds ``63/2024/NĐ-CP``); facet counts
    show the value as indexed. ``identifier=True`` lets a number typed in the search box
    (``91/2015/QH13``) match this field with ``boost``. ``many=True`` takes a list of values.
    """

    name: str
    boost: float = 10.0
    identifier: bool = False
    facet: bool = False
    many: bool = False
    stored: bool = True


@dataclass(frozen=True)
class IntField:
    """A 64-bit integer (year, count): filters, ranges (``year:[2015 TO 2020]``), sorting, facet counts."""

    name: str
    facet: bool = False
    stored: bool = True


@dataclass(frozen=True)
class DateField:
    """A date (or an aware datetime with ``with_time=True``): filters, ranges and sorting.

    Dates are indexed as midnight UTC of the day, so a day filter never slips across time zones.
    """

    name: str
    with_time: bool = False
    stored: bool = True


SearchField = TextField | KeywordField | IntField | DateField


@dataclass(frozen=True)
class Corpus:
    """One searchable collection (laws, judgments, Q&A): its fields, its id and where its documents come from.

    ``count`` (optional) gives the progress bar of a rebuild its total. ``embed_text`` (optional) turns
    a document into the passage that ``python -m ecourt search embed`` turns into a dense vector.
    """

    name: str
    fields: tuple[SearchField, ...]
    documents: DocumentSource
    id_field: str = "id"
    count: Callable[[], int] | None = None
    embed_text: Callable[[Mapping[str, Any]], str] | None = None
    description: str = ""
    _by_name: dict[str, SearchField] = dataclass_field(init=False, repr=False, compare=False)
    _fingerprint: str = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"corpus name {self.name!r}: use lower-case letters, digits and _")
        if not _NAME.match(self.id_field):
            raise ValueError(f"corpus {self.name}: id field {self.id_field!r} is not a valid name")
        by_name: dict[str, SearchField] = {}
        for f in self.fields:
            if not _NAME.match(f.name) or "__" in f.name:
                raise ValueError(f"corpus {self.name}: field {f.name!r}: use lower-case letters, digits, single _")
            if f.name in by_name or f.name == self.id_field:
                raise ValueError(f"corpus {self.name}: field {f.name!r} is declared twice")
            if isinstance(f, TextField | KeywordField) and f.boost <= 0:
                raise ValueError(f"corpus {self.name}: field {f.name!r} needs a positive boost")
            by_name[f.name] = f
        if not any(isinstance(f, TextField) for f in self.fields):
            raise ValueError(f"corpus {self.name}: declare at least one TextField")
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_fingerprint", self._layout_hash())

    def field(self, name: str) -> SearchField:
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(sorted(self._by_name))
            raise ValueError(f"corpus {self.name} has no field {name!r} (fields: {known})") from None

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def text_fields(self) -> list[TextField]:
        return [f for f in self.fields if isinstance(f, TextField)]

    @property
    def identifier_fields(self) -> list[KeywordField]:
        return [f for f in self.fields if isinstance(f, KeywordField) and f.identifier]

    @property
    def date_fields(self) -> list[DateField]:
        return [f for f in self.fields if isinstance(f, DateField)]

    def fingerprint(self) -> str:
        """A hash of what decides the index's layout (not the boosts, which apply at query time)."""
        return self._fingerprint

    def _layout_hash(self) -> str:
        layout: list[Any] = [SCHEMA_VERSION, self.id_field]
        for f in self.fields:
            # Opt-in options added later enter the hash only when set, so indexes built before they
            # existed keep their fingerprint (and are not reported outdated).
            entry = {k: v for k, v in f.__dict__.items() if k not in _QUERY_TIME and not (k in _OPT_IN and not v)}
            layout.append([type(f).__name__, entry])
        return hashlib.sha256(json.dumps(layout, sort_keys=True).encode()).hexdigest()[:16]
