"""Recall of the extractor on judgments annotated with the provisions they applied (ALQAC 2026 format).

Each gold line is "name | provisions" as the annotator wrote it ("Bộ luật Dân sự 2005 | Khoản 2 Điều
138", "Bộ luật Tố tụng dân sự 2015 | Điều 30 Khoản 1, Điều 35", "Luật khiếu nại | điều 2 khoản 1 khoản 8")
or a document alone ("Pháp lệnh về án phí, lệ phí Tòa án năm 2009"). It is read by the same extractor —
"provisions name" is itself a citation — and its document identified by the same rules, on the
judgment's date and in its domain, so gold and extraction meet on document numbers.

- article level: each distinct (document, article) of the gold is found if the judgment's text yields a
  citation of that article of that document;
- clause level: each distinct (document, article, clause) — a gold item without a clause is found at
  article level, one with a clause only by a citation of that clause; ``clause_named`` counts only the
  gold items that name a clause;
- documents: gold lines without a provision, found if the text cites that document anywhere.
"""

from __future__ import annotations

import datetime
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ecourt.citations.extractor import Citation, Extractor
from ecourt.citations.header import header_date, header_domain
from ecourt.citations.identity import Identity, identify, identify_all
from ecourt.citations.prepare import prepare
from ecourt.vietnamese import fold

if TYPE_CHECKING:  # the measurement of recall needs no database; resolution_report does
    from ecourt.citations.resolver import Resolver

ERRATA_FILE = Path(__file__).resolve().parent / "data" / "alqac2026-dev-errata.yaml"
_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DOMAINS = {"dan su": "civil", "hinh su": "criminal", "hanh chinh": "administrative"}


@dataclass(frozen=True)
class GoldItem:
    line: str
    document: str  # identity key
    label: str  # number or title, for the report
    article: str | None
    clause: str | None


@dataclass
class JudgmentResult:
    case_id: str
    characters: int
    citations: list[tuple[Citation, Identity]]
    gold: list[GoldItem]
    unread: list[str]  # gold lines the extractor could not read
    header_date_ok: bool | None = None
    header_domain_ok: bool | None = None


@dataclass
class Miss:
    case_id: str
    level: str  # "article", "clause", "document"
    gold: str
    reason: str
    context: str = ""
    erratum: bool = False  # the gold line is in the errata: the text contradicts it


@dataclass
class Report:
    judgments: int = 0
    characters: int = 0
    extract_seconds: float = 0.0
    identify_seconds: float = 0.0
    citations: int = 0
    provision_citations: int = 0
    document_citations: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # level → [found, total]
    counts_less_errata: dict[str, list[int]] = field(default_factory=dict)  # the same without the errata
    errata_items: int = 0  # gold items the errata removed
    misses: list[Miss] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    by_basis: Counter[str] = field(default_factory=Counter)
    header_date: list[int] = field(default_factory=lambda: [0, 0])
    header_domain: list[int] = field(default_factory=lambda: [0, 0])

    def recall(self, level: str, *, less_errata: bool = False) -> float:
        found, total = (self.counts_less_errata if less_errata else self.counts).get(level, [0, 0])
        return found / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "judgments": self.judgments,
            "characters": self.characters,
            "recall": {level: round(self.recall(level), 4) for level in self.counts},
            "recall_less_errata": {level: round(self.recall(level, less_errata=True), 4) for level in self.counts},
            "counts": {level: {"found": f, "total": t} for level, (f, t) in self.counts.items()},
            "counts_less_errata": {
                level: {"found": f, "total": t} for level, (f, t) in self.counts_less_errata.items()
            },
            "errata_items": self.errata_items,
            "citations": self.citations,
            "provision_citations": self.provision_citations,
            "document_citations": self.document_citations,
            "identity_basis": dict(self.by_basis),
            "extract_chars_per_second": round(self.characters / self.extract_seconds) if self.extract_seconds else None,
            "extract_and_identify_chars_per_second": round(
                self.characters / (self.extract_seconds + self.identify_seconds)
            )
            if self.extract_seconds
            else None,
            "header_date_agrees": self.header_date,
            "header_domain_agrees": self.header_domain,
            "misses": [m.__dict__ for m in self.misses],
            "unread_gold_lines": self.unread,
        }


def parse_date(value: str) -> datetime.date | None:
    match = _DATE.search(value or "")
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def domain_of(case_type: str) -> str | None:
    return _DOMAINS.get(fold(case_type or "").strip())


def read_gold(
    lines: str, day: datetime.date, domain: str | None, extractor: Extractor
) -> tuple[list[GoldItem], list[str]]:
    """The gold items of a ``related_law_provisions`` field, and the lines that yield none."""
    items: list[GoldItem] = []
    unread: list[str] = []
    for raw in lines.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, _, provisions = line.partition("|") if "|" in line else (line, "", "")
        # the annotation's own quirks: "Điều 266 (Khoản 2)", a trailing "." or ";"
        provisions = provisions.replace("(", " ").replace(")", " ").strip(" ;.")
        name = name.strip()
        text = f"{provisions} {name}" if provisions else name
        found = False
        for citation in extractor.extract(text):
            identity = identify(citation.document, day, domain, extractor.aliases)
            key = identity.key
            if key is None:
                continue
            if citation.article is None and re.search(r"dieu", fold(provisions)):
                continue  # a provision was written but not read: the line stays unread
            items.append(
                GoldItem(line, key, identity.number or identity.title or "", citation.article, citation.clause)
            )
            found = True
        if not found:
            unread.append(line)
    return items, unread


