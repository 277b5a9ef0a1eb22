"""The platform's answers rank provisions with the evaluation's two stages (``knowledge.ranked_provisions``):
the weighted query over syllables and syllable pairs with the named-law boost, then the learned second
stage, on the real "provisions" search corpus of two laws imported from their text (tests/data)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecourt.assistant import knowledge, rerank, retrieval
from ecourt.assistant.retrieval import FIRST_STAGE, build_query
from ecourt.laws.imports import import_source
from ecourt.laws.search import PROVISIONS, in_force_on
from ecourt.laws.tests.conftest import wipe_corpus
from ecourt.search import engine
from ecourt.search.analysis import syllables

DATA = Path(__file__).with_name("data")
CODE = "91/2015/QH13"  # Bộ luật Dân sự, in force from 1 January 2017 (the citator's aliases name it)
DECREE = "12/2016/NĐ-CP"
DAY = datetime.date(2020, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def laws(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        import_source("text", DATA / "bo-luat-dan-su.txt", record_job=False)
        import_source("text", DATA / "nghi-dinh-hop-dong.txt", record_job=False)
    yield
    with django_db_blocker.unblock():
        wipe_corpus()


@pytest.fixture
def indexed(laws: None, db: None) -> None:
    engine.rebuild(PROVISIONS)


def _first(question: str, day: datetime.date = DAY) -> tuple[str, str]:
    p = knowledge.provision_passages(question, day)[0]
    return (p.number, p.article)


def test_an_article_matching_the_question_word_pairs_ranks_first(indexed: None) -> None:
    question = "Người lao động có quyền đơn phương chấm dứt hợp đồng không?"
    # The question's syllables alone (the answers' query before): an article holding them scattered
    # ("đồng tiền", "động viên", "chấm công", "dứt điểm", "người người") comes first.
    plain = engine.search(PROVISIONS, " ".join(syllables(question)), filters=in_force_on(DAY), operator="or")
    assert plain.hits[0].fields["article"] == "4"
    assert _first(question) == (DECREE, "3")


def test_the_law_the_question_names_comes_first(indexed: None) -> None:
    unnamed = "Thời hiệu khởi kiện tranh chấp hợp đồng là bao lâu?"
    assert _first(unnamed) == (DECREE, "2")  # its words, more often
    assert _first("Theo Bộ luật Dân sự, " + unnamed[0].lower() + unnamed[1:]) == (CODE, "3")
    assert _first("Theo BLDS, " + unnamed[0].lower() + unnamed[1:]) == (CODE, "3")
    # "Bộ luật Dân sự" means both versions (the day's filter picks one); only the one with text here counts.
    assert knowledge._law_names().named("Bộ luật Dân sự") == ["33/2005/QH11", CODE]
    assert knowledge._indexed(["33/2005/QH11", CODE]) == [CODE]


def test_the_query_weights_mean_the_same_as_on_the_evaluation_s_corpus() -> None:
    # The provisions' exact copies are boosted by the parser (text 1 × 2, title 2 × 2): the clauses are
    # divided by it, so a syllable still counts 1 and a title syllable 0.3 (FIRST_STAGE).
    query = build_query("Hợp đồng là gì?", (), FIRST_STAGE, [CODE], knowledge._query_fields())
    assert "text__exact:hợp^0.5 " in query
    assert "text__bigrams:hợp_đồng^1 " in query
    assert "title__exact:hợp^0.075 " in query
    assert 'title__exact:"giải thích từ ngữ"^0.25' in query
    assert f'number:"{CODE}"^10' in query
    assert build_query("Hợp đồng là gì?", (), FIRST_STAGE) == build_query(
        "Hợp đồng là gì?",
        (),
        FIRST_STAGE,
        fields=retrieval.QueryFields.of(retrieval.article_corpus("x", []), law="law", article="article"),
    )


def test_only_provisions_in_force_on_the_day_are_ranked(indexed: None) -> None:
    named = "Theo Bộ luật Dân sự, thời hiệu khởi kiện tranh chấp hợp đồng là bao lâu?"
    before_the_code = datetime.date(2016, 6, 1)
    assert CODE not in {p.number for p in knowledge.provision_passages(named, before_the_code)}
    assert _first(named, before_the_code) == (DECREE, "2")


def test_the_second_stage_reorders_the_query_s_best(indexed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    question = "Thời hiệu khởi kiện tranh chấp hợp đồng là bao lâu?"
    first_stage = [r[0] for r in knowledge.ranked_provisions(question, in_force_on(DAY))]
    shipped = rerank.load()
    assert shipped is not None
    # Weights that prefer the longest article: the order follows them, not the query's.
    longest = rerank.Reranker(tuple(float(n == "log_length") for n in rerank.FEATURES), shipped.depth)
    monkeypatch.setattr(rerank, "load", lambda: longest)
    reordered = knowledge.ranked_provisions(question, in_force_on(DAY))
    assert sorted(r[0] for r in reordered) == sorted(first_stage)
    lengths = [len(syllables(f["title"] + "\n" + f["text"])) for _, _, f in reordered]
    assert lengths == sorted(lengths, reverse=True)


def test_with_vectors_the_ranking_is_fused_with_them(indexed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecourt.search import vectors

    question = "Người lao động có quyền đơn phương chấm dứt hợp đồng không?"
    before_the_code = datetime.date(2016, 6, 1)
    ids = {(h.fields["number"], h.fields["article"]): h.id for h in engine.search(PROVISIONS, "*", page_size=50).hits}
    nearest = [
        vectors.VectorHit(ids[CODE, "3"], 0.9),  # not in force on the day: dropped
        vectors.VectorHit(ids[DECREE, "5"], 0.8),  # found by the vectors only among the first
        vectors.VectorHit(ids[DECREE, "3"], 0.7),
    ]
    monkeypatch.setattr(knowledge, "_has_vectors", lambda corpus: True)
    monkeypatch.setattr(vectors, "search_vectors", lambda corpus, text, k: nearest)
    found = knowledge.provision_passages(question, before_the_code, limit=3)
    assert [(p.number, p.article) for p in found][:2] == [(DECREE, "3"), (DECREE, "5")]
    assert CODE not in {p.number for p in found}
