"""A second stage for the assistant's article ranking: a linear model over features of (question, article).

The first stage (``retrieval.ArticleIndex.rank``, one weighted BM25 query) gives the candidates; this
module re-orders its first ``depth`` articles by ``weights · features``. The features (``FEATURES``)
are the first stage's own score and rank, and plain evidence the single query sums away: how much of
the question's syllables and syllable pairs (weighted by IDF) the article holds, in its text and in its
title, how much of the best option of a multiple-choice question, the longest run of the question's
syllables it holds, its length, whether it is of the law the question names, the definitions article
of a question asking what a term is, the article the question cites, where it stands in its law.

The weights are learned on the tuning sets only (ALQAC 2022, 2023 private test, 2025; never ALQAC
2024) with a listwise softmax loss (``fit``) and shipped in ``rerank_weights.json`` with how they were
made; ``python -m ecourt assistant rerank-fit`` refits them (docs/assistant.md, "Third round").
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ecourt.search.analysis import syllables

from .alqac import Article

WEIGHTS_FILE = Path(__file__).with_name("rerank_weights.json")
# The title of the article of a Vietnamese law that defines its terms.
DEFINITIONS_TITLE = "giải thích từ ngữ"

FEATURES: tuple[str, ...] = (
    "score_rel",  # the first stage's score / the best score of the question
    "log_rank",  # log(1 + rank), rank 0 first
    "text_unigram_cov",  # IDF share of the question's distinct syllables found in the article's text
    "text_bigram_cov",  # the same for its syllable pairs
    "title_unigram_cov",  # … in the article's title
    "title_bigram_cov",
    "option_bigram_max",  # the best option's pair coverage (0 without options)
    "option_bigram_mean",
    "longest_run",  # longest run of the question's syllables whose adjacent pairs the article holds, / 10, ≤ 1
    "log_length",  # log(1 + syllables of the article)
    "named_law",  # the question names a law and this article is of it
    "other_law",  # the question names a law and this article is of another
    "definitions",  # the question asks what a term is and this is a "Giải thích từ ngữ" article
    "cited",  # the question cites this article's number (and its law, when it names one)
    "law_position",  # the article's place in its law, 0 (first) to 1 (last)
    "bigram_cov_gap",  # text_bigram_cov minus the best text_bigram_cov among the candidates
    "unigram_cov_gap",
    "title_in_question",  # IDF share of the title's syllable pairs found in the question (or its options)
    "bigram_bm25_rel",  # BM25 of the question's pairs in the text (k1 1.2, b 0.75) / the best among the candidates
)


def _pairs(tokens: Sequence[str]) -> list[str]:
    return [a + "_" + b for a, b in itertools.pairwise(tokens)]


class ArticleStats:
    """What the features need of every article of an index: token sets, IDFs, lengths, places in laws."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self.unigrams: list[frozenset[str]] = []
        self.bigrams: list[frozenset[str]] = []
        self.title_unigrams: list[frozenset[str]] = []
        self.title_bigrams: list[frozenset[str]] = []
        self.lengths: list[int] = []
        self.is_definitions: list[bool] = []
        self.pair_counts: list[Counter[str]] = []
        df_uni: Counter[str] = Counter()
        df_bi: Counter[str] = Counter()
        for a in articles:
            toks = syllables(a.text)
            uni, bi = frozenset(toks), frozenset(_pairs(toks))
            title = syllables(a.title)
            self.unigrams.append(uni)
            self.bigrams.append(bi)
            self.title_unigrams.append(frozenset(title))
            self.title_bigrams.append(frozenset(_pairs(title)))
            self.is_definitions.append(DEFINITIONS_TITLE in " ".join(title))
            self.lengths.append(len(toks))
            self.pair_counts.append(Counter(_pairs(toks)))
            df_uni.update(uni)
            df_bi.update(bi)
        n = len(articles)
        self._n = n
        self.mean_length = sum(self.lengths) / n if n else 0.0
        self.idf_uni = {t: _idf(n, k) for t, k in df_uni.items()}
        self.idf_bi = {t: _idf(n, k) for t, k in df_bi.items()}
        by_law: dict[str, list[int]] = {}
        for i, a in enumerate(articles):
            by_law.setdefault(a.law_id, []).append(i)
        self.position = [0.0] * n
        for ids in by_law.values():
            for place, i in enumerate(ids):
                self.position[i] = place / max(len(ids) - 1, 1)

    def unigram_idf(self, token: str) -> float:
        return self.idf_uni.get(token, _idf(self._n, 0))

    def bigram_idf(self, token: str) -> float:
        return self.idf_bi.get(token, _idf(self._n, 0))


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _coverage(wanted: dict[str, float], have: frozenset[str]) -> float:
    total = sum(wanted.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in wanted.items() if t in have) / total


def _longest_run(tokens: Sequence[str], pairs: frozenset[str]) -> int:
    best = run = 1 if tokens else 0
    for pair in _pairs(tokens):
        run = run + 1 if pair in pairs else 1
        best = max(best, run)
    return best


