"""The assistant's retrieval core: legal articles ranked for a question, through ecourt.search.

BM25 on Tantivy (ecourt.search.engine) over an article corpus whose title and text are indexed as
syllables (the exact copy, diacritics kept) and as syllable bigrams (``TextField(bigrams=True)``).
The question becomes one OR-query of weighted clauses, built here rather than typed by a user:

- each syllable of the question against the text (and the article title), each pair of adjacent
  syllables against the bigram copies: Vietnamese words are mostly two syllables, so a matching pair
  is the strongest plain evidence (BASELINES.md §2: bigrams lift MRR@10 from 0.78 to 0.90);
- the options of a multiple-choice question, with a lower weight (they name what the answer is about);
- the law the question names ("Theo Luật Viên chức, …"): the law's articles get a boost. Names come
  from the law ids that are titles (ALQAC 2023+) and from the citator's aliases (names and abbreviations
  of a law by its number, ecourt/citations/data/aliases.yaml);
- a question that asks what a term is ("… là gì?", "“Chăn nuôi nông hộ” là …"): the articles titled
  "Giải thích từ ngữ", where a Vietnamese law defines its terms, get a boost;
- an article the question cites by number ("quy định tại Điều 38 Luật …"): articles with that id get a
  boost (with the law boost, that article of the named law comes first).

A second stage (``Params.rerank``, on in ``DEFAULT``) re-orders the query's first articles with a linear
model over features of (question, article) learned on the tuning sets (``rerank.py``).

The platform's answers use the same query and features on the "provisions" corpus (knowledge.py):
``QueryFields`` names that corpus's law and article fields and corrects for its field boosts,
``LawNames.of_aliases`` names its laws by number, ``question_features`` is shared.

The weights (``Params``) were chosen on ALQAC 2022, 2023 (private test) and 2025, never on ALQAC 2024
(docs/assistant.md records each run).
"""

from __future__ import annotations

import math
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.test.utils import override_settings

from ecourt.citations.aliases import load_aliases
from ecourt.citations.numbers import number_key
from ecourt.search import engine
from ecourt.search.analysis import bigram_tokens, syllables
from ecourt.search.corpus import BIGRAM_SUFFIX, EXACT_SUFFIX, Corpus, KeywordField, TextField
from ecourt.search.query import default_fields
from ecourt.search.readers import close_readers
from ecourt.search.registry import registered
from ecourt.vietnamese import fold

from . import rerank as second_stage
from .alqac import Article
from .rerank import DEFINITIONS_TITLE

# The engine returns at most this many hits per search (engine.MAX_PAGE_SIZE).
MAX_DEPTH = 200
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Params:
    """Weights of the clauses of a question's query (relative; Tantivy's BM25, k1 = 1.2, b = 0.75)."""

    unigram: float = 1.0  # a syllable of the question in the article's text
    bigram: float = 1.0  # a pair of adjacent syllables in the text
    title_unigram: float = 0.0  # the same in the article's title (its first line)
    title_bigram: float = 0.0
    choices: float = 0.0  # multiplier of the clauses made from the options of a multiple-choice question
    law: float = 0.0  # boost of the articles of the law the question names (0: off)
    law_filter: bool = False  # only the named law's articles (when one is named)
    # Pseudo-relevance feedback: the syllable pairs that weigh most in the first ``feedback_docs``
    # articles of a first ranking (``feedback_terms`` of them) are added to the query with this weight.
    feedback: float = 0.0
    feedback_docs: int = 3
    feedback_terms: int = 20
    # Boost of the articles that define terms ("Giải thích từ ngữ") when the question asks what a term is.
    definition: float = 0.0
    # Boost of the article the question cites by number ("điều 38 luật tố tụng hành chính").
    article_ref: float = 0.0
    # Re-order the first articles with the learned second stage (rerank.py, rerank_weights.json).
    rerank: bool = False


