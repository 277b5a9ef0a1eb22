"""`python -m ecourt anonymize`: the JSON contract, plain text, bad input and the evaluation."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TEXT = (
    "Thẩm phán - Chủ tọa phiên tòa: Bà Vũ Thị Mai Phương\n"
    "giữa các đương sự:\nNguyên đơn: Chị Lê Thị Hoa, sinh năm 1987, điện thoại 0912345678.\n"
    "Địa chỉ: phường Pom Hán, thành phố Lào Cai, tỉnh Lào Cai.\n"
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("anonymize", *args, stdout=out)
    return out.getvalue()


def test_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "judgment.txt"
    path.write_text(TEXT, encoding="utf-8")
    data = json.loads(run("--json", str(path)))
    assert set(data) == {"text", "replacements"}
    assert "Chị Lê Thị H," in data["text"]
    assert "Bà Vũ Thị Mai Phương" in data["text"]
    kinds = set()
    for r in data["replacements"]:
        assert set(r) == {"start", "end", "original", "replacement", "kind"}
        assert TEXT[r["start"] : r["end"]] == r["original"]
        kinds.add(r["kind"])
    assert kinds == {"person", "phone", "address"}


def test_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "judgment.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert run(str(path)) == json.loads(run("--json", str(path)))["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "No such file"), (b"\xff\xfe\x00bad", "not UTF-8"), (b"  \n", "empty")],
)
def test_bad_input_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "judgment.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("--json", str(path))


def test_file_or_evaluate_is_required() -> None:
    with pytest.raises(CommandError, match="FILE is required"):
        run("--json")
    with pytest.raises(CommandError, match="takes no FILE"):
        run("--evaluate", "x.txt")


def test_evaluate_reports_leaks_on_restored_judgments(tmp_path: Path) -> None:
    record = {
        "case_id": "c1",
        "judgment_text": "judgment_text: "
        + TEXT.replace("Lê Thị Hoa", "Lê Thị H")
        + "Bị đơn: Anh Chử Lương D, sinh năm 1980. Anh D trình bày; chị H đồng ý. Chị Lê Thị H vắng.\n",
    }
    path = tmp_path / "judgments.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    report = json.loads(run("--evaluate", "--judgments", str(path)).splitlines()[-1])
    assert report["labelled"]["person"] == 5
    assert report["leak_rate"]["person"] == 0.0
    assert report["leak_rate"]["phone"] == 0.0
    assert report["officials_kept"] == 1.0
    assert report["consistency"] == 1.0
