"""The assistant's query beyond plain BM25: definitions, cited article numbers, pseudo-relevance feedback.

Real temporary indexes (``retrieval.temporary_index``: the search module's engine, analyzers and files).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ecourt.assistant.alqac import Article
from ecourt.assistant.retrieval import (
    BASELINE,
    DEFAULT,
    FIRST_STAGE,
    TEXT_ONLY,
    Params,
    asks_definition,
    build_query,
    cited_articles,
    temporary_index,
)

pytestmark = pytest.mark.django_db

LIVESTOCK = "Luật Chăn nuôi"
ARTICLES = [
    Article(
        LIVESTOCK,
        "2",
        "Giải thích từ ngữ\n\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau: 1. Giống vật nuôi là quần "
        "thể vật nuôi cùng loài. 2. Thức ăn chăn nuôi là sản phẩm cung cấp cho vật nuôi. 3. Chăn nuôi nông hộ "
        "là hoạt động chăn nuôi tại hộ gia đình, cá nhân. 4. Cơ sở chăn nuôi là nơi thực hiện hoạt động chăn "
        "nuôi. 5. Sản phẩm chăn nuôi là vật nuôi còn sống, trứng, sữa, mật ong.",
    ),
    Article(LIVESTOCK, "55", "Chăn nuôi nông hộ\n\nChăn nuôi nông hộ phải bảo đảm vệ sinh, chăn nuôi nông hộ an toàn."),
    Article(LIVESTOCK, "12", "Các hành vi bị nghiêm cấm\n\nNghiêm cấm sử dụng chất cấm trong chăn nuôi."),
    Article(LIVESTOCK, "13", "Quyền của tổ chức, cá nhân chăn nuôi\n\nTổ chức, cá nhân chăn nuôi có quyền vay vốn."),
    Article("Luật Lao động", "24", "Hợp đồng lao động\n\nHợp đồng lao động có thể ghi thời gian thử việc tối đa."),
    Article("Luật Lao động", "25", "Thời gian thử việc\n\nThời gian thử việc không quá 60 ngày."),
]


def test_definition_questions_are_recognised() -> None:
    assert asks_definition("Theo Luật Giá, hàng hóa là gì?")
    assert asks_definition("“Chăn nuôi nông hộ” là hình thức chăn nuôi:")
    assert asks_definition("Thế nào là cơ sở chăn nuôi?")
    assert not asks_definition("Hành vi nào bị nghiêm cấm trong chăn nuôi?")
    # Folded, whole words: "là giá" is not "là gì".
    assert not asks_definition("Mức thu là giá dịch vụ, đúng hay sai?")


def test_cited_article_numbers() -> None:
    assert cited_articles("Thẩm phán có quyền khác ngoài điều 38 luật tố tụng hành chính?") == ["38"]
    assert cited_articles("Điều 2 và Điều 12, rồi lại Điều 2") == ["2", "12"]
    assert cited_articles("Điều kiện đăng ký thường trú") == []


def test_the_query_gets_the_clauses_only_when_the_question_asks_for_them() -> None:
    plain = build_query("Chăn nuôi nông hộ phải làm gì?", (), DEFAULT)
    assert "Giải thích" not in plain
    assert "article:" not in plain
    asked = build_query("Chăn nuôi nông hộ là gì theo Điều 55?", (), DEFAULT)
    assert 'title__exact:"giải thích từ ngữ"^1' in asked
    assert 'article:"55"^10' in asked


def test_a_definition_question_finds_the_article_that_defines_the_term() -> None:
    question = "Chăn nuôi nông hộ là gì?"
    with temporary_index(ARTICLES) as index:
        without = index.rank(question, params=replace(FIRST_STAGE, definition=0.0))
        with_boost = index.rank(question, params=FIRST_STAGE)
        with_second_stage = index.rank(question)
    # Plain BM25 prefers the short article about the same words; the boost brings the definition first
    # (and the second stage keeps it there).
    assert without[0].article.key == (LIVESTOCK, "55")
    assert with_boost[0].article.key == (LIVESTOCK, "2")
    assert with_second_stage[0].article.key == (LIVESTOCK, "2")


def test_an_article_cited_by_number_comes_first() -> None:
    question = "Điều 13 Luật Chăn nuôi: hành vi bị nghiêm cấm của cá nhân chăn nuôi?"
    with temporary_index(ARTICLES) as index:
        without = index.rank(question, params=replace(DEFAULT, article_ref=0.0))
        cited = index.rank(question)
    assert without[0].article.key == (LIVESTOCK, "12")
    assert cited[0].article.key == (LIVESTOCK, "13")


def test_feedback_adds_the_pairs_of_the_best_articles() -> None:
    question = "hợp đồng lao động"
    with temporary_index(ARTICLES) as index:
        plain = [r.article.key for r in index.rank(question, params=Params())]
        expanded = [r.article.key for r in index.rank(question, params=Params(feedback=0.5, feedback_docs=1))]
        pairs = index.feedback_pairs([4], 20)
    # Article 25 shares no syllable with the question, only "thời gian thử việc" with article 24.
    assert ("Luật Lao động", "25") not in plain
    assert expanded[0] == ("Luật Lao động", "24")
    assert ("Luật Lao động", "25") in expanded
    assert max(pairs.values()) == 1.0
    assert "thử_việc" in pairs


def test_the_baseline_joins_the_options_to_the_question_as_the_reference_does() -> None:
    # BASELINES.md §2's rank-bm25 figures were made over the question and its options as one text.
    question, options = "Cơ quan nào ban hành?", ("Chính phủ", "Quốc hội")
    baseline = build_query(question, options, BASELINE)
    assert "text__exact:quốc^1" in baseline
    assert "text__bigrams:quốc_hội^1" in baseline
    assert "quốc" not in build_query(question, options, TEXT_ONLY)