# The plain baseline of BASELINES.md §2: BM25 over the syllables + syllable bigrams of the question and
# of the options of a multiple-choice question, joined as one text (that is how its figures were made:
# reproduced with rank-bm25 on ALQAC 2024, text only 0.850 MRR@10, with the options 0.902).
BASELINE = Params(choices=1.0)
# The same over the question's text alone (the baseline of earlier runs in docs/assistant.md).
TEXT_ONLY = Params()
# The query's weights chosen on the tuning sets, by the mean of their MRR@10 (docs/assistant.md) …
FIRST_STAGE = Params(title_unigram=0.3, choices=0.8, law=10.0, definition=1.0, article_ref=10.0)
# … and the second stage on top (its leave-one-set-out gain on the tuning sets: docs/assistant.md, "Third round").
DEFAULT = replace(FIRST_STAGE, rerank=True)


def article_corpus(name: str, articles: Sequence[Article]) -> Corpus:
    """A search corpus of ``articles``; document ids are their positions in the sequence."""

    def documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
        wanted = range(len(articles)) if ids is None else sorted(i for i in ids if 0 <= i < len(articles))
        for i in wanted:
            a = articles[i]
            yield {"id": i, "law": a.law_id, "article": a.article_id, "title": a.title, "text": a.text}

    return Corpus(
        name=name,
        fields=(
            KeywordField("law", boost=1.0),  # the law's id: the named-law clause
            KeywordField("article", boost=1.0),
            # boost 0.5: the exact copies then count 1 (analysis.EXACT_BOOST = 2), as the weights of Params mean.
            TextField("title", boost=0.5, bigrams=True),
            TextField("text", boost=0.5, bigrams=True),
        ),
        documents=documents,
        count=lambda: len(articles),
        description="Legal articles for the assistant",
    )


class ArticleIndex:
    """Articles indexed in a search corpus, ranked for questions (``rank``)."""

    def __init__(self, corpus: Corpus, articles: Sequence[Article]) -> None:
        self.corpus = corpus
        self.articles = articles
        self.law_names = LawNames(sorted({a.law_id for a in articles}))
        self.fields = QueryFields.of(corpus, law="law", article="article")
        self._pairs: list[Counter[str]] | None = None  # each article's syllable pairs (feedback)
        self._pair_idf: dict[str, float] = {}
        self._stats: second_stage.ArticleStats | None = None  # the second stage's view of the articles

    def rank(
        self, text: str, choices: Sequence[str] = (), *, params: Params = DEFAULT, depth: int = 100
    ) -> list[Ranked]:
        """Articles for a question, best first (at most ``depth``).

        With ``params.rerank`` (and the weights file in place) the first ``reranker.depth`` articles of
        the query are re-ordered by the second stage; ``Ranked.score`` stays the query's BM25 score.
        """
        reranker = second_stage.load() if params.rerank else None
        hits = self.first_stage(text, choices, params, max(depth, reranker.depth) if reranker else depth)
        if reranker is not None and len(hits) > 1:
            head = hits[: reranker.depth]
            hits = [head[k] for k in reranker.order(self.features(text, choices, head))] + hits[reranker.depth :]
        return [Ranked(self.articles[i], score) for i, score in hits[:depth]]

    def features(self, text: str, choices: Sequence[str], candidates: Sequence[tuple[int, float]]) -> np.ndarray:
        """The second stage's features (``rerank.FEATURES``) of ``candidates`` (article position, score)."""
        if self._stats is None:
            self._stats = second_stage.ArticleStats(self.articles)
        rows = [(self._stats.candidates[i], score) for i, score in candidates]
        return question_features(self._stats, text, choices, self.law_names.named(text), rows)

    def first_stage(self, text: str, choices: Sequence[str], params: Params, depth: int) -> list[tuple[int, float]]:
        """The query's articles as (position in ``articles``, BM25 score), best first (at most ``depth``)."""
        laws = self.law_names.named(text) if params.law > 0 or params.law_filter else []
        query = build_query(text, choices, params, laws, self.fields)
        if not query:
            return []
        filters = {"law": laws} if params.law_filter and laws else None
        if params.feedback > 0 and params.feedback_docs > 0 and params.feedback_terms > 0:
            first = engine.search(self.corpus, query, operator="or", page_size=params.feedback_docs, filters=filters)
            extra = self.feedback_pairs([h.id for h in first.hits], params.feedback_terms)
            query += "".join(
                f" text{BIGRAM_SUFFIX}:{tok}^{params.feedback * w:.4g}" for tok, w in extra.items() if w > 0
            )
        results = engine.search(self.corpus, query, operator="or", page_size=min(depth, MAX_DEPTH), filters=filters)
        return [(h.id, h.score or 0.0) for h in results.hits]

    def feedback_pairs(self, ids: Sequence[int], n: int) -> dict[str, float]:
        """The ``n`` syllable pairs that characterise the articles ``ids`` (the best of a first ranking).

        A pair's weight is its share of each article's pairs, summed over the articles, times its IDF
        in the corpus (so the pairs every article has do not come back); the best weighs 1.
        """
        if self._pairs is None:
            self._pairs = [Counter(bigram_tokens(a.text)) for a in self.articles]
            df: Counter[str] = Counter()
            for pairs in self._pairs:
                df.update(pairs.keys())
            total = len(self._pairs)
            self._pair_idf = {t: math.log(1 + (total - k + 0.5) / (k + 0.5)) for t, k in df.items()}
        weights: defaultdict[str, float] = defaultdict(float)
        for i in ids:
            pairs = self._pairs[i]
            size = sum(pairs.values()) or 1
            for tok, k in pairs.items():
                weights[tok] += k / size * self._pair_idf[tok]
        best = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        top = best[0][1] if best else 1.0
        return {tok: w / top for tok, w in best}


