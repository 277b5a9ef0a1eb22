"""Kind, outcome, parties and the court's successor history on the portal: filters and facets by outcome,
kind and party role, field queries by side (plaintiff:, accused: …), the court filter finding a
predecessor court's judgments under its successor, the labels "now …", the API's fields and filters, and
the bulk export's columns."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from ecourt.api.testing import client_for
from ecourt.cases.models import PartyKind
from ecourt.courts.factories import CourtFactory
from ecourt.courts.models import CourtLevel, CourtSuccession, SuccessionKind
from ecourt.judgments import bulk
from ecourt.judgments.models import Judgment, JudgmentKind, JudgmentParty, JudgmentPartyRole, Outcome
from ecourt.judgments.portal import facet_label, search_judgments
from ecourt.judgments.search import JUDGMENTS
from ecourt.search import engine

from .portal_data import FILLERS, Portal, build, make

pytestmark = pytest.mark.django_db
R = JudgmentPartyRole
DISTRICT = "Tòa án nhân dân huyện Bảo Thắng, tỉnh Lào Cai"
REGIONAL = "Tòa án nhân dân khu vực 3 - Lào Cai"


@dataclass
class Data:
    portal: Portal
    old: Judgment  # of a district court merged into a regional court on 1 July 2025
    regional: Any
    district: Any


def parties(judgment: Judgment, *rows: tuple[str, str, str]) -> None:
    JudgmentParty.objects.bulk_create(
        JudgmentParty(judgment=judgment, role=role, name=name, kind=kind, position=i)
        for i, (role, name, kind) in enumerate(rows, start=1)
    )


@pytest.fixture
def data(db: None) -> Data:
    portal = build()
    district = CourtFactory(
        name=DISTRICT, level=CourtLevel.DISTRICT, valid_from=None, valid_to=datetime.date(2025, 7, 1)
    )
    regional = CourtFactory(name=REGIONAL, level=CourtLevel.REGIONAL, valid_from=datetime.date(2025, 7, 1))
    CourtSuccession.objects.create(
        predecessor=district, successor=regional, effective_on=datetime.date(2025, 7, 1), kind=SuccessionKind.MERGED
    )
    old = make(9, "Tranh chấp ranh giới đất", "Hai hộ tranh chấp ranh giới.", datetime.date(2021, 4, 5), district)
    Judgment.objects.filter(pk=portal.credit.pk).update(kind=JudgmentKind.JUDGMENT, outcome=Outcome.ACCEPTED)
    parties(
        portal.credit,
        (R.PLAINTIFF, "Ngân hàng thương mại cổ phần A", PartyKind.ORGANISATION),
        (R.DEFENDANT, "Nguyễn Văn B", PartyKind.PERSON),
    )
    Judgment.objects.filter(pk=portal.theft.pk).update(kind=JudgmentKind.JUDGMENT, outcome=Outcome.GUILTY)
    parties(portal.theft, (R.ACCUSED, "Trần Văn C", PartyKind.PERSON), (R.VICTIM, "Lê Thị D", PartyKind.PERSON))
    Judgment.objects.filter(pk=portal.sale.pk).update(kind=JudgmentKind.DECISION, outcome=Outcome.UPHELD)
    parties(portal.sale, (R.APPELLANT, "Công ty TNHH E", PartyKind.ORGANISATION))
    engine.rebuild(JUDGMENTS)
    return Data(portal, old, regional, district)


def ids(results: engine.Results) -> set[int]:
    return {hit.id for hit in results.hits}


def facet(results: engine.Results, name: str) -> dict[str | int, int]:
    return {f.value: f.count for f in results.facets[name]}


def test_filters_and_facets_by_outcome_kind_and_party_role(data: Data) -> None:
    p = data.portal
    everything = search_judgments("", {})
    assert facet(everything, "outcome") == {
        "accepted": 1,
        "guilty": 1,
        "upheld": 1,
        "unknown": 2 + FILLERS,  # the divorce and the old judgment, and the fillers: nothing read
    }
    assert facet(everything, "kind") == {"judgment": 2, "decision": 1, "": 2 + FILLERS}
    assert facet(everything, "party_role") == {
        "plaintiff": 1,
        "defendant": 1,
        "accused": 1,
        "victim": 1,
        "appellant": 1,
    }
    assert ids(search_judgments("", {"outcome": "accepted"})) == {p.credit.pk}
    assert ids(search_judgments("", {"kind": "decision"})) == {p.sale.pk}
    assert ids(search_judgments("", {"party_role": "victim"})) == {p.theft.pk}
    assert ids(search_judgments("outcome:guilty", {})) == {p.theft.pk}
    with translation.override("en"):
        assert facet_label("outcome", "partly_accepted") == "Claim partly accepted"
        assert facet_label("party_role", "related") == "Person with related rights and obligations"


def test_field_queries_by_the_side_of_the_parties(data: Data) -> None:
    p = data.portal
    assert ids(search_judgments('plaintiff:"ngan hang"', {})) == {p.credit.pk}
    assert ids(search_judgments('defendant:"nguyễn văn b"', {})) == {p.credit.pk}
    assert ids(search_judgments('defendant:"ngan hang"', {})) == set()
    assert ids(search_judgments('accused:"tran van c"', {})) == {p.theft.pk}
    assert ids(search_judgments('victim:"le thi d"', {})) == {p.theft.pk}
    assert ids(search_judgments('related:"le thi d"', {})) == set()


def test_the_court_filter_finds_the_judgments_of_the_courts_a_court_succeeded(data: Data) -> None:
    # filtered by the regional court created on 1 July 2025: the district court's judgment of 2021
    assert ids(search_judgments("", {"court": REGIONAL})) == {data.old.pk}
    assert ids(search_judgments("", {"court": DISTRICT})) == {data.old.pk}
    counts = facet(search_judgments("", {}), "court_lineage")
    assert counts[REGIONAL] == 1
    assert counts[DISTRICT] == 1
    html = data_client_get("/judgments/", {"court": REGIONAL})
    with translation.override("vi"):  # the page's language
        assert facet_label("court_lineage", DISTRICT, {DISTRICT: REGIONAL}) in html
    with translation.override("en"):
        assert facet_label("court_lineage", DISTRICT, {DISTRICT: REGIONAL}) == f"{DISTRICT} (now {REGIONAL})"
    page = data_client_get(f"/judgments/{data.old.pk}/")
    assert "data-court-now" in page
    assert f'href="/courts/{data.regional.code}/"' in page


def data_client_get(path: str, params: dict[str, Any] | None = None) -> str:
    from django.test import Client

    response = Client().get(path, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_outcome_and_parties_and_filters_by_outcome(data: Data) -> None:
    p = data.portal
    html = data_client_get("/judgments/", {"outcome": "guilty"})
    assert f'href="/judgments/{p.theft.pk}/"' in html
    assert f'href="/judgments/{p.credit.pk}/"' not in html
    page = data_client_get(f"/judgments/{p.credit.pk}/")
    with translation.override("vi"):  # the page's language
        assert f"<span data-outcome>{Outcome.GUILTY.label}</span>" in html
        assert f"<dd data-outcome>{Outcome.ACCEPTED.label}</dd>" in page
        plaintiff, defendant = R.PLAINTIFF.label, R.DEFENDANT.label
        assert f'<span data-role="plaintiff">{plaintiff}: Ngân hàng thương mại cổ phần A</span>' in page
        assert f'<span data-role="defendant">{defendant}: Nguyễn Văn B</span>' in page


def test_the_api_lists_and_filters_them(data: Data) -> None:
    p = data.portal
    body = client_for().get("/api/v1/judgments/", {"outcome": "guilty"}).json()
    assert [hit["id"] for hit in body["results"]] == [p.theft.pk]
    hit = body["results"][0]
    assert (hit["kind"], hit["outcome"], hit["party_role"]) == ("judgment", "guilty", ["accused", "victim"])
    assert {"kind", "outcome", "party_role"} <= set(body["facets"])
    assert client_for().get("/api/v1/judgments/", {"party_role": "appellant"}).json()["count"] == 1
    assert client_for().get("/api/v1/judgments/", {"kind": "decision"}).json()["count"] == 1
    assert client_for().get("/api/v1/judgments/", {"court": REGIONAL}).json()["count"] == 1
    assert client_for().get("/api/v1/judgments/", {"outcome": "won"}).status_code == 400
    detail = client_for().get(f"/api/v1/judgments/{p.credit.pk}/").json()
    assert (detail["kind"], detail["outcome"]) == ("judgment", "accepted")
    with translation.override("vi"):  # the API's language
        assert detail["outcome_label"] == Outcome.ACCEPTED.label
        assert [x["role_label"] for x in detail["parties"]] == [R.PLAINTIFF.label, R.DEFENDANT.label]
    assert [(x["role"], x["name"], x["kind"]) for x in detail["parties"]] == [
        ("plaintiff", "Ngân hàng thương mại cổ phần A", "organisation"),
        ("defendant", "Nguyễn Văn B", "person"),
    ]
    assert detail["court_now"] is None
    old = client_for().get(f"/api/v1/judgments/{data.old.pk}/").json()
    assert old["court_now"] == data.regional.code


def test_the_bulk_export_holds_kind_outcome_and_parties(data: Data, tmp_path: Path) -> None:
    p = data.portal
    folder = bulk.export_bulk(datetime.date(2026, 11, 25), root=tmp_path).folder
    lines = [json.loads(x) for x in gzip.decompress((folder / "judgments.jsonl.gz").read_bytes()).decode().splitlines()]
    credit = next(x for x in lines if x["id"] == p.credit.pk)
    assert (credit["kind"], credit["outcome"]) == ("judgment", "accepted")
    assert credit["parties"] == [
        {"role": "plaintiff", "name": "Ngân hàng thương mại cổ phần A", "kind": "organisation"},
        {"role": "defendant", "name": "Nguyễn Văn B", "kind": "person"},
    ]
    rows = list(csv.DictReader(io.StringIO(gzip.decompress((folder / "judgments.csv.gz").read_bytes()).decode())))
    assert {"kind", "outcome", "parties"} <= set(rows[0])
    theft = next(r for r in rows if r["id"] == str(p.theft.pk))
    assert (theft["outcome"], theft["parties"]) == ("guilty", "accused: Trần Văn C | victim: Lê Thị D")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == bulk.SCHEMA_VERSION == 2
