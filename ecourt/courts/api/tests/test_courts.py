"""The courts endpoints: the list with its filters, and one court with its history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.courts.factories import CourtFactory, DepartmentFactory, ProvincialCourtFactory
from ecourt.courts.models import CourtLevel, CourtSuccession, DepartmentKind, SuccessionKind

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def reform(court, provincial_court):
    """Two district courts dissolved on 1 July 2025, merged into ``court``."""
    old = [
        CourtFactory(
            level=CourtLevel.DISTRICT,
            name=name,
            short_name=name.replace("Tòa án nhân dân", "TAND"),
            province="Tỉnh Bắc Ninh",
            valid_from=datetime.date(1993, 1, 1),
            valid_to=REFORM,
            parent=provincial_court,
        )
        for name in ("Tòa án nhân dân huyện Thuận Thành", "Tòa án nhân dân huyện Gia Bình")
    ]
    for predecessor in old:
        CourtSuccession.objects.create(
            predecessor=predecessor,
            successor=court,
            effective_on=REFORM,
            kind=SuccessionKind.MERGED,
            legal_basis="Nghị quyết 81/2025/UBTVQH15",
        )
    DepartmentFactory(court=court, kind=DepartmentKind.CIVIL, name="Tòa Dân sự")
    DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL, name="Tòa Hình sự")
    return old


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_any_signed_in_user_lists_courts(citizen, court, provincial_court):
    response = client_for(citizen).get("/api/v1/courts/")
    body = response.json()
    assert body["count"] == 2
    assert codes(response) == sorted([court.code, provincial_court.code])
    row = next(r for r in body["results"] if r["id"] == court.pk)
    assert row["parent"] == provincial_court.pk
    assert row["level"] == "regional"
    assert row["is_active"] is True


def test_it_filters_by_level_day_and_province(judge, court, provincial_court, reform):
    client = client_for(judge)
    assert codes(client.get("/api/v1/courts/?level=provincial")) == [provincial_court.code]
    # court and provincial_court start on 1 July 2025 (the factories' default)
    assert set(codes(client.get("/api/v1/courts/?active_on=2025-06-30"))) == {c.code for c in reform}
    on_old_map = set(codes(client.get("/api/v1/courts/?active_on=2025-06-30&level=district")))
    assert on_old_map == {c.code for c in reform}
    assert set(codes(client.get("/api/v1/courts/?active_on=2025-07-01&level=district"))) == set()
    assert set(codes(client.get("/api/v1/courts/?province=Bắc Ninh"))) == {c.code for c in reform}


def test_the_name_search_ignores_accents_and_case(judge, reform):
    client = client_for(judge)
    assert codes(client.get("/api/v1/courts/?q=thuan thanh")) == [reform[0].code]
    assert codes(client.get("/api/v1/courts/?q=GIA BÌNH")) == [reform[1].code]
    # the same words typed in decomposed Unicode (NFD), as some keyboards send them
    assert codes(client.get("/api/v1/courts/?q=Gia%20Bi%CC%80nh")) == [reform[1].code]
    assert codes(client.get(f"/api/v1/courts/?q={reform[0].code}")) == [reform[0].code]


def test_bad_filters_are_field_errors(judge):
    error = error_of(client_for(judge).get("/api/v1/courts/?level=county&active_on=30/06/2025"), 400, "invalid_input")
    assert set(error["fields"]) == {"level", "active_on"}


def test_a_court_shows_its_parent_history_and_departments(citizen, court, provincial_court, reform):
    # labels follow the client's language (Vietnamese by default)
    body = client_for(citizen).get(f"/api/v1/courts/{court.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["parent"]["id"] == provincial_court.pk
    assert sorted(body["predecessors"], key=lambda p: p["court"]["id"]) == [
        {
            "court": {
                "id": old.pk,
                "code": old.code,
                "short_name": old.short_name,
                "level": "district",
                "level_label": "District People's Court",
            },
            "effective_on": "2025-07-01",
            "kind": "merged",
            "kind_label": "Merged into",
            "legal_basis": "Nghị quyết 81/2025/UBTVQH15",
        }
        for old in sorted(reform, key=lambda c: c.pk)
    ]
    assert body["successors"] == []
    assert [d["kind"] for d in body["departments"]] == ["civil", "criminal"]

    dissolved = client_for(citizen).get(f"/api/v1/courts/{reform[0].pk}/").json()
    assert dissolved["is_active"] is False
    assert dissolved["valid_to"] == "2025-07-01"
    assert [s["court"]["id"] for s in dissolved["successors"]] == [court.pk]


def test_an_unknown_court_is_not_found(judge):
    error_of(client_for(judge).get("/api/v1/courts/999999/"), 404, "not_found")


def test_anonymous_clients_are_refused(court):
    error_of(client_for().get(f"/api/v1/courts/{court.pk}/"), 401, "not_authenticated")


def test_province_and_search_use_normalized_text(judge):
    hoa = ProvincialCourtFactory(name="Tòa án nhân dân tỉnh Khánh Hòa", province="Tỉnh Khánh Hòa")
    # the other tone placement ("Hoà") finds the same court
    assert codes(client_for(judge).get("/api/v1/courts/?q=khanh hoà")) == [hoa.code]
    assert codes(client_for(judge).get("/api/v1/courts/?province=Khánh Hoà")) == [hoa.code]
