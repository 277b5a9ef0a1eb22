"""A second stage for the assistant's article ranking: a linear model over features of (question, article).

The first stage (``retrieval.ArticleIndex.rank``, one weighted BM25 query) gives the candidates; this
module re-orders its first ``depth`` articles by ``weights · features``. The features (``FEATURES``)
are the first stage's own score and rank, and plain evidence the single query sums away: how much of
the question's syllables and syllable pairs (weighted by IDF) the article holds, in its text and in its
title, how much of the best option of a multiple-choice question, the longest run of the question's
syllables it holds, its length, whether it is of the law the question names, the definitions article
of a question asking what a term is, the article the question cites, where it stands in its law.

The same features serve two sources of articles: an ALQAC index in the evaluation (``ArticleStats``:
every article's ``Candidate`` and the IDFs counted in memory) and the platform's "provisions" search
corpus in the answers (knowledge.py: each fetched candidate's ``Candidate`` made from its stored text,
``IndexStats`` reading the IDFs from the live index). Both implement ``Statistics``.

The weights are learned on the tuning sets only (ALQAC 2022, 2023 private test, 2025; never ALQAC
2024) with a listwise softmax loss (``fit``) and shipped in ``rerank_weights.json`` with how they were
made; ``python -m ecourt assistant rerank-fit`` refits them (docs/assistant.md, "Third round").
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ecourt.search import engine
from ecourt.search.analysis import pair_tokens, syllables
from ecourt.search.corpus import BIGRAM_SUFFIX, EXACT_SUFFIX, Corpus

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


@dataclass(frozen=True)
class Candidate:
    """What the features read of one article: its law and number, token sets, length, place in its law."""

    law_id: str
    article_id: str
    unigrams: frozenset[str]  # the distinct syllables of its text (the title line included)
    bigrams: frozenset[str]  # … and pairs of adjacent syllables
    title_unigrams: frozenset[str]
    title_bigrams: frozenset[str]
    pair_counts: Counter[str]
    length: int  # syllables of its text
    is_definitions: bool  # a "Giải thích từ ngữ" article
    position: float  # its place in its law, 0 (first) to 1 (last)


def candidate(law_id: str, article_id: str, title: str, text: str, position: float) -> Candidate:
    """An article's ``Candidate``: ``text`` is the whole article, its title line included (as ALQAC gives it)."""
    toks = syllables(text)
    heading = syllables(title)
    return Candidate(
        law_id=law_id,
        article_id=article_id,
        unigrams=frozenset(toks),
        bigrams=frozenset(pair_tokens(toks)),
        title_unigrams=frozenset(heading),
        title_bigrams=frozenset(pair_tokens(heading)),
        pair_counts=Counter(pair_tokens(toks)),
        length=len(toks),
        is_definitions=DEFINITIONS_TITLE in " ".join(heading),
        position=position,
    )


class Statistics(Protocol):
    """The corpus statistics the features weigh by. Two sources: ``ArticleStats`` (every article of an
    ALQAC index, counted in memory: the evaluation) and ``IndexStats`` (a live search index's own
    document frequencies: the platform's "provisions")."""

    @property
    def mean_length(self) -> float:
        """Mean length of an article's text, in syllables (the BM25 of pairs normalises by it)."""
        ...

    def unigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        """IDF of each syllable in the articles' texts."""
        ...

    def bigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        """IDF of each syllable pair (``a_b``) in the articles' texts."""
        ...


