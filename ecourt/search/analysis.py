"""Vietnamese text analysis for Tantivy, and the schema built from a corpus declaration.

Three analyzers, registered on every ``tantivy.Index`` this module opens or creates, because Tantivy
stores only their names in the index (opening an index without registering them fails at the first
query or writer):

- ``vi_fold``: syllables (simple tokenizer), over-long tokens dropped, lower case, diacritics folded to
  ASCII ("Đồng" → "dong"): "hop dong" finds "hợp đồng" and "hộp đông".
- ``vi_exact``: the same without folding, on a second copy of each text field with a higher boost, so
  a query typed with diacritics ranks the exact word first ("hợp đồng" above "hộp đông").
- ``vi_keyword``: the whole value as one token, lower case, folded: document numbers and codes
  (``63/2024/nd-cp`` finds ``63/2024/NĐ-CP``).
- ``vi_bigram``: for the opt-in ``name__bigrams`` copy of a text field (``TextField(bigrams=True)``):
  the pairs of adjacent syllables made in Python by ``bigram_tokens`` (``hợp_đồng``), split on spaces,
  lower case (Tantivy has no shingle filter).

Folding only works on NFC text (an NFD "hợp" splits into "ho" + "p"), so every text is passed through
``ecourt.vietnamese.normalize`` (NFC, one tone placement) before it is indexed or searched.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import tantivy

from ecourt.vietnamese import normalize

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

FOLD = "vi_fold"
EXACT = "vi_exact"
KEYWORD = "vi_keyword"
BIGRAM = "vi_bigram"
# Joins the two syllables of a bigram token: not a word character for the syllable tokenizers, so a
# bigram token never collides with a syllable.
BIGRAM_JOINER = "_"
# Longer tokens are noise (base64, OCR garbage); no Vietnamese syllable comes close.
_LONGEST_TOKEN = 40
# A match in the exact (unfolded) copy counts this much more than one in the folded copy.
EXACT_BOOST = 2.0


# The letter runs that ecourt.vietnamese.normalize rewrites one by one (its _WORD pattern).
_LETTERS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    return normalize(word)


def normalize_text(text: str) -> str:
    """``ecourt.vietnamese.normalize``, with each distinct word worked out once per process.

    Same result (tested); about ten times faster on long texts, where the per-word tone placement was
    the cost of indexing (a language has a few thousand distinct syllables, a corpus billions of them).
    """
    return _LETTERS.sub(lambda m: _normalize_word(m.group(0)), unicodedata.normalize("NFC", text))


def _fold_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _exact_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _keyword_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _bigram_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(2 * _LONGEST_TOKEN + 1))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


ANALYZERS: dict[str, tantivy.TextAnalyzer] = {
    FOLD: _fold_analyzer(),
    EXACT: _exact_analyzer(),
    KEYWORD: _keyword_analyzer(),
    BIGRAM: _bigram_analyzer(),
}


def register_analyzers(index: tantivy.Index) -> None:
    """Register the analyzers on ``index``: needed every time an index is opened (they are not persisted)."""
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)


def keyword_term(value: str) -> str:
    """The indexed form of a keyword value, for filters built without the query parser."""
    tokens = ANALYZERS[KEYWORD].analyze(normalize_text(value))
    return tokens[0] if tokens else ""


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` as the exact copy of a text field indexes them (lower case, diacritics kept)."""
    return list(ANALYZERS[EXACT].analyze(normalize_text(text)))


def bigram_tokens(text: str) -> list[str]:
    """Each pair of adjacent syllables of ``text`` as one token (``hợp_đồng``), in order, repeats kept:
    what a ``name__bigrams`` field indexes, and what a query addresses to it."""
    return pair_tokens(syllables(text))


def pair_tokens(tokens: Sequence[str]) -> list[str]:
    """``bigram_tokens`` of syllables already split (``syllables``), for callers that need both."""
    return [a + BIGRAM_JOINER + b for a, b in itertools.pairwise(tokens)]


