"""The ranking's second stage: its features, its fit, the shipped weights, and its place in ``rank``.

Real temporary indexes (``retrieval.temporary_index``) and a tiny ALQAC-shaped data folder for the refit
command; the shipped weights are checked for shape, not refitted (that needs the ALQAC files).
"""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from ecourt.assistant import rerank
from ecourt.assistant.alqac import Article
from ecourt.assistant.retrieval import DEFAULT, FIRST_STAGE, temporary_index
from ecourt.assistant.tuning import TUNING_SETS, score

pytestmark = pytest.mark.django_db

F = {name: k for k, name in enumerate(rerank.FEATURES)}
ARTICLES = [
    Article("Luật Lao động", "1", "Phạm vi điều chỉnh\n\nBộ luật này quy định tiêu chuẩn lao động."),
    Article("Luật Lao động", "3", "Giải thích từ ngữ\n\nNgười lao động là người làm việc cho người sử dụng lao động."),
    Article("Luật Lao động", "25", "Thời gian thử việc\n\nThời gian thử việc không quá 60 ngày đối với công việc."),
    Article("Luật Cư trú", "20", "Điều kiện đăng ký thường trú\n\nCông dân có chỗ ở hợp pháp được đăng ký thường trú."),
]


def _info(stats: rerank.ArticleStats, text: str, **kw: Any) -> rerank.QuestionInfo:
    return rerank.question_info(
        stats,
        text,
        kw.get("choices", ()),
        laws=kw.get("laws", ()),
        definition=kw.get("definition", False),
        cited=kw.get("cited", ()),
    )


def _at(stats: rerank.ArticleStats, hits: list[tuple[int, float]]) -> list[tuple[rerank.Candidate, float]]:
    return [(stats.candidates[i], score) for i, score in hits]


def test_features_measure_the_question_in_each_article() -> None:
    stats = rerank.ArticleStats(ARTICLES)
    assert [c.is_definitions for c in stats.candidates] == [False, True, False, False]
    assert [c.position for c in stats.candidates[:3]] == [0.0, 0.5, 1.0]  # first, middle, last of its law
    info = _info(stats, "Thời gian thử việc tối đa?", laws=("Luật Lao động",), cited=("25",))
    rows = rerank.features(stats, info, _at(stats, [(2, 8.0), (3, 4.0), (0, 2.0)]))
    assert rows.shape == (3, len(rerank.FEATURES))
    trial, residence = rows[0], rows[1]
    assert trial[F["score_rel"]] == 1.0
    assert residence[F["score_rel"]] == 0.5
    assert trial[F["log_rank"]] == 0.0
    # "thời gian", "gian thử", "thử việc" are in the article; "việc tối", "tối đa" (rarer: no article has them) are not.
    assert 0.3 < trial[F["text_bigram_cov"]] < 0.6
    assert residence[F["text_bigram_cov"]] == 0.0
    assert trial[F["title_in_question"]] == 1.0  # the whole title is in the question
    assert trial[F["longest_run"]] == 0.4  # "thời gian thử việc": four syllables
    assert trial[F["named_law"]] == 1.0
    assert residence[F["other_law"]] == 1.0
    assert trial[F["cited"]] == 1.0
    assert rows[2][F["cited"]] == 0.0
    assert trial[F["bigram_cov_gap"]] == 0.0
    assert residence[F["bigram_cov_gap"]] < 0.0
    assert trial[F["bigram_bm25_rel"]] == 1.0


def test_options_and_definitions_count_only_when_the_question_has_them() -> None:
    stats = rerank.ArticleStats(ARTICLES)
    plain = rerank.features(stats, _info(stats, "Người lao động"), _at(stats, [(1, 1.0)]))[0]
    assert plain[F["option_bigram_max"]] == 0.0
    assert plain[F["definitions"]] == 0.0
    info = _info(stats, "Người lao động là gì?", choices=("người làm việc", "chỗ ở hợp pháp"), definition=True)
    asked = rerank.features(stats, info, _at(stats, [(1, 1.0)]))[0]
    assert asked[F["definitions"]] == 1.0
    assert asked[F["option_bigram_max"]] == 1.0
    assert asked[F["option_bigram_mean"]] == 0.5


