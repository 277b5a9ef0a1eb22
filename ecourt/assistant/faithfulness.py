"""Citation faithfulness of the extractive answers on an ALQAC set (``assistant faithfulness``).

Every question is answered with the assistant's own retrieval (``retrieval.temporary_index``) and answer
builder (``answers.build``); each citation of each answer is then looked up in the law set given: the law,
the article, and the clause or point it names must exist there. The report gives the share of answers
with any citation that does not resolve (the contract: 0) and how often a cited article is a gold one.

``evidence_points`` gives, per question, the evidence of the top article and whether it is gold: what
``answers.MIN_EVIDENCE`` was calibrated on (ALQAC 2022 and 2023 only).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .alqac import Article, Question, load_articles, load_questions
from .answers import Draft, Passage, build, evidence, units
from .retrieval import DEFAULT, ArticleIndex, temporary_index

DEPTH = 10


def passage_of(article: Article, score: float = 0.0, ref: int = 0) -> Passage:
    body = article.text.split("\n", 1)[1] if "\n" in article.text else article.text
    return Passage(
        number=article.law_id,
        document_title="",
        article=article.article_id,
        title=article.title,
        text=body,
        score=score,
        provision_key=f"dieu-{article.article_id}",
        ref=ref,
    )


def question_text(q: Question) -> str:
    # The options of a multiple-choice question say what the answer is about (as in the ranking).
    return "\n".join([q.text, *q.choices])


def answer(index: ArticleIndex, q: Question) -> Draft:
    ranked = index.rank(q.text, q.choices, params=DEFAULT, depth=DEPTH)
    return build(question_text(q), [passage_of(r.article, r.score) for r in ranked])


@dataclass(frozen=True)
class FaithfulnessReport:
    n: int  # questions
    answered: int  # answers with statements (the others: "I do not know")
    citations: int
    unresolved_answers: int  # answers with any citation that does not resolve in the law set
    gold_cited: int  # answers (with gold known) whose first citation is a gold article
    any_gold_cited: int  # answers whose citations include a gold article
    with_gold: int  # answered questions that have gold articles
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "n": self.n,
            "answered": self.answered,
            "unknown": self.n - self.answered,
            "citations": self.citations,
            "unresolved_share": share(self.unresolved_answers, self.answered),
            "gold_first_share": share(self.gold_cited, self.with_gold),
            "gold_any_share": share(self.any_gold_cited, self.with_gold),
            "seconds": round(self.seconds, 2),
        }


def resolves(
    articles: dict[tuple[str, str], Article], law: str, article: str, clause: str | None, point: str | None
) -> bool:
    """The law set has this article, and the clause and point it names."""
    found = articles.get((law, article))
    if found is None:
        return False
    if clause is None:
        return point is None
    parts = units(passage_of(found).text)
    return any(u.clause == clause and u.point == point for u in parts)


def check(laws: str | Path, questions: str | Path) -> FaithfulnessReport:
    started = time.monotonic()
    articles = load_articles(laws)
    qs = load_questions(questions)
    by_key = {a.key: a for a in articles}
    answered = cited = unresolved = gold_first = gold_any = with_gold = 0
    with temporary_index(articles) as index:
        for q in qs:
            draft = answer(index, q)
            if not draft.known:
                continue
            answered += 1
            keys = [(c.number, c.article) for s in draft.statements for c in s.citations]
            cited += len(keys)
            if not all(
                resolves(by_key, c.number, c.article, c.clause, c.point) for s in draft.statements for c in s.citations
            ):
                unresolved += 1
            if q.gold:
                with_gold += 1
                gold_first += keys[0] in q.gold
                gold_any += any(k in q.gold for k in keys)
    return FaithfulnessReport(
        len(qs), answered, cited, unresolved, gold_first, gold_any, with_gold, time.monotonic() - started
    )


def evidence_points(laws: str | Path, questions: str | Path) -> list[tuple[float, bool]]:
    """(evidence of the top article, whether it is gold) for each question with gold articles."""
    articles: Sequence[Article] = load_articles(laws)
    out: list[tuple[float, bool]] = []
    with temporary_index(articles) as index:
        for q in load_questions(questions):
            if not q.gold:
                continue
            ranked = index.rank(q.text, q.choices, params=DEFAULT, depth=1)
            if not ranked:
                out.append((0.0, False))
                continue
            top = ranked[0].article
            out.append((evidence(question_text(q), passage_of(top)), top.key in q.gold))
    return out
