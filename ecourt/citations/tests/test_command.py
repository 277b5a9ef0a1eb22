"""The command-line contract: `python -m ecourt cite extract --json [--date] FILE` and `cite evaluate`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"text", "start", "end", "document", "article", "clause", "point", "resolved"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("cite", *args, stdout=out)
    return out.getvalue()


def test_extract_json_prints_one_object_per_cited_provision(tmp_path: Path):
    text = "Căn cứ Điều 26, 35 và 39 BLTTDS;\r\nkhoản 2 Điều 5 Nghị định số 63/2024/NĐ-CP."
    path = tmp_path / "text.txt"
    path.write_bytes(text.encode("utf-8"))
    result = json.loads(run("extract", "--json", "--date", "2017-09-22", str(path)))
    assert isinstance(result, list)
    assert len(result) == 4
    for item in result:
        assert set(item) >= CONTRACT_KEYS
        assert set(item["document"]) >= {"number", "title", "year"}
        assert text[item["start"] : item["end"]] == item["text"]
        assert isinstance(item["resolved"], bool)
    first, second, third, fourth = result
    assert [x["article"] for x in (first, second, third)] == ["26", "35", "39"]
    assert first["document"] == {"number": "92/2015/QH13", "title": "Bộ luật Tố tụng dân sự", "year": 2015}
    assert (first["clause"], first["point"], first["text"]) == (None, None, "Điều 26, 35 và 39 BLTTDS")
    assert first["resolved"] is False
    assert first["reason"] == "92/2015/QH13: not in the corpus"
    assert (fourth["article"], fourth["clause"], fourth["document"]["number"]) == ("5", "2", "63/2024/NĐ-CP")
    assert fourth["start"] == text.index("khoản 2")  # "\r\n" kept: offsets index the file as it is


def test_extract_reads_standard_input_and_takes_the_date_from_the_header(monkeypatch):
    text = "Bản án số: 02/2016/DS-ST\nNgày 05/4/2016\nÁp dụng Điều 305 Bộ luật Dân sự."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    (item,) = json.loads(run("extract", "--json", "-"))
    assert item["document"]["number"] == "33/2005/QH11"  # the 2005 code on 05/04/2016
    assert item["basis"] == "name-date"


def test_extract_refuses_what_it_cannot_read(tmp_path: Path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Điều 5".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("extract", "--json", str(bad))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("extract", "--json", "--date", "22/09/2017", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        run("extract", "--json", str(tmp_path / "missing.txt"))


def test_extract_without_json_prints_a_line_per_citation(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text("điểm a khoản 1 Điều 5 Luật Đất đai năm 2013", encoding="utf-8")
    output = run("extract", "--date", "2018-01-01", str(path))
    assert "điểm a khoản 1 Điều 5 — 45/2013/QH13" in output


def test_evaluate_prints_recall_and_ends_with_one_json_line(tmp_path: Path):
    records = [
        {
            "case_id": "c1",
            "case_type": "Dân sự",
            "judgment_date": "22/9/2017",
            "judgment_text": "Căn cứ khoản 1 Điều 157 Bộ luật Tố tụng dân sự; Điều 584 Bộ luật Dân sự năm 2015.",
            "related_law_provisions": "Bộ luật Tố tụng dân sự | Điều 157\nBộ luật Dân sự năm 2015 | Khoản 2 Điều 584",
        }
    ]
    path = tmp_path / "j.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    output = run("evaluate", "--judgments", str(path), "--no-errata")
    report = json.loads(output.strip().splitlines()[-1])
    assert report["recall"]["article"] == 1.0
    assert report["counts"]["clause"] == {"found": 1, "total": 2}
    assert "article cited with clauses - (- none)" in output
