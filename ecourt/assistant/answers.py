"""Extractive answers: statements cut from retrieved provisions, each with its citation.

The builder works on ``Passage`` objects, whatever corpus they come from (the platform's "provisions"
search corpus, knowledge.py; or an ALQAC law set, faithfulness.py): an article's text as it stood in the
period that covers the relevant day, with the document and the period's dates.

For each passage kept, the statement is the unit of its text — the lead-in, a clause, or a point with its
clause's opening words — whose words match the question best; the citation names that clause and point.
Nothing is stated that is not a passage's own words.

Weak evidence: ``evidence`` is the share of the question's syllable pairs (Vietnamese words are mostly
two syllables) found in the passage's title and text. Below ``MIN_EVIDENCE`` the assistant says it does
not know. The threshold was calibrated on ALQAC 2022 (question.json) and 2023 (private_test.json), never
on ALQAC 2024: it is the value below which the top article is right less often than not
(docs/assistant.md, "Weak evidence").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ecourt.search.analysis import bigram_tokens, syllables

# Calibrated on ALQAC 2022 + 2023 (docs/assistant.md): below it the top article is wrong more often than right.
MIN_EVIDENCE = 0.30
MAX_STATEMENTS = 3
# A further passage is stated only when its evidence is at least this share of the best one's.
RELATIVE_EVIDENCE = 0.75

_CLAUSE = re.compile(r"^\s*(\d{1,3}[a-z]?)\.\s+")
_POINT = re.compile(r"^\s*([a-zđ]\d?)\)\s+")


@dataclass(frozen=True)
class Passage:
    """An article's text over one period, as retrieved for a question."""

    number: str  # the document's number, or the ALQAC law id
    document_title: str
    article: str  # "6", "4a"
    title: str  # the article's heading
    text: str  # the whole article (lead-in, "1. …", "a) …") in that period
    score: float = 0.0  # the retrieval's score (BM25, or fused)
    document_key: str = ""  # the corpus page's key, "" when not in the corpus
    provision_key: str = ""  # "dieu-6"
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None  # first day no longer in force; None: still
    ref: int = 0  # the search document's id (a ProvisionVersion id, or a position)


@dataclass(frozen=True)
class Unit:
    clause: str | None
    point: str | None
    text: str


@dataclass
class Citation:
    number: str
    document_title: str
    article: str
    clause: str | None = None
    point: str | None = None
    document_key: str = ""
    provision_key: str = ""  # the cited provision: "dieu-6/khoan-3"
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    url: str | None = None
    verdict: str | None = None  # the citator's code once checked
    # how a document without a number is cited: its short title ("Hiến pháp năm 2013"); filled in by
    # the check (checking.check_citation), not part of the answer's data
    document_name: str = ""

    @property
    def label(self) -> str:
        parts = [f"điểm {self.point}" if self.point else "", f"khoản {self.clause}" if self.clause else ""]
        parts.append(f"Điều {self.article}")
        return " ".join(p for p in parts if p)

    @property
    def written(self) -> str:
        """The citation in the form the citator reads back whole: "khoản 3 Điều 6 45/2026/NĐ-CP" (a long
        title between the article and the number would part them). A document without a number (the
        Constitution) is written by its name, the short title with its year when known: "khoản 2 Điều 14
        Hiến pháp năm 2013"."""
        return f"{self.label} {self.number or self.document_name or self.document_title}".strip()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["document_name"]
        data["label"] = self.label
        data["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        data["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for name in ("valid_from", "valid_to"):
            if values.get(name):
                values[name] = datetime.date.fromisoformat(values[name])
        return cls(**values)


@dataclass
class Statement:
    text: str
    citations: list[Citation]
    source_title: str = ""  # the article's heading
    source_text: str = ""  # the whole article in force (shown beside the answer)
    evidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": [c.as_dict() for c in self.citations],
            "source_title": self.source_title,
            "source_text": self.source_text,
            "evidence": round(self.evidence, 4),
        }


@dataclass
class Draft:
    """An answer before it is shown: its statements, and the citations the check removed."""

    statements: list[Statement] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)  # citation + verdict + reason
    evidence: float = 0.0  # of the best passage
    method: str = "extractive"  # or "generated"

    @property
    def known(self) -> bool:
        return bool(self.statements)


def _pairs(text: str) -> set[str]:
    return set(bigram_tokens(text))


def _words(text: str) -> set[str]:
    return set(syllables(text))


def evidence(question: str, passage: Passage) -> float:
    """Share of the question's syllable pairs found in the passage's heading and text (0 to 1)."""
    wanted = _pairs(question)
    if not wanted:
        return 0.0
    return len(wanted & _pairs(f"{passage.title}\n{passage.text}")) / len(wanted)


def units(text: str) -> list[Unit]:
    """The lead-in, each clause's own line and each point (with its clause's opening line), in order."""
    out: list[Unit] = []
    clause: str | None = None
    clause_line = ""
    for raw in re.split(r"[\n\t]+", text):
        line = raw.strip()
        if not line:
            continue
        if (m := _CLAUSE.match(line)) is not None:
            clause, clause_line = m.group(1), line
            out.append(Unit(clause, None, line))
        elif (m := _POINT.match(line)) is not None and clause is not None:
            out.append(Unit(clause, m.group(1), f"{clause_line} {line}"))
        else:
            out.append(Unit(clause, None, line))
    return out


def _unit_score(question_pairs: set[str], question_words: set[str], unit: Unit) -> float:
    return 2 * len(question_pairs & _pairs(unit.text)) + len(question_words & _words(unit.text))


def best_unit(question: str, passage: Passage) -> Unit:
    """The part of the article that matches the question best (the lead-in on ties: it comes first)."""
    found = units(passage.text) or [Unit(None, None, passage.title)]
    pairs, words = _pairs(question), _words(question)
    return max(found, key=lambda u: _unit_score(pairs, words, u))


def cite(passage: Passage, unit: Unit) -> Citation:
    key = passage.provision_key
    if key and unit.clause:
        key += f"/khoan-{unit.clause}"
        if unit.point:
            key += f"/diem-{'dd' if unit.point == 'đ' else unit.point}"
    return Citation(
        number=passage.number,
        document_title=passage.document_title,
        article=passage.article,
        clause=unit.clause,
        point=unit.point,
        document_key=passage.document_key,
        provision_key=key,
        valid_from=passage.valid_from,
        valid_to=passage.valid_to,
    )


def build(question: str, passages: Sequence[Passage], *, min_evidence: float = MIN_EVIDENCE) -> Draft:
    """Statements from the best passages (in the retrieval's order), or none when the evidence is weak."""
    if not passages:
        return Draft()
    scored = [(p, evidence(question, p)) for p in passages]
    top = scored[0][1]
    draft = Draft(evidence=top)
    if top < min_evidence:
        return draft
    for passage, strength in scored:
        if len(draft.statements) >= MAX_STATEMENTS:
            break
        if strength < min_evidence or strength < RELATIVE_EVIDENCE * top:
            continue
        unit = best_unit(question, passage)
        draft.statements.append(
            Statement(
                text=unit.text,
                citations=[cite(passage, unit)],
                source_title=f"Điều {passage.article}. {passage.title}".rstrip(". "),
                source_text=passage.text,
                evidence=strength,
            )
        )
    return draft