@dataclass(frozen=True)
class QuestionInfo:
    """What the features need of a question (computed once per question)."""

    tokens: tuple[str, ...]
    unigrams: dict[str, float]  # distinct syllable → IDF
    bigrams: dict[str, float]
    options: tuple[dict[str, float], ...]  # each option's distinct pairs → IDF
    all_pairs: frozenset[str]  # the pairs of the question and of its options
    laws: tuple[str, ...]  # the laws it names
    definition: bool  # asks what a term is
    cited: tuple[str, ...]  # article numbers it cites


def question_info(
    stats: ArticleStats,
    text: str,
    choices: Sequence[str],
    *,
    laws: Sequence[str],
    definition: bool,
    cited: Sequence[str],
) -> QuestionInfo:
    toks = syllables(text)
    options = tuple({t: stats.bigram_idf(t) for t in _pairs(syllables(c))} for c in choices)
    return QuestionInfo(
        tokens=tuple(toks),
        unigrams={t: stats.unigram_idf(t) for t in toks},
        bigrams={t: stats.bigram_idf(t) for t in _pairs(toks)},
        options=options,
        all_pairs=frozenset(_pairs(toks)).union(*options),
        laws=tuple(laws),
        definition=definition,
        cited=tuple(cited),
    )


def features(stats: ArticleStats, q: QuestionInfo, candidates: Sequence[tuple[int, float]]) -> np.ndarray:
    """One row of ``FEATURES`` per candidate ``(article position, first-stage score)``, in their order."""
    rows = np.zeros((len(candidates), len(FEATURES)))
    if not candidates:
        return rows
    top = max(candidates[0][1], 1e-9)
    for r, (i, score) in enumerate(candidates):
        a = stats.articles[i]
        options = [_coverage(o, stats.bigrams[i]) for o in q.options if o]
        named = bool(q.laws) and a.law_id in q.laws
        rows[r] = (
            score / top,
            math.log1p(r),
            _coverage(q.unigrams, stats.unigrams[i]),
            _coverage(q.bigrams, stats.bigrams[i]),
            _coverage(q.unigrams, stats.title_unigrams[i]),
            _coverage(q.bigrams, stats.title_bigrams[i]),
            max(options, default=0.0),
            sum(options) / len(options) if options else 0.0,
            min(_longest_run(q.tokens, stats.bigrams[i]), 10) / 10,
            math.log1p(stats.lengths[i]),
            float(named),
            float(bool(q.laws) and not named),
            float(q.definition and stats.is_definitions[i]),
            float(a.article_id in q.cited and (named or not q.laws)),
            stats.position[i],
            0.0,
            0.0,
            _coverage({t: stats.bigram_idf(t) for t in stats.title_bigrams[i]}, q.all_pairs),
            _bm25(stats, i, q.bigrams),
        )
    rows[:, 15] = rows[:, 3] - rows[:, 3].max()
    rows[:, 16] = rows[:, 2] - rows[:, 2].max()
    rows[:, 18] /= max(rows[:, 18].max(), 1e-9)
    return rows


def _bm25(stats: ArticleStats, i: int, terms: dict[str, float], k1: float = 1.2, b: float = 0.75) -> float:
    counts = stats.pair_counts[i]
    norm = k1 * (1 - b + b * stats.lengths[i] / max(stats.mean_length, 1e-9))
    return sum(idf * counts[t] * (k1 + 1) / (counts[t] + norm) for t, idf in terms.items() if t in counts)


@dataclass(frozen=True)
class Reranker:
    """Linear weights over ``FEATURES`` (in the features' own units) and how many candidates they re-order."""

    weights: tuple[float, ...]
    depth: int

    def order(self, rows: np.ndarray) -> list[int]:
        """The candidates' new order (indexes into ``rows``), best first; ties keep the first stage's order."""
        scores = rows @ np.asarray(self.weights)
        return sorted(range(len(rows)), key=lambda k: (-scores[k], k))


@cache
def load(path: Path = WEIGHTS_FILE) -> Reranker | None:
    """The shipped weights, or None when the file is missing or was made for other features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None
    return Reranker(tuple(float(w) for w in data["weights"]), int(data["depth"]))


def fit(
    lists: Sequence[tuple[np.ndarray, np.ndarray]],
    sample_weights: Sequence[float] | None = None,
    *,
    l2: float = 1e-2,
    steps: int = 400,
    rate: float = 0.05,
) -> np.ndarray:
    """Linear weights minimising the listwise softmax loss −log Σ_gold softmax(X·w) (+ l2·|w|²).

    ``lists``: per question, the candidates' feature rows and a 0/1 gold vector (questions without a
    gold candidate are skipped). Features are standardised for the descent (Adam, full batch) and the
    weights returned in the features' own units. Deterministic: same data, same weights.
    """
    kept = [(x, y, 1.0 if sample_weights is None else sample_weights[k]) for k, (x, y) in enumerate(lists) if y.any()]
    if not kept:
        raise ValueError("no question has a gold article among its candidates")
    allx = np.vstack([x for x, _, _ in kept])
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = [((x - mean) / scale, y.astype(bool), s) for x, y, s in kept]
    total = sum(s for _, _, s in xs)
    w = np.zeros(allx.shape[1])
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        grad = 2 * l2 * w
        for x, y, s in xs:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            pg = p[y] / p[y].sum()
            # d/dw of −log Σ_gold p = E_p[x] − E_{p | gold}[x]
            grad += s / total * (p @ x - pg @ x[y])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    fitted: np.ndarray = w / scale
    return fitted