@contextmanager
def temporary_index(articles: Sequence[Article], name: str = "assistant_articles") -> Iterator[ArticleIndex]:
    """Index ``articles`` in a throw-away search directory (the real engine, analyzers and files)."""
    corpus = article_corpus(name, articles)
    with tempfile.TemporaryDirectory(prefix="ecourt-assistant-") as tmp, override_settings(SEARCH_DIR=tmp):
        close_readers()
        with registered(corpus):
            try:
                engine.rebuild(corpus)
                yield ArticleIndex(corpus, articles)
            finally:
                close_readers()


def _key(text: str) -> str:
    return " ".join(_TOKEN.findall(fold(text)))


class LawNames:
    """Which laws a question names, by title or alias (matched folded, whole words).

    ``LawNames(law_ids)``: an index's laws (the evaluation), each named by its own id when the id is a
    title and by the citator's aliases of its family when the id is a number or the family's title.
    ``LawNames.of_aliases()``: every family of the citator's aliases, a name meaning the numbers of all
    its versions (the platform's "provisions", where the in-force filter keeps the version of the day).
    """

    def __init__(self, law_ids: Iterable[str] = ()) -> None:
        aliases = load_aliases()
        names: dict[str, tuple[str, ...]] = {}  # folded name → law ids
        for law_id in law_ids:
            own = _key(law_id)
            if own and not any(ch.isdigit() for ch in law_id):
                names.setdefault(own, (law_id,))
            for family in aliases.families.values():
                numbers = {number_key(v.number) for v in family.versions}
                if number_key(law_id) in numbers or _key(family.title) == own:
                    for name, key in aliases.by_name.items():
                        if key == family.key:
                            names.setdefault(name, (law_id,))
        self._use(names)

    @classmethod
    def of_aliases(cls) -> LawNames:
        aliases = load_aliases()
        names: dict[str, tuple[str, ...]] = {}
        for name, key in aliases.by_name.items():
            numbers = tuple(v.number for v in aliases.families[key].versions)
            if numbers:
                names[name] = numbers
        found = cls()
        found._use(names)
        return found

    def _use(self, names: dict[str, tuple[str, ...]]) -> None:
        self.names = names
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(n) for n in ordered) + r")(?![a-z0-9])")
            if ordered
            else None
        )

    def named(self, text: str) -> list[str]:
        """Law ids named in ``text``, in order of first mention."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for m in self._pattern.finditer(_key(text)):
            for law_id in self.names[m.group(1)]:
                if law_id not in found:
                    found.append(law_id)
        return found


@dataclass(frozen=True)
class QueryFields:
    """Where a corpus keeps what the query addresses: its law and article keyword fields (the title and
    text are ``title`` and ``text``, with exact and bigram copies), and the boost the search module's
    parser gives each hidden copy (``query.default_fields``: a declared boost times ``EXACT_BOOST`` on an
    exact copy, none on bigram copies or keywords). ``build_query`` divides each clause's weight by its
    field's boost, so ``Params`` mean the same on any corpus (the article corpus's boosts are 1)."""

    law: str = "law"
    article: str = "article"
    boosts: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus, *, law: str, article: str) -> QueryFields:
        return cls(law, article, default_fields(corpus)[1])

    def weight(self, name: str, weight: float) -> float:
        return weight / self.boosts.get(name, 1.0)


# The article corpus's (``article_corpus``: keywords ``law`` and ``article``, boosts that make 1).
ARTICLE_FIELDS = QueryFields()


def _clauses(fields: QueryFields, name: str, counts: Mapping[str, float], weight: float) -> list[str]:
    if weight <= 0:
        return []
    weight = fields.weight(name, weight)
    return [f"{name}:{token}^{weight * n:.4g}" for token, n in counts.items()]


def build_query(
    text: str,
    choices: Sequence[str],
    params: Params,
    laws: Sequence[str] = (),
    fields: QueryFields = ARTICLE_FIELDS,
) -> str:
    """The query string for a question: weighted clauses on the corpus's hidden copies (see module doc)."""
    unigrams: defaultdict[str, float] = defaultdict(float)
    bigrams: defaultdict[str, float] = defaultdict(float)
    for part, weight in [(text, 1.0)] + [(c, params.choices) for c in choices]:
        if weight <= 0:
            continue
        for tok in syllables(part):
            unigrams[tok] += weight
        for tok in bigram_tokens(part):
            bigrams[tok] += weight
    clauses = [
        *_clauses(fields, "text" + EXACT_SUFFIX, unigrams, params.unigram),
        *_clauses(fields, "text" + BIGRAM_SUFFIX, bigrams, params.bigram),
        *_clauses(fields, "title" + EXACT_SUFFIX, unigrams, params.title_unigram),
        *_clauses(fields, "title" + BIGRAM_SUFFIX, bigrams, params.title_bigram),
    ]
    if params.law > 0:
        clauses += [f'{fields.law}:"{law}"^{params.law:.4g}' for law in laws]
    if params.definition > 0 and asks_definition(text):
        weight = fields.weight("title" + EXACT_SUFFIX, params.definition)
        clauses.append(f'title{EXACT_SUFFIX}:"{DEFINITIONS_TITLE}"^{weight:.4g}')
    if params.article_ref > 0:
        clauses += [f'{fields.article}:"{n}"^{params.article_ref:.4g}' for n in cited_articles(text)]
    return " ".join(clauses)