def run_judgment(record: dict[str, Any], extractor: Extractor, report: Report) -> JudgmentResult:
    day = parse_date(record.get("judgment_date", "")) or datetime.date.today()
    domain = domain_of(record.get("case_type", ""))
    text = record["judgment_text"]
    started = time.perf_counter()
    prepared = prepare(text)
    citations = extractor.extract(prepared)
    report.extract_seconds += time.perf_counter() - started
    started = time.perf_counter()
    identities = identify_all([c.document for c in citations], day, domain, extractor.aliases)
    identified = list(zip(citations, identities, strict=True))
    report.identify_seconds += time.perf_counter() - started
    gold, unread = read_gold(record.get("related_law_provisions", ""), day, domain, extractor)
    result = JudgmentResult(str(record.get("case_id", "")), len(text), identified, gold, unread)
    detected = header_date(prepared)
    result.header_date_ok = detected == day if detected is not None else None
    detected_domain = header_domain(prepared)
    result.header_domain_ok = detected_domain == domain if detected_domain is not None else None
    return result


def score(result: JudgmentResult, text: str, report: Report, errata: list[Erratum] | None = None) -> None:
    articles: dict[tuple[str, str], list[Citation]] = {}
    clauses: set[tuple[str, str, str]] = set()
    documents: set[str] = set()
    by_article_number: dict[str, list[tuple[Citation, Identity]]] = {}
    for citation, identity in result.citations:
        report.by_basis[identity.basis] += 1
        key = identity.key
        if key is not None:
            documents.add(key)
        if citation.article is not None:
            by_article_number.setdefault(citation.article, []).append((citation, identity))
            if key is not None:
                articles.setdefault((key, citation.article), []).append(citation)
                if citation.clause is not None:
                    clauses.add((key, citation.article, citation.clause))

    def found(level: str, item: GoldItem) -> bool:
        if level == "document":
            return item.document in documents
        if level == "article" or (level == "clause" and item.clause is None):
            return (item.document, item.article or "") in articles
        return (item.document, item.article or "", item.clause or "") in clauses

    seen: set[tuple[str, ...]] = set()
    seen_kept: set[tuple[str, ...]] = set()
    for item in result.gold:
        wrong = any(erratum.covers(result.case_id, item) for erratum in errata or [])
        report.errata_items += wrong
        for level, measure in _levels(item):
            ok = found(level, item)
            if (level, *measure) not in seen:
                seen.add((level, *measure))
                counts = report.counts.setdefault(level, [0, 0])
                counts[0] += ok
                counts[1] += 1
                if not ok and level != "clause_named":
                    miss = _why(result, item, level, cited=(by_article_number, articles), text=text)
                    miss.erratum = wrong
                    report.misses.append(miss)
            if not wrong and (level, *measure) not in seen_kept:
                seen_kept.add((level, *measure))
                kept = report.counts_less_errata.setdefault(level, [0, 0])
                kept[0] += ok
                kept[1] += 1


def _levels(item: GoldItem) -> list[tuple[str, tuple[str, ...]]]:
    """The measures a gold item counts in, with the key it is counted once by."""
    if item.article is None:
        return [("document", (item.document,))]
    levels: list[tuple[str, tuple[str, ...]]] = [
        ("article", (item.document, item.article)),
        ("clause", (item.document, item.article, item.clause or "")),
    ]
    if item.clause is not None:
        levels.append(("clause_named", (item.document, item.article, item.clause)))
    return levels


@dataclass(frozen=True)
class Erratum:
    case_id: str
    reason: str
    lines: tuple[str, ...] | None  # None: every line of the judgment
    only_articles: tuple[str, ...] | None = None

    def covers(self, case_id: str, item: GoldItem) -> bool:
        if case_id != self.case_id:
            return False
        if self.lines is not None and " ".join(item.line.split()) not in self.lines:
            return False
        return self.only_articles is None or item.article in self.only_articles


def load_errata(path: Path = ERRATA_FILE) -> list[Erratum]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Erratum(
            case_id=str(entry["case_id"]),
            reason=" ".join(str(entry.get("reason", "")).split()),
            lines=None if entry["lines"] == "all" else tuple(" ".join(str(line).split()) for line in entry["lines"]),
            only_articles=tuple(str(a) for a in entry["only_articles"]) if entry.get("only_articles") else None,
        )
        for entry in entries
    ]


