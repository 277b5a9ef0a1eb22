"""From what a user typed to a Tantivy query, never raising on bad syntax.

The syntax is Tantivy's (docs/search.md): words, "quoted phrases", AND / OR / NOT, + and -,
field:value, ranges. Before Tantivy parses it, a pre-pass

- normalizes the text (NFC, one tone placement), as the documents were;
- turns a bare document number (``91/2015/QH13``, ``63/2024/NĐ-CP``, ``144/TANDTC-PC``) into
  "this number in an identifier field, or this sequence of tokens in the text", which the plain
  tokenizer would otherwise cut into unrelated syllables;
- writes dates of date-field ranges in RFC 3339, which Tantivy requires (users write ``2020-01-31``
  or ``31/01/2020``).

When Tantivy still refuses the query, the words of it are searched as plain terms and the result
carries a notice; when no word is left, the result is empty with the notice. Nothing reaches the user
as an exception.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import tantivy
from django.utils.translation import gettext as _

from ecourt.vietnamese import fold

from .analysis import EXACT_BOOST, keyword_term, normalize_text, to_datetime
from .corpus import EXACT_SUFFIX, Corpus, DateField, IntField, KeywordField, TextField

Operator = Literal["and", "or"]
# Weight of the folded copy of a text field when the query has diacritics (see default_fields).
FOLDED_WHEN_ACCENTED = 0.25
# Weight of a document number found in the text rather than in the corpus's identifier field.
NUMBER_IN_TEXT_BOOST = 0.2

# A document number: digits, an optional year, then a code that starts with a letter
# (91/2015/QH13, 63/2024/NĐ-CP, 01/2017/NQ-HĐTP, 144/TANDTC-PC, 58/2023/AL). Dates (01/02/2020) do not match.
NUMBER = re.compile(r"(?<![\w/:.])\d{1,6}(?:/\d{4})?/[^\W\d_][\w]*(?:[-–][\w]+)*(?![\w/])")
_WORD = re.compile(r"[^\W_]+")
_NOT = re.compile(r"\bNOT\s+")
_FIELD_PREFIX = re.compile(r"[^\W_]+:")  # "title:" in a query that failed: the user meant a field, not a word
_OPERATORS = {"AND", "OR", "NOT", "TO"}
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_DATE_TERM = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}|\*)"


@dataclass(frozen=True)
class Range:
    """An inclusive range filter; either end may be open. On a date field ``lte`` includes the whole day."""

    gte: int | datetime.date | None = None
    lte: int | datetime.date | None = None


FilterValue = str | int | datetime.date | Range | Sequence[str | int | datetime.date]


@dataclass(frozen=True)
class ParsedQuery:
    query: tantivy.Query
    text: str  # what was given to the parser, after the pre-pass
    fallback: bool  # the syntax was not understood and the words were searched instead
    notice: str  # why, for the user ("" when fallback is False)


def default_fields(corpus: Corpus, *, accented: bool = False) -> tuple[list[str], dict[str, float]]:
    """The fields words are searched in, with their boosts.

    A query typed with diacritics says which word the user means: the folded copies then count for
    little, so an exact "hợp đồng" in the text outranks "hộp đông" in a (more heavily boosted) title.
    """
    names: list[str] = []
    boosts: dict[str, float] = {}
    for f in corpus.text_fields:
        if not f.searched:
            continue
        names.append(f.name)
        boosts[f.name] = f.boost * (FOLDED_WHEN_ACCENTED if accented and f.exact else 1.0)
        if f.exact:
            names.append(f.name + EXACT_SUFFIX)
            boosts[f.name + EXACT_SUFFIX] = f.boost * EXACT_BOOST
    return names, boosts


def _quote(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def _number_clause(corpus: Corpus, number: str) -> str:
    parts = [f"{f.name}:{_quote(number)}^{f.boost:g}" for f in corpus.identifier_fields]
    # The number written in a text, as a phrase of its tokens: weak evidence next to the document's own
    # number (a law is cited by hundreds of texts), and a phrase of three rare tokens scores high.
    parts.append(f"{_quote(number)}^{NUMBER_IN_TEXT_BOOST:g}" if parts else _quote(number))
    return "(" + " OR ".join(parts) + ")" if len(parts) > 1 else parts[0]


def _outside_quotes(text: str, rewrite: Any) -> str:
    # Even segments of a split on '"' are outside quoted phrases.
    segments = text.split('"')
    return '"'.join(rewrite(seg) if i % 2 == 0 else seg for i, seg in enumerate(segments))


def _rewrite_numbers(corpus: Corpus, text: str) -> str:
    return _outside_quotes(text, lambda seg: NUMBER.sub(lambda m: _number_clause(corpus, m.group(0)), seg))


def parse_date(value: str) -> datetime.date | None:
    """A date as users write it: 2020-01-31 or 31/01/2020 (None when it is neither)."""
    try:
        if m := _DATE_ISO.match(value):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DATE_VN.match(value):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _rfc3339(day: datetime.date) -> str:
    return to_datetime(day, with_time=False).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_span(value: str) -> tuple[datetime.date, datetime.date] | None:
    """First day and the day after the last of a date or a year."""
    if _YEAR.match(value):
        year = int(value)
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    day = parse_date(value)
    return (day, day + datetime.timedelta(days=1)) if day else None


def _rewrite_dates(corpus: Corpus, text: str) -> str:
    fields = "|".join(re.escape(f.name) for f in corpus.date_fields)
    if not fields:
        return text
    ranged = re.compile(rf"\b({fields}):([\[{{])\s*({_DATE_TERM})\s+TO\s+({_DATE_TERM})\s*([\]}}])")
    compared = re.compile(rf"\b({fields}):(>=|<=|>|<)?({_DATE_TERM})(?![\w/-])")

    def range_sub(m: re.Match[str]) -> str:
        field, left, low, high, right = m.groups()
        lo = _day_span(low) if low != "*" else None
        hi = _day_span(high) if high != "*" else None
        if (low != "*" and lo is None) or (high != "*" and hi is None):
            return m.group(0)
        start = "*" if lo is None else _rfc3339(lo[0] if left == "[" else lo[1])
        # An inclusive end takes in the whole day (or year): up to the start of the next, exclusive.
        end = "*" if hi is None else _rfc3339(hi[1] if right == "]" else hi[0])
        return f"{field}:[{start} TO {end}}}"

    def compare_sub(m: re.Match[str]) -> str:
        field, op, value = m.groups()
        span = _day_span(value) if value != "*" else None
        if span is None:
            return m.group(0)
        first, after = _rfc3339(span[0]), _rfc3339(span[1])
        # A day (or year) is the span [first, after): each comparison is on one end of it.
        return {
            "": f"{field}:[{first} TO {after}}}",
            ">=": f"{field}:>={first}",
            ">": f"{field}:>={after}",
            "<": f"{field}:<{first}",
            "<=": f"{field}:<{after}",
        }[op or ""]

    return _outside_quotes(text, lambda seg: compared.sub(compare_sub, ranged.sub(range_sub, seg)))


def _rewrite_not(text: str) -> str:
    # Tantivy reads "a AND NOT b" as a AND (a query of NOT b alone), which matches nothing; "a AND -b"
    # is read as meant. So every NOT becomes the prefix form.
    return _outside_quotes(text, lambda seg: _NOT.sub("-", seg))


def prepare(corpus: Corpus, text: str) -> str:
    """The query text after the pre-pass (normalized; NOT, numbers and dates rewritten)."""
    return _rewrite_dates(corpus, _rewrite_numbers(corpus, _rewrite_not(normalize_text(text).strip())))


def _parse(index: tantivy.Index, corpus: Corpus, text: str, operator: Operator) -> tantivy.Query:
    names, boosts = default_fields(corpus, accented=fold(text) != text.lower())
    conjunction = operator == "and"
    try:
        return index.parse_query(text, names, field_boosts=boosts, conjunction_by_default=conjunction)
    except ValueError as exc:
        if "Only excluding terms" not in str(exc):
            raise
        # "-word" alone: everything except the word, rather than an error.
        return index.parse_query(f"* {text}", names, field_boosts=boosts, conjunction_by_default=conjunction)


def parse(index: tantivy.Index, corpus: Corpus, text: str, *, operator: Operator = "and") -> ParsedQuery:
    """Parse what the user typed; on bad syntax search its words instead (``fallback``), never raise."""
    prepared = prepare(corpus, text)
    if not prepared:
        return ParsedQuery(tantivy.Query.all_query(), "", fallback=False, notice="")
    no_words = _("The query could not be read and has no words to search for.")
    if prepared != "*" and not _WORD.search(prepared):
        return ParsedQuery(tantivy.Query.empty_query(), "", fallback=True, notice=no_words)
    try:
        return ParsedQuery(_parse(index, corpus, prepared, operator), prepared, fallback=False, notice="")
    except ValueError:
        pass
    plain = _plain(corpus, text)
    if plain:
        try:
            query = _parse(index, corpus, plain, operator)
            notice = _("The query could not be read as written; its words were searched instead.")
            return ParsedQuery(query, plain, fallback=True, notice=notice)
        except ValueError:
            pass
    return ParsedQuery(tantivy.Query.empty_query(), plain, fallback=True, notice=no_words)


def _plain(corpus: Corpus, text: str) -> str:
    """The words of a query that did not parse, each quoted: no syntax left, numbers kept whole."""
    normalized = normalize_text(text)
    numbers = [m.group(0) for m in NUMBER.finditer(normalized)]
    rest = _FIELD_PREFIX.sub(" ", NUMBER.sub(" ", normalized))
    words = [w for w in _WORD.findall(rest) if w not in _OPERATORS]
    return " ".join([_number_clause(corpus, n) for n in numbers] + [_quote(w) for w in words])


def filter_query(schema: tantivy.Schema, corpus: Corpus, filters: Mapping[str, FilterValue]) -> list[tantivy.Query]:
    """One non-scoring query per filtered field; several values of a field are alternatives (OR).

    Filters come from code (a form's cleaned data), so an unknown field or a wrong type raises ValueError.
    """
    out = []
    for name, value in filters.items():
        f = corpus.field(name)
        if isinstance(f, TextField):
            raise ValueError(f"field {name!r} is full text: filter on keyword, int or date fields")
        if isinstance(value, Range):
            q = _range_query(schema, f, value)
        else:
            values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
            if not values:
                continue
            q = tantivy.Query.boolean_query([(tantivy.Occur.Should, _value_query(schema, f, v)) for v in values])
        out.append(tantivy.Query.const_score_query(q, 0.0))
    return out


def _value_query(schema: tantivy.Schema, f: KeywordField | IntField | DateField, value: Any) -> tantivy.Query:
    if isinstance(f, KeywordField):
        return tantivy.Query.term_query(schema, f.name, keyword_term(str(value)))
    if isinstance(f, IntField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"field {f.name!r} takes integers, not {value!r}")
        return tantivy.Query.term_query(schema, f.name, value)
    if not isinstance(value, datetime.date):
        raise ValueError(f"field {f.name!r} takes dates, not {value!r}")
    return _range_query(schema, f, Range(gte=value, lte=value))


def _int_bound(f: IntField, bound: object) -> int | None:
    if bound is None:
        return None
    if isinstance(bound, bool) or not isinstance(bound, int):
        raise ValueError(f"field {f.name!r} takes integer bounds, not {bound!r}")
    return bound


def _range_query(schema: tantivy.Schema, f: KeywordField | IntField | DateField, rng: Range) -> tantivy.Query:
    if isinstance(f, IntField):
        low, high = _int_bound(f, rng.gte), _int_bound(f, rng.lte)
        return tantivy.Query.range_query(schema, f.name, tantivy.FieldType.Integer, low, high)
    if isinstance(f, DateField):
        lower = upper = None
        for bound in (rng.gte, rng.lte):
            if bound is not None and not isinstance(bound, datetime.date):
                raise ValueError(f"field {f.name!r} takes date bounds, not {bound!r}")
        if isinstance(rng.gte, datetime.date):
            lower = to_datetime(rng.gte, with_time=f.with_time)
        if isinstance(rng.lte, datetime.date):
            last = rng.lte
            if isinstance(last, datetime.datetime) and f.with_time:
                upper = to_datetime(last, with_time=True)
                return tantivy.Query.range_query(schema, f.name, tantivy.FieldType.Date, lower, upper)
            day = last.date() if isinstance(last, datetime.datetime) else last
            upper = to_datetime(day + datetime.timedelta(days=1), with_time=False)
        return tantivy.Query.range_query(schema, f.name, tantivy.FieldType.Date, lower, upper, include_upper=False)
    raise ValueError(f"field {f.name!r} is a keyword: filter it by values, not by a range")


def combine(main: tantivy.Query, filters: Sequence[tantivy.Query]) -> tantivy.Query:
    if not filters:
        return main
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in (main, *filters)])