class ArticleStats:
    """The statistics of a list of articles (``Statistics``), and each article's ``Candidate``."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        by_law: dict[str, list[int]] = {}
        for i, a in enumerate(articles):
            by_law.setdefault(a.law_id, []).append(i)
        position = [0.0] * len(articles)
        for ids in by_law.values():
            for place, i in enumerate(ids):
                position[i] = place / max(len(ids) - 1, 1)
        self.candidates = [
            candidate(a.law_id, a.article_id, a.title, a.text, position[i]) for i, a in enumerate(articles)
        ]
        df_uni: Counter[str] = Counter()
        df_bi: Counter[str] = Counter()
        for c in self.candidates:
            df_uni.update(c.unigrams)
            df_bi.update(c.bigrams)
        n = len(articles)
        self._n = n
        self.mean_length = sum(c.length for c in self.candidates) / n if n else 0.0
        self.idf_uni = {t: idf(n, k) for t, k in df_uni.items()}
        self.idf_bi = {t: idf(n, k) for t, k in df_bi.items()}

    def unigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        unseen = idf(self._n, 0)
        return {t: self.idf_uni.get(t, unseen) for t in tokens}

    def bigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        unseen = idf(self._n, 0)
        return {t: self.idf_bi.get(t, unseen) for t in tokens}


class IndexStats:
    """The statistics of a live search index (``Statistics``): IDF from its document frequencies in the
    exact and bigram copies of a text field (``engine.doc_freqs``, one call per question and kind) over
    its number of documents (``engine.count``); the mean length is the caller's (the index does not
    keep it)."""

    def __init__(self, corpus: str | Corpus, mean_length: float, *, field: str = "text") -> None:
        self.corpus = corpus
        self.mean_length = mean_length
        self._n = engine.count(corpus)
        self._unigrams = field + EXACT_SUFFIX
        self._bigrams = field + BIGRAM_SUFFIX

    def _idfs(self, field: str, tokens: Iterable[str]) -> dict[str, float]:
        return {t: idf(self._n, k) for t, k in engine.doc_freqs(self.corpus, field, tokens).items()}

    def unigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        return self._idfs(self._unigrams, tokens)

    def bigram_idfs(self, tokens: Iterable[str]) -> dict[str, float]:
        return self._idfs(self._bigrams, tokens)


def idf(n: int, df: int) -> float:
    """Tantivy's (and Lucene's) BM25 IDF of a term in ``df`` of ``n`` documents."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _coverage(wanted: dict[str, float], have: frozenset[str]) -> float:
    total = sum(wanted.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in wanted.items() if t in have) / total


def _longest_run(tokens: Sequence[str], pairs: frozenset[str]) -> int:
    best = run = 1 if tokens else 0
    for pair in pair_tokens(tokens):
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
    stats: Statistics,
    text: str,
    choices: Sequence[str],
    *,
    laws: Sequence[str],
    definition: bool,
    cited: Sequence[str],
) -> QuestionInfo:
    toks = syllables(text)
    pairs = pair_tokens(toks)
    option_pairs = [pair_tokens(syllables(c)) for c in choices]
    uni = stats.unigram_idfs(toks)
    bi = stats.bigram_idfs(itertools.chain(pairs, *option_pairs))
    options = tuple({t: bi[t] for t in p} for p in option_pairs)
    return QuestionInfo(
        tokens=tuple(toks),
        unigrams={t: uni[t] for t in toks},
        bigrams={t: bi[t] for t in pairs},
        options=options,
        all_pairs=frozenset(pairs).union(*options),
        laws=tuple(laws),
        definition=definition,
        cited=tuple(cited),
    )


def features(stats: Statistics, q: QuestionInfo, candidates: Sequence[tuple[Candidate, float]]) -> np.ndarray:
    """One row of ``FEATURES`` per candidate ``(article, first-stage score)``, in their order."""
    rows = np.zeros((len(candidates), len(FEATURES)))
    if not candidates:
        return rows
    top = max(candidates[0][1], 1e-9)
    title_idf = stats.bigram_idfs(frozenset().union(*(c.title_bigrams for c, _ in candidates)))
    for r, (c, score) in enumerate(candidates):
        options = [_coverage(o, c.bigrams) for o in q.options if o]
        named = bool(q.laws) and c.law_id in q.laws
        rows[r] = (
            score / top,
            math.log1p(r),
            _coverage(q.unigrams, c.unigrams),
            _coverage(q.bigrams, c.bigrams),
            _coverage(q.unigrams, c.title_unigrams),
            _coverage(q.bigrams, c.title_bigrams),
            max(options, default=0.0),
            sum(options) / len(options) if options else 0.0,
            min(_longest_run(q.tokens, c.bigrams), 10) / 10,
            math.log1p(c.length),
            float(named),
            float(bool(q.laws) and not named),
            float(q.definition and c.is_definitions),
            float(c.article_id in q.cited and (named or not q.laws)),
            c.position,
            0.0,
            0.0,
            _coverage({t: title_idf[t] for t in c.title_bigrams}, q.all_pairs),
            _bm25(c, q.bigrams, stats.mean_length),
        )
    rows[:, 15] = rows[:, 3] - rows[:, 3].max()
    rows[:, 16] = rows[:, 2] - rows[:, 2].max()
    rows[:, 18] /= max(rows[:, 18].max(), 1e-9)
    return rows


def _bm25(c: Candidate, terms: dict[str, float], mean_length: float, k1: float = 1.2, b: float = 0.75) -> float:
    counts = c.pair_counts
    norm = k1 * (1 - b + b * c.length / max(mean_length, 1e-9))
    return sum(w * counts[t] * (k1 + 1) / (counts[t] + norm) for t, w in terms.items() if t in counts)


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
