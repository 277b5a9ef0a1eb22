"""Precedents cited in real judgments: the linker resolves "Án lệ số 08/2016/AL" (ALQAC dev judgments) to a
registered precedent, keeps the number of one not registered, attaches the citations recorded before a
precedent is registered; the judgment's page links the citation, the precedent's page lists who cites it,
the search documents, the bulk export and the API carry the edges; ``cite check`` says whether a cited
precedent applies on the text's day. The precedent records are synthetic."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from ecourt.api.testing import client_for
from ecourt.citations.models import CitationLink, CitationStatus
from ecourt.citations.services import link_judgments
from ecourt.citations.tests.graph_fixtures import judgment
from ecourt.citations.verification import NOT_FOUND, NOT_YET, REPEALED, VALID, check_text
from ecourt.judgments import bulk
from ecourt.judgments.models import Judgment
from ecourt.judgments.reading import read_alqac
from ecourt.judgments.search import judgment_documents
from ecourt.judgments.services import run_import
from ecourt.precedents.models import Precedent, PrecedentStatus
from ecourt.precedents.services import clean_record, register

pytestmark = pytest.mark.django_db

# case_4616 (03/2018/KDTM-ST) and case_5226 (64/2018/DSST) cite 08/2016/AL; case_127 (05/2021/DS-ST)
# cites 16/2017/AL twice, 04/2016/AL three times and 15/2017/AL, across line breaks ("Án lệ \nsố  16/2017/AL").
CITING = ("case_4616", "case_5226", "case_127")


@pytest.fixture(scope="module")
def inputs() -> dict[str, Any]:
    return {i.source_id: i for i in read_alqac() if i.source_id in CITING}


def synthetic(number: str = "08/2016/AL", **fields: Any) -> Precedent:
    record = {
        "number": number,
        "title": "Về một tình huống thử nghiệm",
        "principle": "Khái quát nội dung thử nghiệm.",
        "published_on": "2016-10-28",
        **fields,
    }
    precedent, _outcome, _attached = register(clean_record(record))
    return precedent


@pytest.fixture
def imported(inputs: dict[str, Any]) -> dict[str, Judgment]:
    synthetic()
    run_import("alqac-2026", [inputs[k] for k in CITING], record_job=False)
    return {j.source_id: j for j in Judgment.objects.filter(source_id__in=CITING)}


def precedent_rows(j: Judgment) -> list[CitationLink]:
    return list(CitationLink.objects.filter(citing_judgment=j, cited_number__endswith="/AL").order_by("start"))


def test_the_linker_resolves_a_registered_precedent_in_a_real_judgment(imported: dict[str, Judgment]) -> None:
    precedent = Precedent.objects.get(number="08/2016/AL")
    rows = precedent_rows(imported["case_4616"])
    assert len(rows) == 1
    row = rows[0]
    assert imported["case_4616"].text[row.start : row.end].startswith("Án lệ số 08/2016/AL")
    assert (row.target_precedent_id, row.resolved, row.status) == (precedent.pk, True, CitationStatus.RESOLVED)
    assert [r.target_precedent_id for r in precedent_rows(imported["case_5226"])] == [precedent.pk, precedent.pk]
    # not registered: recorded with its number, unresolved
    unknown = precedent_rows(imported["case_127"])
    assert [r.cited_number for r in unknown] == [
        "16/2017/AL",
        "04/2016/AL",
        "04/2016/AL",
        "16/2017/AL",
        "04/2016/AL",
        "15/2017/AL",
    ]
    assert {(r.target_precedent_id, r.resolved, r.status) for r in unknown} == {
        (None, False, CitationStatus.NO_DOCUMENT)
    }


def test_a_precedent_written_without_its_leading_zero_resolves_too() -> None:
    precedent = synthetic()
    j = judgment("1", "Áp dụng Án lệ số 8/2016/AL về xác định lãi suất.", datetime.date(2018, 1, 5))
    link_judgments([j.pk])
    (row,) = precedent_rows(j)
    assert (row.cited_number, row.target_precedent_id) == ("08/2016/AL", precedent.pk)


def test_registering_a_precedent_later_attaches_the_citations_already_recorded(imported: dict[str, Judgment]) -> None:
    precedent = synthetic("16/2017/AL", published_on="2017-12-28")
    rows = [r for r in precedent_rows(imported["case_127"]) if r.cited_number == "16/2017/AL"]
    assert [(r.target_precedent_id, r.status) for r in rows] == [(precedent.pk, CitationStatus.RESOLVED)] * 2
    others = [r for r in precedent_rows(imported["case_127"]) if r.cited_number != "16/2017/AL"]
    assert {r.target_precedent_id for r in others} == {None}


def test_the_judgment_page_links_the_precedent_and_its_source_shows_it(
    imported: dict[str, Judgment], client: Client
) -> None:
    source = imported["case_5226"]
    Precedent.objects.filter(number="08/2016/AL").update(source_judgment=source)
    page = client.get(f"/judgments/{imported['case_4616'].pk}/").content.decode()
    assert 'href="/precedents/08/2016/AL/" class="cite cite-precedent"' in page
    source_page = client.get(f"/judgments/{source.pk}/").content.decode()
    assert "data-precedent-source" in source_page
    assert 'href="/precedents/08/2016/AL/"' in source_page


def test_the_precedent_page_shows_its_status_source_and_the_judgments_citing_it(
    imported: dict[str, Judgment], client: Client
) -> None:
    Precedent.objects.filter(number="08/2016/AL").update(source_judgment=imported["case_127"])
    client.cookies["django_language"] = "en"  # pages speak Vietnamese unless the visitor chose English
    response = client.get("/precedents/08/2016/AL/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Về một tình huống thử nghiệm" in page
    assert "Khái quát nội dung thử nghiệm." in page
    assert 'data-status="in_force"' in page
    assert f'href="/judgments/{imported["case_127"].pk}/"' in page  # the source
    assert f'data-citing="{imported["case_4616"].pk}"' in page
    assert f'data-citing="{imported["case_5226"].pk}"' in page
    assert "cited 2 times" in page
    assert client.get("/precedents/8-2016-al/")["Location"] == "/precedents/08/2016/AL/"  # another writing redirects
    assert client.get("/precedents/99/2016/AL/").status_code == 404
    listing = client.get("/precedents/").content.decode()
    assert 'data-precedent="08/2016/AL"' in listing


def test_search_documents_carry_the_precedents_cited_and_the_precedent_status(imported: dict[str, Judgment]) -> None:
    Precedent.objects.filter(number="08/2016/AL").update(source_judgment=imported["case_127"])
    docs = {d["id"]: d for d in judgment_documents([j.pk for j in imported.values()])}
    assert docs[imported["case_5226"].pk]["cited_precedent"] == ["08/2016/AL"]
    # not registered: their numbers all the same, in first-cited order
    assert docs[imported["case_127"].pk]["cited_precedent"] == ["16/2017/AL", "04/2016/AL", "15/2017/AL"]
    assert docs[imported["case_127"].pk]["precedent"] == "08/2016/AL"
    assert docs[imported["case_4616"].pk]["precedent"] == ""


def test_the_bulk_export_has_judgment_to_precedent_edges(imported: dict[str, Judgment], tmp_path: Path) -> None:
    bulk.export_bulk(datetime.date(2026, 11, 25), root=tmp_path)
    text = gzip.decompress((tmp_path / "2026-11-25" / "citations.csv.gz").read_bytes()).decode("utf-8")
    edges = [e for e in csv.DictReader(io.StringIO(text)) if e["kind"] == "precedent"]
    assert sorted((int(e["judgment_id"]), e["document_number"], e["document_key"]) for e in edges) == sorted(
        [
            (imported["case_4616"].pk, "08/2016/AL", "08-2016-al"),
            (imported["case_5226"].pk, "08/2016/AL", "08-2016-al"),
            (imported["case_5226"].pk, "08/2016/AL", "08-2016-al"),
        ]
    )  # 16/2017/AL and the others of case_127 are not registered: no edge


def test_the_api_lists_precedents_and_answers_one_with_who_cites_it(imported: dict[str, Judgment]) -> None:
    api = client_for()
    listing = api.get("/api/v1/precedents/").json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert (row["number"], row["key"], row["cited_by"], row["applies_today"]) == (
        "08/2016/AL",
        "08-2016-al",
        2,
        "in_force",
    )
    assert row["effective_on"] == "2016-11-27"
    assert row["url"] == "/precedents/08/2016/AL/"
    one = api.get("/api/v1/precedents/08-2016-al/").json()
    assert one["principle"] == "Khái quát nội dung thử nghiệm."
    assert {c["id"]: c["citations"] for c in one["cited_by_judgments"]} == {
        imported["case_4616"].pk: 1,
        imported["case_5226"].pk: 2,
    }
    assert api.get("/api/v1/precedents/08/2016/AL/").json()["number"] == "08/2016/AL"
    assert api.get("/api/v1/precedents/99-2016-al/").status_code == 404
    cites = api.get(f"/api/v1/judgments/{imported['case_4616'].pk}/").json()["citations"]
    (cited,) = [c for c in cites if c["precedent"]]
    assert (cited["precedent"], cited["url"]) == ("08/2016/AL", "/precedents/08/2016/AL/")
    assert api.get("/api/v1/precedents/", {"status": "gone"}).status_code == 400


def test_cite_check_says_whether_a_cited_precedent_applies_on_the_day() -> None:
    synthetic(published_on="2016-10-28")  # applies from 27/11/2016
    synthetic(
        "20/2017/AL", published_on="2017-02-01", status="abolished", abolished_on="2018-06-01", abolished_by="1/QĐ-TEST"
    )
    text = "Áp dụng Án lệ số 08/2016/AL, Án lệ số 20/2017/AL và Án lệ số 77/2019/AL."

    def codes(day: datetime.date) -> list[str]:
        with translation.override("en"):
            return [v.code for v in check_text(text, day).verdicts]

    assert codes(datetime.date(2016, 11, 1)) == [NOT_YET, NOT_YET, NOT_FOUND]
    assert codes(datetime.date(2017, 6, 1)) == [VALID, VALID, NOT_FOUND]
    assert codes(datetime.date(2018, 6, 1)) == [VALID, REPEALED, NOT_FOUND]
    with translation.override("en"):
        report = check_text(text, datetime.date(2018, 7, 1)).as_dict()
    first, abolished, unknown = report["verdicts"]
    assert first["document"]["number"] == "08/2016/AL"
    assert first["document"]["key"] == "08-2016-al"
    assert abolished["explanation"] == "Án lệ số 20/2017/AL was abolished by 1/QĐ-TEST from 01/06/2018."
    assert "77/2019/AL" in unknown["explanation"]
    assert Precedent.objects.get(number="20/2017/AL").status == PrecedentStatus.ABOLISHED


def test_staff_register_a_precedent_in_the_admin_and_its_citations_attach(admin_client: Client) -> None:
    j = judgment("2", "Áp dụng Án lệ số 50/2099/AL (thử nghiệm).", datetime.date(2099, 6, 1))
    link_judgments([j.pk])
    response = admin_client.post(
        "/admin/precedents/precedent/add/",
        {
            "number": "50/2099/al",
            "title": "Về một tình huống thử nghiệm",
            "principle": "",
            "content": "",
            "decision": "",
            "published_on": "2099-01-20",
            "status": "in_force",
            "abolished_by": "",
            "source_number": "",
            "source_court": "",
        },
    )
    assert response.status_code == 302
    precedent = Precedent.objects.get(number="50/2099/AL")
    assert precedent.effective_on == datetime.date(2099, 2, 19)
    (row,) = precedent_rows(j)
    assert (row.target_precedent_id, row.resolved) == (precedent.pk, True)
    admin_client.post(f"/admin/precedents/precedent/{precedent.pk}/delete/", {"post": "yes"})
    row.refresh_from_db()
    assert (row.target_precedent_id, row.resolved, row.cited_number) == (None, False, "50/2099/AL")
