"""Every citation of an answer checked with the citator before the answer is shown.

The citator (``ecourt.citations.verification.check_text``, what ``cite check`` runs) reads the citation
as a judge writes it ("khoản 3 Điều 6 Nghị định … số 45/2026/NĐ-CP") and gives its verdict on the relevant
day. A citation stays only when it resolves to the very provision cited and that provision was in force
that day (``valid``; ``amended``: in force, its text changed since by another document — the passage is
the text in force). Anything else (not found, not yet in force, repealed, replaced, expired, renumbered,
unverifiable) is removed, with the verdict's explanation, and a statement left without a citation is
dropped: nothing is stated without a source.

Generated drafts (llm.py) are checked sentence by sentence: the citations are those the citator's
extractor finds in each sentence.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils.translation import gettext as _

from ecourt.citations.presentation import provision_url
from ecourt.citations.verification import Verdict, check_text
from ecourt.laws.models import LegalDocument

from .answers import Citation, Draft, Statement

IN_FORCE = {"valid", "amended"}
# A generated citation of a real provision in force that was not among the passages given to the model.
NOT_IN_PASSAGES = "not_in_passages"
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ỹ“\"(])")


def _removed(citation: dict[str, Any], verdict: Verdict | None, reason: str) -> dict[str, Any]:
    return {
        "citation": citation,
        "verdict": verdict.code if verdict else "not_found",
        "reason": reason,
    }


def _same_provision(citation: Citation, verdict: Verdict) -> bool:
    """Whether the citator read back the very provision cited: the same document (by its number, and
    its key when the citation has one; by its key alone for a document without a number, which must
    then be known) and the same provision."""
    if verdict.document is None or verdict.provision is None:
        return False
    if citation.number:
        same_document = (
            verdict.document.key == citation.document_key if citation.document_key else True
        ) and verdict.document.number.casefold() == citation.number.casefold()
    else:
        same_document = bool(citation.document_key) and verdict.document.key == citation.document_key
    return same_document and (not citation.provision_key or verdict.provision == citation.provision_key)


def _named(citation: Citation) -> Citation:
    """A citation of a document without a number (the Constitution), given the document's name to be
    written by: its short title ("Hiến pháp năm 2013", the year pins the version), else its title."""
    if citation.number or citation.document_name or not citation.document_key:
        return citation
    row = LegalDocument.objects.filter(key=citation.document_key).values_list("short_title", "title").first()
    if row is not None:
        citation.document_name = row[0] or row[1]
    return citation


def check_citation(citation: Citation, day: datetime.date) -> tuple[bool, Verdict | None]:
    """The citator's verdict on ``citation`` on ``day``, and whether the citation may stay."""
    report = check_text(_named(citation).written, day)
    verdicts = [v for v in report.verdicts if v.code != "internal"]
    if not verdicts:
        return False, None
    verdict = verdicts[-1]  # the most specific provision named (a chain names the point last)
    return (verdict.code in IN_FORCE and _same_provision(citation, verdict)), verdict


def check_draft(draft: Draft, day: datetime.date) -> Draft:
    """The draft with every citation checked: failing ones removed (and listed), bare statements dropped."""
    kept: list[Statement] = []
    for statement in draft.statements:
        good: list[Citation] = []
        for citation in statement.citations:
            ok, verdict = check_citation(citation, day)
            if ok and verdict is not None:
                citation.verdict = verdict.code
                citation.url = provision_url(citation.document_key or verdict.document.key, citation.provision_key)  # type: ignore[union-attr]
                good.append(citation)
            else:
                draft.removed.append(
                    _removed(citation.as_dict(), verdict, verdict.explanation if verdict else "not found")
                )
        if good:
            statement.citations = good
            kept.append(statement)
    draft.statements = kept
    return draft


def _citation_of(verdict: Verdict) -> Citation:
    doc = verdict.document
    return Citation(
        number=doc.number if doc else "",
        document_title=doc.title if doc else "",
        article=verdict.article or "",
        clause=verdict.clause,
        point=verdict.point,
        document_key=doc.key if doc else "",
        provision_key=verdict.provision or "",
        valid_from=verdict.valid_from,
        verdict=verdict.code,
        url=provision_url(doc.key if doc else None, verdict.provision),
    )


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.replace("\n", " ")) if s.strip()]


def check_generated(text: str, day: datetime.date, sources: dict[tuple[str, str], str]) -> Draft:
    """A model's draft, sentence by sentence: a sentence stays when it cites at least one provision, every
    provision it cites is in force on ``day``, and each is one of the passages the model was given (the
    model drafts from them only: a real provision it knew from elsewhere is removed too). ``sources``:
    (document number, article key) → the passage's text, shown beside the statement. A citation removed
    again in a later sentence is listed once."""
    draft = Draft(method="generated")
    listed: set[tuple[str, str]] = set()

    def remove(v: Verdict, code: str, reason: str) -> None:
        if (v.cited, code) in listed:
            return
        listed.add((v.cited, code))
        removed = _removed({"text": v.text, "label": v.cited}, v, reason)
        removed["verdict"] = code
        draft.removed.append(removed)

    for sentence in sentences(text):
        report = check_text(sentence, day)
        verdicts = [v for v in report.verdicts if v.code != "internal"]
        if not verdicts:
            continue  # nothing stated without a source
        bad = [v for v in verdicts if v.code not in IN_FORCE or v.provision is None]
        for v in bad:
            remove(v, v.code, v.explanation)
        citations = [_citation_of(v) for v in verdicts if v not in bad]
        outside = [
            (v, c)
            for v, c in zip([v for v in verdicts if v not in bad], citations, strict=True)
            if (c.number, c.provision_key.split("/")[0]) not in sources
        ]
        for v, _c in outside:
            remove(v, NOT_IN_PASSAGES, _("Not among the passages the answer was to be drawn from."))
        if bad or outside:
            continue
        first = citations[0]
        article_key = first.provision_key.split("/")[0]
        draft.statements.append(
            Statement(
                text=sentence,
                citations=citations,
                source_title=f"Điều {first.article}",
                source_text=sources.get((first.number, article_key), verdicts[0].text_in_force or ""),
            )
        )
    return draft


_KEY_PART = re.compile(r"^(dieu|khoan|diem)-(\w+)$")


def citation_of_source(number: str, document_key: str, provision_key: str) -> Citation:
    """A standardized answer's source (document number, provision key "dieu-6/khoan-3/diem-a") as a
    citation ``check_citation`` can read back."""
    parts = {m.group(1): m.group(2) for p in provision_key.split("/") if (m := _KEY_PART.match(p))}
    point = parts.get("diem")
    return Citation(
        number=number,
        document_title="",
        article=parts.get("dieu", ""),
        clause=parts.get("khoan"),
        point="đ" if point == "dd" else point,
        document_key=document_key,
        provision_key=provision_key,
    )


def check_source(
    cited_as: str, number: str, document_key: str, provision_key: str, day: datetime.date
) -> Verdict | None:
    """The citator's verdict on a standardized answer's source on ``day`` when the source may be relied on
    (in force, the very provision cited), else None. A provision is checked as a statement's citation is
    (``check_citation``; a document without a number, the Constitution, by its key); a whole document, as
    the expert wrote it."""
    if provision_key and (number or document_key):
        ok, verdict = check_citation(citation_of_source(number, document_key, provision_key), day)
        return verdict if ok else None
    verdicts = [v for v in check_text(cited_as, day).verdicts if v.code != "internal"]
    if not verdicts or verdicts[-1].code not in IN_FORCE:
        return None
    return verdicts[-1]
