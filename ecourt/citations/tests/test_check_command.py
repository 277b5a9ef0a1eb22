"""`python -m ecourt cite check [--json] [--date] FILE` on text, DOCX and PDF drafts, and the files it refuses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ecourt.citations.files import MAX_CHARACTERS, DraftFileError, read_draft
from ecourt.citations.tests.drafts import docx_bytes, pdf_bytes
from ecourt.citations.tests.test_verification import NEW_1, decrees  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

LINES = ["Căn cứ khoản 1 Điều 5 Nghị định số 12/2026/NĐ-CP;", "Điều 9 Nghị định số 12/2026/NĐ-CP."]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("cite", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("draft.txt", "\r\n".join(LINES).encode("utf-8")),
        ("draft.docx", docx_bytes(LINES)),
        ("draft.pdf", pdf_bytes(LINES)),
    ],
)
@pytest.mark.usefixtures("decrees")
def test_check_json_gives_a_verdict_per_citation_for_each_file_type(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    report = json.loads(run("check", "--json", "--date", "2027-08-01", str(path)))
    assert report["day"] == "2027-08-01"
    assert report["day_source"] == "given"
    assert [v["code"] for v in report["verdicts"]] == ["amended", "not_found"]
    amended = report["verdicts"][0]
    assert amended["text"] == "khoản 1 Điều 5 Nghị định số 12/2026/NĐ-CP"
    assert amended["document"]["number"] == "12/2026/NĐ-CP"
    assert amended["text_in_force"] == f"1. {NEW_1}"
    assert amended["changes"][0]["document"]["number"] == "30/2027/NĐ-CP"
    text = read_draft(data, name)
    for v in report["verdicts"]:
        assert text[v["start"] : v["end"]] == v["text"]  # offsets index the text read from the file


@pytest.mark.usefixtures("decrees")
def test_check_without_json_prints_a_readable_report(tmp_path: Path):
    path = tmp_path / "draft.txt"
    path.write_text("\n".join(LINES), encoding="utf-8")
    out = run("check", "--date", "2027-08-01", str(path))
    assert "2 citations; date 01/08/2027 (given)" in out
    assert "[amended] khoản 1 Điều 5 Nghị định số 12/2026/NĐ-CP" in out
    assert f"in force: 1. {NEW_1}" in out
    assert "[not_found] Điều 9" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("draft.doc", b"\xd0\xcf\x11\xe0 old Word", "save the draft as DOCX, PDF or plain text"),
        ("fake.docx", b"PK\x03\x04 not a zip", "not a DOCX document"),
        ("fake.pdf", b"hello", "not a valid PDF file"),
        ("broken.pdf", b"%PDF-1.7\n garbage", "not a readable PDF"),
        ("scan.pdf", pdf_bytes(None, pages=3), "no text layer (a scanned PDF?)"),
        ("locked.pdf", pdf_bytes(LINES, password="bi-mat"), "protected by a password"),
        ("utf16.txt", "Điều 5".encode("utf-16"), "UTF-16"),
        ("latin.txt", "Điều 5 Nghị định".encode("cp1258", errors="replace"), "not UTF-8"),
        ("blank.docx", docx_bytes(["", "   "]), "contains no text"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, name: str, data: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(data)
    pattern = message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")
    with translation.override("en"), pytest.raises(CommandError, match=pattern):  # the messages' msgids
        run("check", "--json", str(path))


@pytest.mark.usefixtures("decrees")
def test_the_character_limit_applies_to_pages_and_the_api_not_to_the_command(tmp_path: Path):
    long_text = ("Điều 5 Nghị định số 12/2026/NĐ-CP. " + "x" * 200 + "\n") * 300
    assert len(long_text) > MAX_CHARACTERS
    with translation.override("en"), pytest.raises(DraftFileError, match="at most 64,000"):
        read_draft(long_text.encode("utf-8"), "long.txt")
    path = tmp_path / "long.txt"
    path.write_text(long_text, encoding="utf-8")
    report = json.loads(run("check", "--json", "--date", "2027-08-01", str(path)))
    assert report["characters"] == len(long_text)
    assert report["counts"] == {"amended": 300}


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(CommandError, match=r"nope\.pdf"):
        run("check", "--json", str(tmp_path / "nope.pdf"))