def build_schema(corpus: Corpus) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field(corpus.id_field, stored=True, indexed=True, fast=True)
    sb.add_integer_field(SAMPLE_FIELD, stored=False, indexed=True, fast=True)
    for f in corpus.fields:
        if isinstance(f, TextField):
            sb.add_text_field(f.name, stored=f.stored, tokenizer_name=FOLD)
            if f.exact:
                sb.add_text_field(f.name + EXACT_SUFFIX, stored=False, tokenizer_name=EXACT)
            if f.bigrams:
                sb.add_text_field(f.name + BIGRAM_SUFFIX, stored=False, tokenizer_name=BIGRAM, index_option="freq")
        elif isinstance(f, KeywordField):
            sb.add_text_field(f.name, stored=f.stored, tokenizer_name=KEYWORD, index_option="basic")
            if f.facet:
                # A separate fast copy keeps the value as written for the facet counts ("Hà Nội", not "ha noi").
                sb.add_text_field(f.name + FACET_SUFFIX, fast=True, tokenizer_name="raw", index_option="basic")
        elif isinstance(f, IntField):
            sb.add_integer_field(f.name, stored=f.stored, indexed=True, fast=True)
        else:
            sb.add_date_field(f.name, stored=f.stored, indexed=True, fast=True)
    return sb.build()


def to_datetime(value: datetime.date | datetime.datetime, *, with_time: bool) -> datetime.datetime:
    """The UTC datetime under which a date is indexed: midnight UTC of the day unless ``with_time``."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give an aware datetime")
        if with_time:
            return value.astimezone(datetime.UTC)
        value = value.date()
    return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [v for v in value if v is not None]
    return [value]


def to_document(corpus: Corpus, doc: Mapping[str, Any]) -> tantivy.Document:
    """A Tantivy document from a corpus document (a mapping of declared field names to values)."""
    doc_id = doc_id_of(corpus, doc)
    out = tantivy.Document()
    out.add_integer(corpus.id_field, doc_id)
    out.add_integer(SAMPLE_FIELD, sample_bucket(doc_id))
    for f in corpus.fields:
        values = _values(doc.get(f.name))
        if isinstance(f, TextField):
            _add_text(out, f, values)
        elif isinstance(f, KeywordField):
            if len(values) > 1 and not f.many:
                raise ValueError(f"corpus {corpus.name}, document {doc_id}: field {f.name} takes one value")
            for v in values:
                text = normalize_text(str(v)).strip()
                out.add_text(f.name, text)
                if f.facet:
                    out.add_text(f.name + FACET_SUFFIX, text)
        elif isinstance(f, IntField):
            for v in values[:1]:
                out.add_integer(f.name, int(v))
        else:
            for v in values[:1]:
                out.add_date(f.name, to_datetime(v, with_time=f.with_time))
    return out


def _add_text(out: tantivy.Document, f: TextField, values: list[Any]) -> None:
    for v in values:
        # Folding drops the tone marks, so "hoà" and "hòa" give the same folded token whatever the placement:
        # a field with no exact or bigram copy needs only NFC, not the tone placement (the cost of indexing).
        text = normalize_text(str(v)) if f.exact or f.bigrams else unicodedata.normalize("NFC", str(v))
        out.add_text(f.name, text)
        if f.exact:
            out.add_text(f.name + EXACT_SUFFIX, text)
        if f.bigrams:
            out.add_text(f.name + BIGRAM_SUFFIX, " ".join(bigram_tokens(text)))


def sample_bucket(doc_id: int) -> int:
    """The document's sample bucket: a multiplicative hash of its id, so consecutive ids (a court's
    judgments, one import) spread evenly over the buckets and a bucket range is an unbiased sample."""
    return (((doc_id * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> 32) % SAMPLE_BUCKETS


def doc_id_of(corpus: Corpus, doc: Mapping[str, Any]) -> int:
    value = doc.get(corpus.id_field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"corpus {corpus.name}: document without an integer {corpus.id_field!r}: {value!r}")
    return value


def stored_fields(corpus: Corpus, doc: tantivy.Document) -> dict[str, Any]:
    """The stored values of a hit, by declared field, in the types the corpus declared.

    Fields are read one by one rather than by ``Document.to_dict``: a text field declared
    ``returned=False`` is then never converted at all."""
    out: dict[str, Any] = {}
    for f in corpus.fields:
        if not f.stored or (isinstance(f, TextField) and not f.returned):
            continue
        values = doc.get_all(f.name)
        if isinstance(f, DateField):
            values = [v if f.with_time else v.date() for v in values]
        many = (isinstance(f, KeywordField) and f.many) or (isinstance(f, TextField) and len(values) > 1)
        if many:
            out[f.name] = list(values)
        else:
            out[f.name] = values[0] if values else None
    return out


def ids_of(values: Iterable[int]) -> list[int]:
    ids = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"document ids are integers, not {v!r}")
        ids.append(v)
    return ids
