"""The list of legal documents (filters, status on a day, search) and one document (metadata, status,
relations with their dates, table of contents). The corpus is public: no sign-in needed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentRelation, DocumentType, LegalDocument, ProvisionKind, RelationKind
from ecourt.laws.search import LAWS
from ecourt.laws.selectors import document_status, with_status
from ecourt.search import engine, readers, storage

pytestmark = pytest.mark.django_db

URL = "/api/v1/laws/documents/"
D = datetime.date


@pytest.fixture
def corpus() -> dict[str, LegalDocument]:
    """A code in force, a decree that expired, one not yet in force, a circular replaced by another on
    1 January 2021 and one partly repealed by a law on 1 July 2022."""
    code = LegalDocumentFactory(
        number="92/2015/QH13",
        key="92-2015-qh13",
        doc_type=DocumentType.CODE,
        title="Bộ luật Tố tụng dân sự",
        issuer="Quốc hội",
        issued_on=D(2015, 11, 25),
        effective_from=D(2016, 7, 1),
    )
    old_decree = LegalDocumentFactory(
        number="01/2014/QĐ-TTg",
        key="01-2014-qd-ttg",
        doc_type=DocumentType.DECISION,
        issuer="Thủ tướng Chính phủ",
        issued_on=D(2014, 1, 2),
        effective_from=D(2014, 3, 1),
        effective_to=D(2019, 1, 1),
    )
    future = LegalDocumentFactory(
        number="30/2030/NĐ-CP",
        key="30-2030-nd-cp",
        issued_on=D(2030, 1, 5),
        effective_from=D(2030, 7, 1),
    )
    replaced = LegalDocumentFactory(
        number="12/2016/TT-BTC",
        key="12-2016-tt-btc",
        doc_type=DocumentType.CIRCULAR,
        issuer="Bộ Tài chính",
        issued_on=D(2016, 2, 1),
        effective_from=D(2016, 4, 1),
    )
    replacing = LegalDocumentFactory(
        number="80/2020/TT-BTC",
        key="80-2020-tt-btc",
        doc_type=DocumentType.CIRCULAR,
        issuer="Bộ Tài chính",
        issued_on=D(2020, 10, 1),
        effective_from=D(2021, 1, 1),
    )
    DocumentRelation.objects.create(
        source=replacing, target=replaced, kind=RelationKind.REPLACES, effective_on=D(2021, 1, 1)
    )
    partly = LegalDocumentFactory(
        number="45/2019/QH14",
        key="45-2019-qh14",
        doc_type=DocumentType.LAW,
        title="Bộ luật Lao động",
        issuer="Quốc hội",
        issued_on=D(2019, 11, 20),
        effective_from=D(2021, 1, 1),
    )
    article = ProvisionFactory(document=partly, number="7", key="dieu-7")
    ProvisionVersionFactory(provision=article, valid_from=D(2021, 1, 1), valid_to=D(2022, 7, 1))
    ProvisionVersionFactory(provision=article, valid_from=D(2022, 7, 1), repealed=True, text="")
    return {
        "code": code,
        "old_decree": old_decree,
        "future": future,
        "replaced": replaced,
        "replacing": replacing,
        "partly": partly,
    }


def keys(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["key"] for row in response.json()["results"]]


def test_anyone_lists_documents_newest_first_with_their_status_today(corpus):
    response = client_for().get(URL, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert body["count"] == 6
    assert keys(response) == [
        "30-2030-nd-cp",
        "80-2020-tt-btc",
        "45-2019-qh14",
        "12-2016-tt-btc",
        "92-2015-qh13",
        "01-2014-qd-ttg",
    ]
    code = next(row for row in body["results"] if row["key"] == "92-2015-qh13")
    assert code == {
        "key": "92-2015-qh13",
        "number": "92/2015/QH13",
        "doc_type": "bo_luat",
        "doc_type_label": "Code",
        "title": "Bộ luật Tố tụng dân sự",
        "issued_on": "2015-11-25",
        "short_title": "",
        "issuer": "Quốc hội",
        "signer": "",
        "effective_from": "2016-07-01",
        "effective_to": None,
        "status": "in_force",
        "status_label": "In force",
    }


def test_a_signed_in_user_lists_them_too(corpus, judge):
    assert len(keys(client_for(judge).get(URL))) == 6


def test_status_is_the_status_on_the_day_asked_for(corpus):
    def status(day: str) -> dict[str, str]:
        response = client_for().get(URL, {"date": day})
        assert response.status_code == 200
        return {row["key"]: row["status"] for row in response.json()["results"]}

    assert status("2018-06-01") == {
        "30-2030-nd-cp": "not_yet",
        "80-2020-tt-btc": "not_yet",
        "45-2019-qh14": "not_yet",
        "12-2016-tt-btc": "in_force",
        "92-2015-qh13": "in_force",
        "01-2014-qd-ttg": "in_force",
    }
    assert status("2023-01-01") == {
        "30-2030-nd-cp": "not_yet",
        "80-2020-tt-btc": "in_force",
        "45-2019-qh14": "partly_expired",
        "12-2016-tt-btc": "expired",
        "92-2015-qh13": "in_force",
        "01-2014-qd-ttg": "expired",
    }


def test_the_database_status_is_the_selector_status(corpus):
    """``with_status`` (one query for a list) gives what ``document_status`` gives, document by document."""
    for day in [D(2010, 1, 1), D(2016, 7, 1), D(2018, 12, 31), D(2019, 1, 1), D(2021, 1, 1), D(2022, 7, 1)]:
        rows = with_status(LegalDocument.objects.all(), day)
        annotated = dict(rows.values_list("pk", "status_on"))  # type: ignore[misc]  # an annotation
        assert annotated == {d.pk: document_status(d, day).value for d in LegalDocument.objects.all()}, day


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"number": "92/2015/QH13"}, ["92-2015-qh13"]),
        ({"number": "01/2014/qd-ttg"}, ["01-2014-qd-ttg"]),  # Đ and case ignored
        ({"number": "01/2014/QĐ-TTg "}, ["01-2014-qd-ttg"]),
        ({"number": "92/2015"}, []),  # the whole number, not a part of it
        ({"type": "thong_tu"}, ["80-2020-tt-btc", "12-2016-tt-btc"]),
        ({"issuer": "bo tai chinh"}, ["80-2020-tt-btc", "12-2016-tt-btc"]),
        ({"issuer": "Quốc hội"}, ["45-2019-qh14", "92-2015-qh13"]),
        ({"issuer": "THU TUONG"}, ["01-2014-qd-ttg"]),
        ({"year": 2016}, ["12-2016-tt-btc"]),
        ({"status": "expired"}, ["12-2016-tt-btc", "01-2014-qd-ttg"]),
        ({"status": "expired", "date": "2020-06-01"}, ["01-2014-qd-ttg"]),
        ({"status": "not_yet", "date": "2020-06-01"}, ["30-2030-nd-cp", "80-2020-tt-btc", "45-2019-qh14"]),
        ({"status": "partly_expired"}, ["45-2019-qh14"]),
        ({"type": "thong_tu", "status": "in_force"}, ["80-2020-tt-btc"]),
    ],
)
def test_filters(corpus: Any, query: dict[str, Any], expected: list[str]) -> None:
    assert keys(client_for().get(URL, query)) == expected


def test_bad_filters_are_field_errors(corpus):
    error = error_of(
        client_for().get(URL, {"type": "sac_lenh", "year": "hai nghin", "status": "alive", "date": "01/03/2020"}),
        400,
        "invalid_input",
    )
    assert set(error["fields"]) == {"type", "year", "status", "date"}


def test_q_searches_the_corpus_and_ranks_by_relevance(corpus):
    engine.rebuild(LAWS)
    # Without diacritics; the labour code's title matches, the civil procedure code's does not.
    assert keys(client_for().get(URL, {"q": "bo luat lao dong"})) == ["45-2019-qh14"]
    assert sorted(keys(client_for().get(URL, {"q": "Bộ luật"}))) == ["45-2019-qh14", "92-2015-qh13"]
    # A number typed whole finds the document; the other filters still apply.
    assert keys(client_for().get(URL, {"q": "80/2020/TT-BTC"}))[0] == "80-2020-tt-btc"
    assert keys(client_for().get(URL, {"q": "bo luat", "issuer": "quoc hoi", "year": "2019"})) == ["45-2019-qh14"]
    assert keys(client_for().get(URL, {"q": "khong co van ban nao nhu vay"})) == []


def test_a_search_index_built_from_other_fields_answers_503_until_it_is_rebuilt(corpus):
    engine.rebuild(LAWS)
    cdir = storage.corpus_dir(LAWS)
    generation = storage.current_generation(cdir)
    assert generation is not None
    (cdir / generation / storage.MARKER).write_text('{"fingerprint": "an older declaration"}', encoding="utf-8")
    readers.close_readers()
    error = error_of(client_for().get(URL, {"q": "bo luat"}), 503, "search_unavailable")
    assert error["message"]
    assert len(keys(client_for().get(URL, {"type": "bo_luat"}))) == 1  # the filters work without ?q
    engine.rebuild(LAWS)
    assert keys(client_for().get(URL, {"q": "bo luat lao dong"})) == ["45-2019-qh14"]


def test_one_document_with_its_status_relations_and_table_of_contents(corpus):
    code = corpus["code"]
    chapter = ProvisionFactory(document=code, kind=ProvisionKind.CHAPTER, number="XIII", title="Chuẩn bị xét xử")
    # Article keys do not include the chapter (a renumbered chapter keeps its articles' addresses).
    article = ProvisionFactory(
        document=code, parent=chapter, number="203", key="dieu-203", title="Thời hạn chuẩn bị xét xử"
    )
    ProvisionFactory(document=code, parent=article, kind=ProvisionKind.CLAUSE, number="1")  # not in the contents
    ProvisionFactory(document=code, number="204", title="Hòa giải")
    amending = LegalDocumentFactory(number="85/2025/QH15", key="85-2025-qh15", issued_on=D(2025, 6, 25))
    DocumentRelation.objects.create(
        source=amending,
        target=code,
        kind=RelationKind.AMENDS,
        effective_on=D(2025, 7, 1),
        target_provision=article,
    )
    DocumentRelation.objects.create(source=code, target=corpus["old_decree"], kind=RelationKind.REFERS_TO)

    response = client_for().get(f"{URL}92-2015-qh13/", {"date": "2016-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == "92/2015/QH13"
    assert body["day"] == "2016-01-01"
    assert (body["status"], body["status_label"]) == ("not_yet", "Not yet in force")
    assert client_for().get(f"{URL}92-2015-qh13/").json()["status"] == "in_force"
    assert [
        (r["kind"], r["source"]["key"], r["effective_on"], r["target_provision"]) for r in body["relations_in"]
    ] == [("amends", "85-2025-qh15", "2025-07-01", "dieu-203")]
    assert body["relations_in"][0]["kind_label"] == "Amends"
    assert [(r["kind"], r["target"]["key"], r["effective_on"]) for r in body["relations_out"]] == [
        ("refers_to", "01-2014-qd-ttg", None)
    ]
    assert [(e["key"], e["kind"], e["depth"], e["parent"], e["title"]) for e in body["table_of_contents"]] == [
        ("chuong-xiii", "chuong", 0, None, "Chuẩn bị xét xử"),
        ("dieu-203", "dieu", 1, "chuong-xiii", "Thời hạn chuẩn bị xét xử"),
        ("dieu-204", "dieu", 0, None, "Hòa giải"),
    ]


def test_an_unknown_document_is_not_found(corpus):
    error_of(client_for().get(f"{URL}99-2099-qh99/"), 404, "not_found")
    error_of(client_for().get(f"{URL}92/2015/QH13/"), 404, "not_found")  # a number is not a key


def test_a_bad_date_is_a_field_error(corpus):
    error = error_of(client_for().get(f"{URL}92-2015-qh13/", {"date": "2020-02-30"}), 400, "invalid_input")
    assert set(error["fields"]) == {"date"}
    error = error_of(client_for().get(f"{URL}92-2015-qh13/", {"date": "1900-01-01"}), 400, "invalid_input")
    assert set(error["fields"]) == {"date"}
