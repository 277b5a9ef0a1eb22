"""`python -m ecourt assistant eval` on a tiny ALQAC-shaped set: real files, a real (temporary) index."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ecourt.assistant.alqac import load_articles
from ecourt.assistant.retrieval import LawNames

LAWS: list[dict[str, Any]] = [
    {
        "id": "Luật Viên chức",
        "articles": [
            {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về viên chức; quyền, nghĩa vụ của viên chức."},
            {
                "id": "2",
                "text": "Tuyển dụng viên chức\n\nViệc tuyển dụng viên chức được thực hiện thông qua thi tuyển.",
            },
            {"id": "3", "text": "Thời gian tập sự\n\nThời gian tập sự của viên chức từ 03 tháng đến 12 tháng."},
        ],
    },
    {
        "id": "Luật Cư trú",
        "articles": [
            {
                "id": "1",
                "text": "Phạm vi điều chỉnh\n\nLuật này quy định về việc đăng ký, quản lý cư trú của công dân.",
            },
            {"id": "20", "text": "Điều kiện đăng ký thường trú\n\nCông dân có chỗ ở hợp pháp được đăng ký thường trú."},
            {
                "id": "27",
                "text": "Điều kiện đăng ký tạm trú\n\nCông dân đến sinh sống tại chỗ ở hợp pháp thì đăng ký tạm trú.",
            },
        ],
    },
]
QUESTIONS = [
    {
        "question_id": "q1",
        "text": "Theo Luật Viên chức, thời gian tập sự của viên chức là bao lâu?",
        "relevant_articles": [{"law_id": "Luật Viên chức", "article_id": "3"}],
    },
    {
        "question_id": "q2",
        "text": "Điều kiện đăng ký thường trú là gì?",
        "relevant_articles": [{"law_id": "Luật Cư trú", "article_id": "20"}],
    },
    {
        "question_id": "q3",
        "question_type": "Trắc nghiệm",
        "text": "Công dân đến sinh sống ở nơi khác thì phải làm gì?",
        "choices": {"A": "Đăng ký tạm trú", "B": "Không phải làm gì"},
        "relevant_articles": [{"law_id": "Luật Cư trú", "article_id": "27"}],
    },
    {"question_id": "q4", "text": "Viên chức được tuyển dụng thế nào?"},  # no gold: ranked, not scored
]


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def alqac(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "law.json", LAWS), _write(tmp_path / "questions.json", QUESTIONS)


def _eval(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("assistant", "eval", "--json", *args, stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    return report


def test_eval_ranks_the_gold_article_first_and_prints_the_metrics(alqac: tuple[Path, Path], tmp_path: Path) -> None:
    laws, questions = alqac
    predictions = tmp_path / "out" / "predictions.json"
    predictions.parent.mkdir()
    report = _eval("--laws", str(laws), "--questions", str(questions), "--predictions", str(predictions))
    assert set(report) == {"n", "hit_at_1", "hit_at_10", "mrr_at_10", "macro_f2", "seconds"}
    assert report["n"] == 3  # q4 has no gold article
    assert report["hit_at_1"] == report["hit_at_10"] == report["mrr_at_10"] == report["macro_f2"] == 1.0
    ranked = json.loads(predictions.read_text(encoding="utf-8"))
    assert set(ranked) == {"q1", "q2", "q3", "q4"}
    assert ranked["q1"][0] == ["Luật Viên chức", "3"]
    assert ranked["q4"][0] == ["Luật Viên chức", "2"]
    assert all(len(pair) == 2 for rows in ranked.values() for pair in rows)
    assert len(ranked["q2"]) == len({tuple(p) for p in ranked["q2"]}) <= 10


def test_eval_reads_a_folder_of_per_law_files(alqac: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "law_by_document"
    folder.mkdir()
    for law in LAWS:
        _write(folder / f"{law['id']}.json", [{a["id"]: a["text"]} for a in law["articles"]])
    assert {a.key for a in load_articles(folder)} == {(law["id"], a["id"]) for law in LAWS for a in law["articles"]}
    report = _eval("--laws", str(folder), "--questions", str(alqac[1]))
    assert report["n"] == 3
    assert report["hit_at_1"] == 1.0


def test_baseline_flag_ranks_with_plain_bm25(alqac: tuple[Path, Path]) -> None:
    laws, questions = alqac
    report = _eval("--laws", str(laws), "--questions", str(questions), "--baseline")
    assert report["n"] == 3
    assert 0.0 < report["mrr_at_10"] <= 1.0


def test_missing_and_malformed_files_are_clear_errors(alqac: tuple[Path, Path], tmp_path: Path) -> None:
    laws, questions = alqac
    with pytest.raises(CommandError, match=r"nowhere\.json: no such file"):
        _eval("--laws", str(tmp_path / "nowhere.json"), "--questions", str(questions))
    broken = tmp_path / "broken.json"
    broken.write_text('[{"question_id": "q1", "text": ', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json: malformed JSON \(line 1"):
        _eval("--laws", str(laws), "--questions", str(broken))
    shapeless = _write(tmp_path / "shapeless.json", {"laws": []})
    with pytest.raises(CommandError, match="expected a JSON array of laws"):
        _eval("--laws", str(shapeless), "--questions", str(questions))
    unnamed = _write(tmp_path / "unnamed.json", [{"text": "Câu hỏi?"}])
    with pytest.raises(CommandError, match=r"question #1 needs a 'question_id'"):
        _eval("--laws", str(laws), "--questions", str(unnamed))


def test_the_command_exits_non_zero_on_a_missing_file(alqac: tuple[Path, Path], tmp_path: Path) -> None:
    _laws, questions = alqac
    args = ["--laws", str(tmp_path / "nowhere.json"), "--questions", str(questions)]
    done = subprocess.run(
        [sys.executable, "-m", "ecourt", "assistant", "eval", "--json", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "nowhere.json: no such file" in done.stderr
    assert done.stdout == ""


def test_law_named_in_a_question_by_title_or_alias() -> None:
    names = LawNames(["Luật Viên chức", "91/2015/QH13", "Luật Cư trú"])
    assert names.named("Theo Luật Viên chức, viên chức có quyền gì?") == ["Luật Viên chức"]
    assert names.named("theo luat vien chuc va Luật Cư trú") == ["Luật Viên chức", "Luật Cư trú"]
    # A law known by its number: its names and abbreviations come from the citator's aliases.
    assert names.named("Theo Bộ luật Dân sự 2015, …") == ["91/2015/QH13"]
    assert names.named("Theo BLDS, …") == ["91/2015/QH13"]
    assert names.named("Luật Viên và Luật Cư") == []  # the whole name, not a part of it
    assert names.named("Người lao động có quyền gì?") == []
