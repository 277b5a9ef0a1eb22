"""Fitting the second stage (``rerank.py``) on the tuning sets, with leave-one-set-out validation.

The tuning sets are ALQAC 2022 ``question.json``, 2023 ``private_test.json`` and 2025
``alqac25_private_test_task2.json`` on their own laws (docs/assistant.md, "Sets, and what was tuned on
what"); ALQAC 2024 (the report set) and 2023 ``train.json`` (the same questions as 2024 ``train.json``)
are never read here. For every question the first stage (``retrieval.FIRST_STAGE``) gives its
``depth`` best articles; their features and whether each is gold make one list. Leave-one-set-out:
fit on two sets, score the third; the shipped weights are then fitted on all three
(``python -m ecourt assistant rerank-fit``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import rerank
from .alqac import load_articles, load_questions
from .retrieval import FIRST_STAGE, temporary_index

# name → (laws, questions), relative to the data folder (shared/data).
TUNING_SETS: dict[str, tuple[str, str]] = {
    "alqac-2022": ("alqac-2022/law.json", "alqac-2022/question.json"),
    "alqac-2023-private": ("alqac-2023/law.json", "alqac-2023/private_test.json"),
    "alqac-2025": ("alqac-2025/law_by_document", "alqac-2025/alqac25_private_test_task2.json"),
}
DEPTH = 30  # candidates re-ordered per question
L2 = 0.01
STEPS = 500

Lists = list[tuple[np.ndarray, np.ndarray]]


def candidate_lists(laws: str | Path, questions: str | Path, depth: int = DEPTH) -> Lists:
    """Per question with gold articles: the first stage's ``depth`` articles' features, and gold (0/1)."""
    articles = load_articles(laws)
    out: Lists = []
    with temporary_index(articles) as index:
        for q in load_questions(questions):
            if not q.gold:
                continue
            hits = index.first_stage(q.text, q.choices, FIRST_STAGE, depth)
            x = index.features(q.text, q.choices, hits)
            out.append((x, np.array([float(articles[i].key in q.gold) for i, _ in hits])))
    return out


@dataclass(frozen=True)
class Scores:
    mrr_at_10: float
    hit_at_1: float

    def as_dict(self) -> dict[str, float]:
        return {"mrr_at_10": round(self.mrr_at_10, 4), "hit_at_1": round(self.hit_at_1, 4)}


def score(lists: Lists, weights: np.ndarray | None) -> Scores:
    """MRR@10 and Hit@1 of the lists in the first stage's order (``weights`` None) or re-ordered."""
    rr, hit = [], []
    for x, y in lists:
        order = list(range(len(y))) if weights is None else rerank.Reranker(tuple(weights), len(y)).order(x)
        first = next((n for n, k in enumerate(order[:10]) if y[k]), None)
        rr.append(0.0 if first is None else 1.0 / (first + 1))
        hit.append(float(first == 0))
    return Scores(float(np.mean(rr)) if rr else 0.0, float(np.mean(hit)) if hit else 0.0)


def fit_sets(by_set: Mapping[str, Lists], names: Sequence[str], l2: float = L2, steps: int = STEPS) -> np.ndarray:
    """Weights fitted on the sets ``names``, each set weighing the same whatever its size."""
    lists: Lists = []
    weights: list[float] = []
    for name in names:
        lists += by_set[name]
        weights += [1.0 / max(len(by_set[name]), 1)] * len(by_set[name])
    return rerank.fit(lists, weights, l2=l2, steps=steps)


def leave_one_set_out(by_set: Mapping[str, Lists], l2: float = L2, steps: int = STEPS) -> dict[str, dict[str, Any]]:
    """For each set: the first stage's scores, and the scores re-ordered by weights fitted on the others."""
    out = {}
    for held in by_set:
        w = fit_sets(by_set, [n for n in by_set if n != held], l2, steps)
        out[held] = {
            "questions": len(by_set[held]),
            "first_stage": score(by_set[held], None).as_dict(),
            "reranked": score(by_set[held], w).as_dict(),
        }
    return out


def refit(data_dir: str | Path, out: str | Path = rerank.WEIGHTS_FILE, depth: int = DEPTH) -> dict[str, Any]:
    """Leave-one-set-out figures, then the weights fitted on all tuning sets, written to ``out``."""
    root = Path(data_dir)
    by_set = {name: candidate_lists(root / laws, root / qs, depth) for name, (laws, qs) in TUNING_SETS.items()}
    validation = leave_one_set_out(by_set)
    weights = fit_sets(by_set, list(by_set))
    made = {
        "made_by": "python -m ecourt assistant rerank-fit --data <shared/data> (ecourt/assistant/tuning.py)",
        "made_on": datetime.date.today().isoformat(),
        "sets": {name: list(paths) for name, paths in TUNING_SETS.items()},
        "not_used": "ALQAC 2024 (the report set) and ALQAC 2023 train.json (= 2024 train.json)",
        "loss": "listwise softmax over each question's candidates, sets weighted equally",
        "l2": L2,
        "steps": STEPS,
        "depth": depth,
        "features": list(rerank.FEATURES),
        "weights": [round(float(w), 6) for w in weights],
        "leave_one_set_out": validation,
    }
    Path(out).write_text(json.dumps(made, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rerank.load.cache_clear()
    return made
