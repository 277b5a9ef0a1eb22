"""Reciprocal-rank fusion of a BM25 ranking and a vector ranking."""

from __future__ import annotations

import pytest

from ecourt.search import embeddings
from ecourt.search.hybrid import RRF_K, fuse, hybrid_search


def test_a_document_ranked_well_by_both_beats_one_ranked_first_by_one():
    fused = fuse([1, 2, 3], [4, 2, 5])
    assert [f.id for f in fused][:3] == [2, 1, 4]  # 2: 1/62 + 1/62 > 1: 1/61, and 1 before 4 (first seen)
    assert {f.id for f in fused} == {1, 2, 3, 4, 5}
    two = next(f for f in fused if f.id == 2)
    assert two.score == pytest.approx(2 / (RRF_K + 2))
    assert two.ranks == (2, 2)
    assert next(f for f in fused if f.id == 4).ranks == (None, 1)


def test_weights_limit_and_repeats():
    assert [f.id for f in fuse([1, 2], [2, 1], weights=[2.0, 1.0])] == [1, 2]
    assert len(fuse([1, 2, 3], [4, 5], limit=2)) == 2
    assert fuse([1, 1, 2])[0].score == pytest.approx(1 / (RRF_K + 1))  # a repeat within a ranking counts once


def test_ties_are_broken_by_best_rank_then_first_appearance():
    assert [f.id for f in fuse([7, 8], [8, 7])] == [7, 8]
    assert [f.id for f in fuse([5], [6])] == [5, 6]


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="weights"):
        fuse([1], [2], weights=[1.0])
    with pytest.raises(ValueError, match="k must"):
        fuse([1], k=0)


@pytest.mark.django_db
def test_hybrid_search_fuses_the_text_and_vector_rankings_and_honours_filters(indexed):
    embeddings.embed_corpus(indexed)
    question = "Cưới vợ có được nghỉ làm mà vẫn hưởng lương không?"
    fused = hybrid_search(indexed, question, limit=3)
    assert fused[0].id == 5
    assert fused[0].ranks[0] is not None  # found by both
    assert fused[0].ranks[1] is not None
    only_2015 = hybrid_search(indexed, question, filters={"year": 2015})
    assert {f.id for f in only_2015} <= {1, 2}
