"""Retrieval metrics of the ALQAC evaluation (BASELINES.md §2; ALQAC's Task 1 formula).

A ranking is a list of article keys, best first; gold is the set of relevant keys. Questions without
gold articles are not scored (callers leave them out).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypeVar

K = TypeVar("K")


def hit_at(ranking: Sequence[K], gold: Collection[K], k: int) -> float:
    """1.0 when a gold article is among the first ``k``, else 0.0."""
    return 1.0 if any(key in gold for key in ranking[:k]) else 0.0


def reciprocal_rank(ranking: Sequence[K], gold: Collection[K], k: int = 10) -> float:
    """1 / the rank of the first gold article within the first ``k`` (0.0 when none is)."""
    for rank, key in enumerate(ranking[:k], start=1):
        if key in gold:
            return 1.0 / rank
    return 0.0


def f2(returned: Collection[K], gold: Collection[K]) -> float:
    """ALQAC's per-question F2: precision = correct / returned, recall = correct / gold,
    F2 = 5·P·R / (4·P + R); 0.0 when nothing correct is returned."""
    correct = len(set(returned) & set(gold))
    if not correct:
        return 0.0
    precision = correct / len(set(returned))
    recall = correct / len(set(gold))
    return 5 * precision * recall / (4 * precision + recall)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
