"""The ALQAC retrieval evaluation behind ``python -m ecourt assistant eval`` (docs/assistant.md).

It indexes the laws in a temporary search directory with the assistant's own corpus and query code
(``retrieval``), ranks the articles for every question and scores the rankings: Hit@1, Hit@10, MRR@10
and ALQAC's macro-F2 with the top article returned (returning one article is what maximises F2 here,
BASELINES.md §2). Questions without gold articles are ranked (for ``--predictions``) but not scored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import metrics
from .alqac import load_articles, load_questions
from .retrieval import BASELINE, DEFAULT, Params, temporary_index

# How many articles a prediction lists per question (Hit@10 and MRR@10 need ten).
PREDICTION_DEPTH = 10


@dataclass(frozen=True)
class Report:
    n: int  # questions scored (those with gold articles)
    hit_at_1: float
    hit_at_10: float
    mrr_at_10: float
    macro_f2: float
    seconds: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "hit_at_1": round(self.hit_at_1, 4),
            "hit_at_10": round(self.hit_at_10, 4),
            "mrr_at_10": round(self.mrr_at_10, 4),
            "macro_f2": round(self.macro_f2, 4),
            "seconds": round(self.seconds, 2),
        }


def evaluate(
    laws: str | Path, questions: str | Path, *, baseline: bool = False, params: Params | None = None
) -> tuple[Report, dict[str, list[list[str]]]]:
    """Rank and score; returns the report and the predictions ``{question_id: [[law_id, article_id], …]}``.

    ``baseline`` ranks with the plain BM25 over syllables + bigrams of BASELINES.md §2 (the question and
    its options as one text) instead of the assistant's weights. Bad files raise ``alqac.AlqacFormatError``.
    """
    started = time.monotonic()
    articles = load_articles(laws)
    qs = load_questions(questions)
    chosen = params or (BASELINE if baseline else DEFAULT)
    predictions: dict[str, list[list[str]]] = {}
    hit1, hit10, rr, f2 = [], [], [], []
    with temporary_index(articles) as index:
        for q in qs:
            ranking = [r.article.key for r in index.rank(q.text, q.choices, params=chosen, depth=PREDICTION_DEPTH)]
            predictions[q.id] = [list(key) for key in ranking]
            if not q.gold:
                continue
            hit1.append(metrics.hit_at(ranking, q.gold, 1))
            hit10.append(metrics.hit_at(ranking, q.gold, 10))
            rr.append(metrics.reciprocal_rank(ranking, q.gold, 10))
            f2.append(metrics.f2(ranking[:1], q.gold))
    report = Report(
        n=len(rr),
        hit_at_1=metrics.mean(hit1),
        hit_at_10=metrics.mean(hit10),
        mrr_at_10=metrics.mean(rr),
        macro_f2=metrics.mean(f2),
        seconds=time.monotonic() - started,
    )
    return report, predictions
