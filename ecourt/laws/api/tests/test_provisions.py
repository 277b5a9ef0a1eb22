"""A provision as of a day and its history, on a real slice of the corpus: Decree 45/2026/NĐ-CP imported
from its text, amended from 1 July 2027 by Decree 77/2027/NĐ-CP (clause 4.2 replaced, Article 4a
inserted, point 5.1.đ added, clause 6.3 repealed)."""

from __future__ import annotations

from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.laws.tests.decrees import AFTER, BEFORE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

DOC = "/api/v1/laws/documents/45-2026-nd-cp"


def provision(key: str, **query: str) -> dict[str, Any]:
    response = client_for().get(f"{DOC}/provisions/{key}/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_a_clause_says_different_things_before_and_after_its_amendment():
    before = provision("dieu-4/khoan-2", date=BEFORE.isoformat())
    after = provision("dieu-4/khoan-2", date=AFTER.isoformat())
    assert before["text"] == "2. Việc đăng ký được thực hiện bằng văn bản hoặc trên Cổng dịch vụ công của Tòa án."
    assert after["text"] == (
        "2. Việc đăng ký được thực hiện bằng văn bản, trên Cổng dịch vụ công của Tòa án hoặc qua ứng dụng định danh "
        "điện tử quốc gia."
    )
    assert before["version"] == {
        "valid_from": "2026-07-01",
        "valid_to": "2027-07-01",
        "repealed": False,
        "introduced_by": before["document"],
    }
    assert after["version"]["valid_from"] == "2027-07-01"
    assert after["version"]["valid_to"] is None
    assert after["version"]["introduced_by"]["number"] == "77/2027/NĐ-CP"
    assert (before["day"], before["in_force"], before["kind"], before["kind_label"]) == (
        BEFORE.isoformat(),
        True,
        "khoan",
        "Clause",
    )
    assert (before["key"], before["number"], before["parent"]) == ("dieu-4/khoan-2", "2", "dieu-4")
    assert before["document"]["key"] == "45-2026-nd-cp"
    assert [d["number"] for d in before["amended_by"]] == ["77/2027/NĐ-CP"]


def test_an_article_is_its_whole_text_with_its_clauses_and_points_on_the_day():
    before = provision("dieu-5", date=BEFORE.isoformat())["text"]
    after = provision("dieu-5", date=AFTER.isoformat())["text"]
    assert before.splitlines()[0] == "1. Các văn bản tố tụng sau đây được tống đạt điện tử:"
    assert "đ) Thông báo về phiên họp" not in before
    assert (
        after.splitlines()[0]
        == "1. Các văn bản tố tụng sau đây được tống đạt điện tử, trừ trường hợp đương sự từ chối:"
    )
    assert "đ) Thông báo về phiên họp kiểm tra việc giao nộp, tiếp cận, công khai chứng cứ và hòa giải." in after
    assert provision("dieu-5", date=AFTER.isoformat())["title"] == "Văn bản được tống đạt điện tử"


def test_a_provision_not_in_force_on_the_day_has_no_text():
    inserted = provision("dieu-4a", date=BEFORE.isoformat())
    assert (inserted["in_force"], inserted["text"], inserted["version"]) == (False, None, None)
    assert provision("dieu-4a", date=AFTER.isoformat())["text"].startswith("1. Tòa án gửi mã xác nhận")
    repealed = provision("dieu-6/khoan-3", date=AFTER.isoformat())
    assert (repealed["in_force"], repealed["text"]) == (False, None)
    assert repealed["version"]["repealed"] is True
    assert provision("dieu-6/khoan-3", date=BEFORE.isoformat())["in_force"] is True
    # Before the decree entered into force (1 July 2026).
    assert provision("dieu-1", date="2026-06-30")["in_force"] is False


def test_the_date_defaults_to_today():
    today = provision("dieu-4/khoan-2")
    assert today["day"] >= "2026-01-01"
    assert today["text"] == provision("dieu-4/khoan-2", date=today["day"])["text"]


def test_slashes_of_the_key_may_be_percent_encoded():
    encoded = client_for().get(f"{DOC}/provisions/dieu-4%2Fkhoan-2/", {"date": BEFORE.isoformat()})
    assert encoded.status_code == 200, encoded.content
    assert encoded.json()["key"] == "dieu-4/khoan-2"


def test_the_history_lists_every_version_oldest_first():
    response = client_for().get(f"{DOC}/provisions/dieu-4/khoan-2/versions/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["key"] == "dieu-4/khoan-2"
    assert [(v["valid_from"], v["valid_to"], v["introduced_by"]["number"]) for v in body["versions"]] == [
        ("2026-07-01", "2027-07-01", "45/2026/NĐ-CP"),
        ("2027-07-01", None, "77/2027/NĐ-CP"),
    ]
    assert body["versions"][1]["text"].startswith("Việc đăng ký được thực hiện bằng văn bản, trên Cổng")
    repealed = client_for().get(f"{DOC}/provisions/dieu-6/khoan-3/versions/").json()["versions"]
    assert [v["repealed"] for v in repealed] == [False, True]


def test_the_history_of_an_article_has_a_period_per_change_of_its_whole_text():
    body = client_for().get(f"{DOC}/provisions/dieu-5/versions/").json()
    periods = body["periods"]
    assert [(p["valid_from"], p["valid_to"], [d["number"] for d in p["introduced_by"]]) for p in periods] == [
        ("2026-07-01", "2027-07-01", ["45/2026/NĐ-CP"]),
        ("2027-07-01", None, ["77/2027/NĐ-CP"]),
    ]
    # The texts are the ones the provision gives for a day in each period.
    for period, day in zip(periods, [BEFORE, AFTER], strict=True):
        assert period["text"] == provision("dieu-5", date=day.isoformat())["text"]
        assert period["repealed"] is False


def test_unknown_provisions_and_documents_are_not_found():
    error = error_of(client_for().get(f"{DOC}/provisions/dieu-99/"), 404, "not_found")
    assert "dieu-99" in error["message"]
    error_of(client_for().get(f"{DOC}/provisions/dieu-99/versions/"), 404, "not_found")
    error_of(client_for().get(f"{DOC}/provisions/dieu-4/khoan-9/"), 404, "not_found")
    error = error_of(client_for().get("/api/v1/laws/documents/1-1999-nd-cp/provisions/dieu-1/"), 404, "not_found")
    assert "1-1999-nd-cp" in error["message"]


def test_a_bad_date_is_a_field_error():
    error = error_of(client_for().get(f"{DOC}/provisions/dieu-4/", {"date": "2027-13-01"}), 400, "invalid_input")
    assert set(error["fields"]) == {"date"}


def test_the_document_lists_the_amendment_and_its_contents():
    body = client_for().get(f"{DOC}/", {"date": AFTER.isoformat()}).json()
    assert [(r["kind"], r["source"]["number"], r["effective_on"]) for r in body["relations_in"]][:1] == [
        ("amends", "77/2027/NĐ-CP", "2027-07-01")
    ]
    articles = [e["number"] for e in body["table_of_contents"] if e["kind"] == "dieu"]
    assert articles == ["1", "2", "3", "4", "4a", "5", "6", "7", "8"]
    assert {e["depth"] for e in body["table_of_contents"]} >= {0, 1, 2}
