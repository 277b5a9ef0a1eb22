"""POST /api/v1/citations/extract/: the objects of ``cite extract --json`` for a text sent in the body,
its limits (64,000 characters, an empty text, a body too large) and its own rate limit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.citations.api.serializers import MAX_TEXT_CHARS, CitationSerializer, ExtractResultSerializer
from ecourt.citations.pipeline import read_citations
from ecourt.laws.tests.decrees import AFTER, BEFORE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

URL = "/api/v1/citations/extract/"
TEXT = (
    "Căn cứ khoản 2 Điều 4 Nghị định số 45/2026/NĐ-CP của Chính phủ;\r\n"
    "căn cứ Điều 5, 6 và 7 của Nghị định số 45/2026/NĐ-CP; Điều 99 Nghị định số 45/2026/NĐ-CP."
)


def extract(payload: dict[str, Any], user: Any = None) -> dict[str, Any]:
    response = client_for(user).post(URL, payload, format="json")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_it_answers_with_the_objects_of_the_command_line():
    body = extract({"text": TEXT, "date": AFTER.isoformat()})
    expected = [r.as_dict() for r in read_citations(TEXT, day=AFTER).resolutions]
    assert body["citations"] == expected
    assert (body["day"], body["day_source"], body["characters"]) == (AFTER.isoformat(), "given", len(TEXT))
    assert set(body) == set(ExtractResultSerializer().fields)
    assert all(set(c) == set(CitationSerializer().fields) for c in body["citations"])


def test_each_cited_provision_is_one_object_with_offsets_into_the_text_as_sent():
    citations = extract({"text": TEXT, "date": AFTER.isoformat()})["citations"]
    assert [(c["article"], c["clause"], c["resolved"]) for c in citations] == [
        ("4", "2", True),
        ("5", None, True),
        ("6", None, True),
        ("7", None, True),
        ("99", None, False),
    ]
    for citation in citations:
        assert TEXT[citation["start"] : citation["end"]] == citation["text"]
    first = citations[0]
    assert first["document"] == {"number": "45/2026/NĐ-CP", "title": first["document"]["title"], "year": 2026}
    assert first["provision"] == "dieu-4/khoan-2"
    assert citations[4]["reason"]


def test_the_version_is_the_one_in_force_on_the_date():
    before = extract({"text": TEXT, "date": BEFORE.isoformat()})["citations"][0]["version"]
    after = extract({"text": TEXT, "date": AFTER.isoformat()})["citations"][0]["version"]
    assert before == {"valid_from": "2026-07-01", "valid_to": "2027-07-01", "repealed": False}
    assert after == {"valid_from": "2027-07-01", "valid_to": None, "repealed": False}


def test_without_a_date_it_reads_the_header_or_takes_today():
    body = extract({"text": TEXT})
    assert body["day_source"] == "today"
    assert body["day"] == datetime.date.today().isoformat()
    header = "TÒA ÁN NHÂN DÂN TỈNH BẮC NINH\nNgày 02 tháng 3 năm 2027\n" + TEXT
    dated = extract({"text": header, "domain": "civil"})
    assert (dated["day"], dated["day_source"], dated["domain"]) == ("2027-03-02", "header", "civil")


def test_signed_in_users_use_it_too(judge):
    assert len(extract({"text": TEXT}, judge)["citations"]) == 5


def test_a_text_of_64000_characters_is_read_and_one_more_is_refused():
    filler = " Đương sự trình bày ý kiến." * (MAX_TEXT_CHARS // 27)
    longest = (TEXT + filler)[:MAX_TEXT_CHARS]
    assert len(longest) == MAX_TEXT_CHARS
    assert extract({"text": longest})["characters"] == MAX_TEXT_CHARS
    error = error_of(client_for().post(URL, {"text": longest + "."}, format="json"), 400, "invalid_input")
    assert list(error["fields"]) == ["text"]
    assert "64.001" in error["fields"]["text"][0]
    assert "64.000" in error["fields"]["text"][0]


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"text"}),
        ({"text": ""}, {"text"}),
        ({"text": " \n\t "}, {"text"}),
        ({"text": None}, {"text"}),
        ({"text": ["Điều 5"]}, {"text"}),
        ({"text": TEXT, "date": "15/03/2026"}, {"date"}),
        ({"text": TEXT, "date": "1900-01-01"}, {"date"}),
        ({"text": TEXT, "domain": "family"}, {"domain"}),
    ],
)
def test_bad_input_is_a_field_error(payload: dict[str, Any], fields: set[str]) -> None:
    error = error_of(client_for().post(URL, payload, format="json"), 400, "invalid_input")
    assert set(error["fields"]) == fields


def test_it_takes_json_only():
    error_of(client_for().post(URL, {"text": TEXT}, format="multipart"), 415, "unsupported_media_type")
    error_of(client_for().post(URL, data="{", content_type="application/json"), 400, "parse_error")
    error_of(client_for().get(URL), 405, "method_not_allowed")


def test_a_body_larger_than_the_server_reads_is_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client_for().post(URL, {"text": "Điều 5. " * 2000}, format="json")
    error_of(response, 413, "request_too_large")