def test_fit_learns_which_feature_marks_the_gold_candidate() -> None:
    rng = np.random.default_rng(0)
    lists = []
    for _ in range(40):
        x = rng.normal(size=(6, 3))
        gold = int(np.argmax(x[:, 1]))  # the gold candidate is the one with the largest second feature
        lists.append((x, np.eye(6)[gold]))
    w = rerank.fit(lists, steps=200)
    assert np.argmax(np.abs(w)) == 1
    assert w[1] > 0
    assert np.array_equal(w, rerank.fit(lists, steps=200))  # deterministic
    assert score(lists, w).hit_at_1 > 0.9 > score(lists, None).hit_at_1
    with pytest.raises(ValueError, match="no question has a gold article"):
        rerank.fit([(np.zeros((2, 3)), np.zeros(2))])


def test_the_shipped_weights_match_the_features_and_say_how_they_were_made() -> None:
    reranker = rerank.load()
    assert reranker is not None, "rerank_weights.json is missing or stale: python -m ecourt assistant rerank-fit"
    assert len(reranker.weights) == len(rerank.FEATURES)
    assert reranker.depth > 1
    made = json.loads(rerank.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(made["leave_one_set_out"]) == set(TUNING_SETS)
    assert not any("2024" in path for paths in made["sets"].values() for path in paths)


def test_stale_or_missing_weights_turn_the_second_stage_off(tmp_path: Path) -> None:
    assert rerank.load(tmp_path / "none.json") is None
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"features": ["score_rel"], "weights": [1.0], "depth": 5}), encoding="utf-8")
    assert rerank.load(stale) is None


def test_rank_reorders_the_first_stage_head(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DEFAULT.rerank
    assert not FIRST_STAGE.rerank
    question = "Thời gian thử việc của người lao động"
    with temporary_index(ARTICLES) as index:
        first = [r.article.key for r in index.rank(question, params=FIRST_STAGE)]
        reranked = index.rank(question)
        assert sorted(first) == sorted(r.article.key for r in reranked)
        assert reranked[0].article.key == ("Luật Lao động", "25")
        # Weights that prefer the longest candidate put it first; the scores stay the query's.
        shipped = rerank.load()
        assert shipped is not None
        longest = replace(shipped, weights=tuple(float(n == "log_length") for n in rerank.FEATURES))
        monkeypatch.setattr(rerank, "load", lambda: longest)
        by_length = index.rank(question, depth=2)
        # Article 3 (17 syllables) is the longest of the three the query finds (Cư trú's is not found).
        assert [r.article.key for r in by_length] == [("Luật Lao động", "3"), ("Luật Lao động", "25")]
        assert len(by_length) == 2
        scores = {r.article.key: r.score for r in index.rank(question, params=FIRST_STAGE)}
        assert all(r.score == scores[r.article.key] for r in by_length)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_rerank_fit_command_validates_on_each_set_and_writes_weights(tmp_path: Path) -> None:
    law_json: list[dict[str, Any]] = [
        {"id": law, "articles": [{"id": a.article_id, "text": a.text} for a in ARTICLES if a.law_id == law]}
        for law in dict.fromkeys(a.law_id for a in ARTICLES)
    ]
    asked = [("Thời gian thử việc", "Luật Lao động", "25"), ("Người lao động là gì", "Luật Lao động", "3")]
    asked.append(("Đăng ký thường trú", "Luật Cư trú", "20"))
    questions = [
        {"question_id": str(n), "text": text, "relevant_articles": [{"law_id": law, "article_id": art}]}
        for n, (text, law, art) in enumerate(asked)
    ]
    data = tmp_path / "data"
    for law_path, question_path in TUNING_SETS.values():
        if law_path.endswith(".json"):
            _write(data / law_path, law_json)
        else:  # a folder of per-law files
            for law in law_json:
                _write(data / law_path / f"{law['id']}.json", [{a["id"]: a["text"]} for a in law["articles"]])
        _write(data / question_path, questions)
    out = tmp_path / "weights.json"
    buf = StringIO()
    call_command("assistant", "rerank-fit", "--data", str(data), "--out", str(out), "--json", stdout=buf)
    validation = json.loads(buf.getvalue().strip().splitlines()[-1])
    assert set(validation) == set(TUNING_SETS)
    assert all(v["questions"] == 3 and set(v["reranked"]) == {"mrr_at_10", "hit_at_1"} for v in validation.values())
    made = json.loads(out.read_text(encoding="utf-8"))
    assert made["features"] == list(rerank.FEATURES)
    assert len(made["weights"]) == len(rerank.FEATURES)
    assert rerank.load(out) is not None