def question_features(
    stats: second_stage.Statistics,
    text: str,
    choices: Sequence[str],
    laws: Sequence[str],
    candidates: Sequence[tuple[second_stage.Candidate, float]],
) -> np.ndarray:
    """The second stage's features (``rerank.FEATURES``) of ``candidates`` (article, first-stage score)
    for a question naming ``laws`` (ids comparable with ``Candidate.law_id``)."""
    info = second_stage.question_info(
        stats, text, choices, laws=laws, definition=asks_definition(text), cited=cited_articles(text)
    )
    return second_stage.features(stats, info, candidates)


# A question about what a term means (matched on folded text): "… là gì?", "được hiểu là", "khái niệm …".
_DEFINITION = re.compile(r"\b(la gi|duoc hieu la|the nao la|dinh nghia|khai niem|giai thich tu ngu)\b")
# … or names a quoted term and says what it is ("“Chăn nuôi nông hộ” là …").
_QUOTED_TERM = re.compile(r"[“\"][^”\"]{2,80}[”\"]\s*(là|được hiểu)", re.IGNORECASE)
_ARTICLE_REF = re.compile(r"\bdieu (\d+)\b")


def asks_definition(text: str) -> bool:
    if _QUOTED_TERM.search(unicodedata.normalize("NFC", text)):
        return True
    return bool(_DEFINITION.search(_key(text)))


def cited_articles(text: str) -> list[str]:
    """The article numbers a question cites ("Điều 38 …"), in order, without repeats."""
    return list(dict.fromkeys(_ARTICLE_REF.findall(_key(text))))


@dataclass(frozen=True)
class Ranked:
    article: Article
    score: float