def _why(
    result: JudgmentResult,
    item: GoldItem,
    level: str,
    *,
    cited: tuple[dict[str, list[tuple[Citation, Identity]]], dict[tuple[str, str], list[Citation]]],
    text: str,
) -> Miss:
    """Why a gold item was not found: cited with another document or clause, in the text but not
    read, or not in the text at all."""
    by_article_number, articles = cited
    gold = f"{item.label} | Điều {item.article}" + (f" khoản {item.clause}" if item.clause else "")
    if level == "document":
        return Miss(result.case_id, level, item.line, "the document is not cited in the text")
    if level == "clause":
        of_article = articles.get((item.document, item.article or ""), [])
        if not of_article:
            return Miss(result.case_id, level, gold, "the article is not found either")
        clauses = sorted({c.clause or "-" for c in of_article})
        return Miss(result.case_id, level, gold, f"article cited with clauses {', '.join(clauses)} (- none)")
    others = by_article_number.get(item.article or "", [])
    if others:
        names = sorted({identity.number or identity.title or "(no document)" for _, identity in others})
        sample = others[0][0]
        return Miss(result.case_id, level, gold, f"article cited as of {'; '.join(names)}", sample.text[:160])
    folded = fold(text)
    pattern = re.compile(rf"(?<![\d/]){re.escape(item.article or '')}(?![\d/])")
    near = [m.start() for m in pattern.finditer(folded) if "dieu" in folded[max(0, m.start() - 60) : m.start()]]
    if near:
        at = near[0]
        return Miss(
            result.case_id,
            level,
            gold,
            "in the text but not extracted",
            " ".join(text[max(0, at - 80) : at + 60].split()),
        )
    return Miss(result.case_id, level, gold, "article number not in the text")


def evaluate(
    records: list[dict[str, Any]], extractor: Extractor | None = None, errata: list[Erratum] | None = None
) -> Report:
    extractor = extractor or Extractor()
    report = Report()
    for record in records:
        result = run_judgment(record, extractor, report)
        report.judgments += 1
        report.characters += result.characters
        report.citations += len(result.citations)
        report.provision_citations += sum(1 for c, _ in result.citations if c.kind == "provision")
        report.document_citations += sum(1 for c, _ in result.citations if c.kind == "document")
        report.unread.extend(f"{result.case_id}: {line}" for line in result.unread)
        for ok, tally in ((result.header_date_ok, report.header_date), (result.header_domain_ok, report.header_domain)):
            if ok is not None:
                tally[0] += ok
                tally[1] += 1
        score(result, record["judgment_text"], report, errata)
    return report


def resolution_report(records: list[dict[str, Any]], resolver: Resolver) -> dict[str, Any]:
    """How the citations of the judgments resolve against the corpus in the database: of those whose
    document is in the corpus, how many resolve (article, clause, point found), how many cite a
    provision of a document whose text the corpus does not hold (they resolve to the document only),
    and which miss a provision of a text it holds — the real misses; and which documents cited are not
    in the corpus."""
    from ecourt.citations.resolver import NO_PROVISION, NO_TEXT, RELATIVE

    extractor = Extractor()
    in_corpus = resolved = 0
    by_status: Counter[str] = Counter()
    missing_documents: Counter[str] = Counter()
    no_text: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    started = time.perf_counter()
    characters = 0
    for record in records:
        day = parse_date(record.get("judgment_date", "")) or datetime.date.today()
        text = record["judgment_text"]
        characters += len(text)
        for resolution in resolver.resolve(extractor.extract(text), day, domain_of(record.get("case_type", ""))):
            if resolution.document is None:
                if resolution.identity.number:
                    missing_documents[resolution.identity.number] += 1
                continue
            in_corpus += 1
            by_status[resolution.status] += 1
            resolved += resolution.resolved
            if resolution.status == NO_TEXT:
                no_text[resolution.document.number or resolution.document.title] += 1
            elif not resolution.resolved and resolution.status != RELATIVE:
                failures.append(
                    {
                        "case_id": record.get("case_id"),
                        "text": resolution.citation.text[:120],
                        "reason": resolution.reason,
                        "status": resolution.status,
                    }
                )
    seconds = time.perf_counter() - started
    held = in_corpus - by_status[NO_TEXT]
    if in_corpus == 0:
        summary = "no cited document is in the corpus (import it first: nothing to measure)"
    else:
        summary = (
            f"{resolved}/{in_corpus} citations of documents in the corpus resolve; {by_status[NO_TEXT]} resolve to "
            f"the document only (its text, or the amendment that wrote the article, is not in the corpus); of the "
            f"{held} citing a text the corpus holds, {resolved} resolve and {by_status[NO_PROVISION]} name a "
            f"provision that text does not have"
        )
    return {
        "summary": summary,
        "citations_of_corpus_documents": in_corpus,
        "resolved": resolved,
        "by_status": dict(by_status),
        "citations_of_texts_held": held,
        "text_not_in_corpus": dict(no_text.most_common()),
        "unresolved": failures,
        "documents_not_in_corpus": dict(missing_documents.most_common()),
        "extract_and_resolve_chars_per_second": round(characters / seconds) if seconds else None,
    }
