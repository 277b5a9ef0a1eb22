"""The metrics of the ALQAC evaluation on hand-computed examples."""

from __future__ import annotations

import pytest

from ecourt.assistant.metrics import f2, hit_at, mean, reciprocal_rank

RANKING = ["a", "b", "c", "d"]


def test_hit_at_k() -> None:
    assert hit_at(RANKING, {"a"}, 1) == 1.0
    assert hit_at(RANKING, {"c"}, 1) == 0.0
    assert hit_at(RANKING, {"c"}, 3) == 1.0
    assert hit_at(RANKING, {"z"}, 10) == 0.0


def test_reciprocal_rank_within_ten() -> None:
    assert reciprocal_rank(RANKING, {"a"}) == 1.0
    assert reciprocal_rank(RANKING, {"c", "d"}) == pytest.approx(1 / 3)  # the first gold one counts
    long = [str(i) for i in range(20)]
    assert reciprocal_rank(long, {"9"}) == pytest.approx(0.1)
    assert reciprocal_rank(long, {"10"}) == 0.0  # rank 11: outside MRR@10


def test_f2_follows_alqac_formula() -> None:
    assert f2(["a"], {"a"}) == 1.0
    assert f2(["b"], {"a"}) == 0.0
    # One returned, one of two gold: P = 1, R = 1/2, F2 = 5·1·0.5 / (4·1 + 0.5) = 2.5 / 4.5.
    assert f2(["a"], {"a", "b"}) == pytest.approx(5 / 9)
    # Two returned, one gold among them: P = 1/2, R = 1, F2 = 5·0.5·1 / (4·0.5 + 1) = 2.5 / 3.
    assert f2(["a", "x"], {"a"}) == pytest.approx(5 / 6)


def test_macro_average_is_the_mean_over_questions() -> None:
    per_question = [f2(["a"], {"a"}), f2(["a"], {"a", "b"}), f2(["x"], {"a"})]
    assert mean(per_question) == pytest.approx((1 + 5 / 9 + 0) / 3)
    assert mean([]) == 0.0
