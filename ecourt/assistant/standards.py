"""Standardized answers and precedents the assistant shows beside the provisions.

Standardized answers (the "qa" corpus, ecourt/qa/search.py) are found with the question's words, then
judged on the database's record, the index serving only to find them:

- ``match``: how alike the judge's question and the standardized question are — the F1 of their sets of
  syllable pairs (Vietnamese words are mostly two syllables), the better of the canonical question and
  the question as first asked. It is symmetric, so a short question does not "match" every long one
  that contains its words, nor the reverse. ``STRONG_MATCH`` makes an answer the main answer;
  ``RELATED_MATCH`` shows it below as related. Both calibrated on ALQAC questions (docs/assistant.md,
  "Standardized answers and precedents").
- only an answer whose every source was in force on the facts date, and was the very provision cited,
  is used (``checking.check_source``: the citator, as for the statements); an answer with one source
  that fails is left out entirely — its text may rest on it;
- an answer with an open review flag (a provision it cites changed) is shown with a warning, never as the
  main answer.

Precedents (the "precedents" corpus, ecourt/precedents/search.py) are shown when they apply on the facts
date (``Precedent.applies_on``: effective, not abolished) and their evidence — the share of the question's
syllable pairs in the precedent's title, principle and passage, the measure the statements use — reaches
``answers.MIN_EVIDENCE``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse

from ecourt.citations.presentation import provision_url
from ecourt.search import engine
from ecourt.search.analysis import bigram_tokens, syllables
from ecourt.search.storage import IndexOutdatedError, SearchBusyError

from . import answers, checking

QA = "qa"
PRECEDENTS = "precedents"
# Calibrated on the pairs of ALQAC 2022 + 2023 questions (docs/assistant.md): from 0.75 up, two
# questions have the same gold articles in 9 pairs out of 10 (141/156); from 0.45, more often than not
# (231/420); below, rarely (0.40–0.45: 11 %).
STRONG_MATCH = 0.75
RELATED_MATCH = 0.45
QA_DEPTH = 10
QA_SHOWN = 3
PRECEDENT_DEPTH = 10
PRECEDENTS_SHOWN = 3
PRINCIPLE_CHARS = 400


def _query(text: str) -> str:
    return " ".join(syllables(text))


def match(question: str, other: str) -> float:
    """F1 of the two texts' sets of syllable pairs (0 to 1)."""
    a, b = set(bigram_tokens(question)), set(bigram_tokens(other))
    common = len(a & b)
    if not common:
        return 0.0
    return 2 * common / (len(a) + len(b))


def _hits(corpus: str, question: str, depth: int) -> list[int]:
    query = _query(question)
    if not query:
        return []
    try:
        results = engine.search(corpus, query, page_size=depth, operator="or")
    except (IndexOutdatedError, SearchBusyError, KeyError, ValueError):
        return []  # no index yet, or one being rebuilt: nothing found rather than a failure
    return [h.id for h in results.hits]


def _url(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def standard_answers(question: str, day: datetime.date) -> list[dict[str, Any]]:
    """Standardized answers to a question like ``question`` whose sources were in force on ``day``: the
    main answer first (``main``: strong match, no open review flag), then related and flagged ones."""
    try:
        from ecourt.qa.models import ReviewFlag, StandardAnswer
    except ImportError:
        return []
    ids = _hits(QA, question, QA_DEPTH)
    if not ids:
        return []
    rows = (
        StandardAnswer.objects.filter(pk__in=ids, current_version__isnull=False)
        .select_related("current_version__approved_by")
        .prefetch_related("current_version__sources__document")
    )
    flagged = set(
        ReviewFlag.objects.filter(answer__in=ids, resolved_at__isnull=True).values_list("answer_id", flat=True)
    )
    found: list[dict[str, Any]] = []
    for row in rows:
        version = row.current_version
        assert version is not None
        strength = max(match(question, version.question), match(question, row.question_as_asked))
        if strength < RELATED_MATCH:
            continue
        sources = _checked_sources(version, day)
        if sources is None:
            continue  # a source not in force on the day: the answer may rest on it
        approver = version.approved_by
        found.append(
            {
                "id": row.pk,
                "question": version.question,
                "text": version.text,
                "version": version.seq,
                "approved_by": str(approver) if approver else "",
                "approved_at": version.approved_at.date().isoformat() if version.approved_at else None,
                "as_of": version.as_of.isoformat(),
                "flagged": row.pk in flagged,
                "match": round(strength, 4),
                "main": False,
                "url": _url("qa:answer", pk=row.pk),
                "sources": sources,
            }
        )
    found.sort(key=lambda a: (a["flagged"], -a["match"], a["id"]))
    if found and not found[0]["flagged"] and found[0]["match"] >= STRONG_MATCH:
        found[0]["main"] = True
    return found[:QA_SHOWN]


def _checked_sources(version: Any, day: datetime.date) -> list[dict[str, Any]] | None:
    out: list[dict[str, Any]] = []
    for source in version.sources.all():
        document_key = source.document.key if source.document is not None else ""
        verdict = checking.check_source(
            source.cited_as, source.document_number, document_key, source.provision_key, day
        )
        if verdict is None:
            return None
        key = document_key or (verdict.document.key if verdict.document is not None else "")
        out.append(
            {
                "cited_as": source.cited_as,
                "number": source.document_number,
                "provision_key": source.provision_key,
                "verdict": verdict.code,
                "url": provision_url(key or None, source.provision_key or None),
            }
        )
    return out


def precedents(question: str, day: datetime.date) -> list[dict[str, Any]]:
    """Precedents that apply on ``day`` and bear on ``question`` (best evidence first)."""
    try:
        from ecourt.precedents.models import Precedent
    except ImportError:
        return []
    ids = _hits(PRECEDENTS, question, PRECEDENT_DEPTH)
    if not ids:
        return []
    found: list[tuple[float, Precedent]] = []
    for p in Precedent.objects.filter(pk__in=ids):
        if not p.applies_on(day):
            continue  # abolished by then, or not yet applicable: never shown
        passage = answers.Passage(
            number=p.number, document_title="", article="", title=p.title, text=f"{p.principle}\n{p.content}"
        )
        strength = answers.evidence(question, passage)
        if strength >= answers.MIN_EVIDENCE:
            found.append((strength, p))
    found.sort(key=lambda x: (-x[0], x[1].number))
    return [
        {
            "number": p.number,
            "title": p.title,
            "principle": p.principle[:PRINCIPLE_CHARS],
            "effective_on": p.effective_on.isoformat() if p.effective_on else None,
            "evidence": round(strength, 4),
            "url": _url("precedents:detail", number=p.number),
        }
        for strength, p in found[:PRECEDENTS_SHOWN]
    ]
