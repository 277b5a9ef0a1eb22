"""POST /api/v1/citations/check/: the verdicts of ``cite check --json`` for a text sent in the body, on
the real decrees slice (Decree 45/2026/NĐ-CP amended from 1 July 2027 by Decree 77/2027/NĐ-CP)."""

from __future__ import annotations

from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.citations.api.serializers import MAX_TEXT_CHARS, CheckResultSerializer, VerdictSerializer
from ecourt.citations.verification import check_text
from ecourt.laws.tests.decrees import AFTER, BEFORE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

URL = "/api/v1/citations/check/"
TEXT = (
    "Căn cứ khoản 2 Điều 4 Nghị định số 45/2026/NĐ-CP; Điều 4a Nghị định số 45/2026/NĐ-CP; "
    "khoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP; Điều 99 Nghị định số 45/2026/NĐ-CP."
)


def check(payload: dict[str, Any], language: str = "vi") -> dict[str, Any]:
    response = client_for().post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    return [(v["article"], v["clause"], v["code"]) for v in body["verdicts"]]


def test_it_answers_with_the_verdicts_of_the_command_line():
    body = check({"text": TEXT, "date": AFTER.isoformat()})
    expected = check_text(TEXT, AFTER).as_dict()
    assert body["verdicts"] == expected["verdicts"]
    assert body["counts"] == expected["counts"]
    assert (body["day"], body["day_source"], body["characters"]) == (AFTER.isoformat(), "given", len(TEXT))
    assert set(body) == set(CheckResultSerializer().fields)
    assert all(set(v) == set(VerdictSerializer().fields) for v in body["verdicts"])
    for verdict in body["verdicts"]:
        assert TEXT[verdict["start"] : verdict["end"]] == verdict["text"]


def test_the_verdicts_depend_on_the_date():
    assert codes(check({"text": TEXT, "date": BEFORE.isoformat()})) == [
        ("4", "2", "valid"),
        ("4a", None, "not_yet_in_force"),
        ("6", "3", "valid"),
        ("99", None, "not_found"),
    ]
    after = check({"text": TEXT, "date": AFTER.isoformat()}, "en")
    assert codes(after) == [
        ("4", "2", "amended"),
        ("4a", None, "amended"),  # inserted by the amending decree: its text is not the cited document's
        ("6", "3", "repealed"),
        ("99", None, "not_found"),
    ]
    amended = after["verdicts"][0]
    assert amended["label"] == "Amended since"
    assert [(c["kind"], c["document"]["number"], c["effective_on"]) for c in amended["changes"]] == [
        ("amends", "77/2027/NĐ-CP", "2027-07-01")
    ]
    assert amended["text_in_force"].startswith("2. Việc đăng ký được thực hiện bằng văn bản, trên Cổng")
    assert amended["previous_text"].startswith("2. Việc đăng ký được thực hiện bằng văn bản hoặc trên Cổng")
    assert after["counts"] == {"not_found": 1, "repealed": 1, "amended": 2}


def test_bad_input_is_refused_like_extract():
    error = error_of(client_for().post(URL, {"text": "x" * (MAX_TEXT_CHARS + 1)}, format="json"), 400)
    assert list(error["fields"]) == ["text"]
    error_of(client_for().post(URL, {"text": "   "}, format="json"), 400, "invalid_input")
    error_of(client_for().post(URL, {"text": TEXT, "date": "2027-02-30"}, format="json"), 400, "invalid_input")


def test_extract_and_check_share_one_rate_limit(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "citations_anon": "2/minute"}
    settings.REST_FRAMEWORK = rest
    client = client_for()
    assert client.post("/api/v1/citations/extract/", {"text": TEXT}, format="json").status_code == 200
    assert client.post(URL, {"text": TEXT}, format="json").status_code == 200
    error_of(client.post(URL, {"text": TEXT}, format="json"), 429, "throttled")
