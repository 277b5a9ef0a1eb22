"""Bad syntax never raises: the words are searched instead, or the result is empty with a notice."""

from __future__ import annotations

import pytest

from ecourt.search import engine

from .statutes import ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"hợp đồng mua', {1}),  # unclosed quote
        ("hợp đồng mua)", {1}),
        ("((kháng cáo", {2}),
        ("title:(lao", {5}),
        ("nosuchfield:lao", {5}),  # an unknown field: its name and value are searched as words
        ("lao ^^ động", {5}),
        ("issued:[hôm qua TO mai]", set()),
        ("kháng cáo AND", {2}),
    ],
)
def test_bad_syntax_searches_the_words(indexed, query, expected):
    results = engine.search(indexed, query)
    assert set(ids(results)) == expected
    assert results.fallback
    assert results.notice


@pytest.mark.parametrize("query", ["((", ")", "AND", ":", "^", '"', "[ TO ]", "-", "***"])
def test_syntax_without_words_gives_an_empty_result_with_a_notice(indexed, query):
    results = engine.search(indexed, query)
    assert results.total == 0
    assert results.hits == []
    assert results.notice


def test_a_good_query_has_no_notice(indexed):
    results = engine.search(indexed, '"hợp đồng" AND (mua OR bán)')
    assert ids(results) == [1]
    assert not results.fallback
    assert results.notice == ""


def test_an_empty_query_lists_everything(indexed):
    results = engine.search(indexed, "   ", page_size=50)
    assert results.total == 6
    assert not results.fallback


def test_numbers_in_a_broken_query_are_still_found_whole(indexed):
    results = engine.search(indexed, "(91/2015/QH13")
    assert results.fallback
    assert ids(results)[0] == 1


def test_mistakes_in_the_arguments_are_the_callers_and_raise(indexed):
    with pytest.raises(ValueError, match="no field"):
        engine.search(indexed, "x", filters={"court": "A"})
    with pytest.raises(ValueError, match="page"):
        engine.search(indexed, "x", page=0)
    with pytest.raises(ValueError, match="sort"):
        engine.search(indexed, "x", sort="title")
    with pytest.raises(ValueError, match="facet"):
        engine.search(indexed, "x", facets=["number"])
    with pytest.raises(KeyError, match="no search corpus"):
        engine.search("nosuchcorpus", "x")
