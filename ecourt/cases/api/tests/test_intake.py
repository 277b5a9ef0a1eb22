"""POST /api/v1/cases/: receiving a petition or a criminal case file."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.audit.models import AuditEntry
from ecourt.cases.identifiers import is_valid_uid
from ecourt.cases.models import Case, CaseEvent, Party
from ecourt.courts.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def petition(court: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "court": court.pk,
        "case_type": "DS",
        "subject": "Tranh chấp hợp đồng vay tài sản",
        "summary": "Nguyên đơn yêu cầu bị đơn trả 120.000.000 đồng tiền vay.",
        "value_in_dispute": "120000000",
        "received_on": TODAY.isoformat(),
        "parties": [
            {
                "name": "Nguyễn Văn An",
                "role": "plaintiff",
                "birth_year": 1980,
                "national_id": "001080012345",
                "address": "phường Láng, Thành phố Hà Nội",
            },
            {"name": "Trần Thị Bình", "role": "defendant", "address": "phường Ô Chợ Dừa, Thành phố Hà Nội"},
            {"name": "Lê Văn Cường", "role": "lawyer", "represents": 0},
        ],
    }
    body.update(changes)
    return body


def counts() -> tuple[int, ...]:
    return (Case.objects.count(), Party.objects.count(), CaseEvent.objects.count(), AuditEntry.objects.count())


def test_a_clerk_receives_a_petition(clerk, court):
    response = client_for(clerk).post("/api/v1/cases/", petition(court), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["case_id"])
    assert is_valid_uid(case.uid)
    assert body["case"]["uid"] == case.uid
    assert body["case"]["status"] == "petition_received"
    assert body["case"]["value_in_dispute"] == "120000000"
    assert body["event"]["kind"] == "petition_received"
    assert body["event"]["actor"]["id"] == clerk.pk
    assert [p["name"] for p in body["case"]["parties"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert body["case"]["parties"][0]["representatives"][0]["name"] == "Lê Văn Cường"
    deadline = body["case"]["deadlines"][0]
    assert deadline["rule"] == "civil.assign_petition"
    assert deadline["state"] in ("due", "due_soon")


def test_a_criminal_case_file_needs_its_gravity(clerk, court):
    body = petition(
        court,
        case_type="HS",
        subject="Trộm cắp tài sản (Điều 173 BLHS)",
        value_in_dispute=None,
        parties=[{"name": "Phạm Văn Dũng", "role": "accused", "birth_year": 1995}],
        indictment_number="15/CT-VKS",
    )
    error = error_of(client_for(clerk).post("/api/v1/cases/", body, format="json"), 400, "invalid_input")
    assert set(error["fields"]) == {"gravity"}
    response = client_for(clerk).post("/api/v1/cases/", {**body, "gravity": "serious"}, format="json")
    assert response.status_code == 201, response.content
    case = response.json()["case"]
    assert case["status"] == "file_received"
    assert case["gravity"] == "serious"
    assert case["type_code"] == "HS"


def test_bad_input_is_refused_field_by_field_and_changes_nothing(clerk, court):
    before = counts()
    body = petition(
        court,
        case_type="XX",
        received_on="25/11/2026",
        parties=[
            {"name": "Nguyễn Văn An", "role": "plaintiff", "national_id": "12-34"},
            {"name": "Lê Văn Cường", "role": "lawyer"},
        ],
    )
    error = error_of(client_for(clerk).post("/api/v1/cases/", body, format="json"), 400, "invalid_input")
    assert set(error["fields"]) == {"case_type", "received_on", "parties"}
    assert counts() == before


def test_party_errors_name_the_party_and_the_field(clerk, court):
    # errors of a list are keyed by the position of the item, from 0
    body = petition(court)
    body["parties"][1]["birth_year"] = TODAY.year + 1
    error = error_of(client_for(clerk).post("/api/v1/cases/", body, format="json"), 400, "invalid_input")
    assert error["fields"] == {"parties": {"1": {"birth_year": [f"Năm sinh {TODAY.year + 1} ở tương lai"]}}}
    body = petition(court)
    body["parties"][2].pop("represents")
    body["parties"][0]["represents"] = 1
    error = error_of(client_for(clerk).post("/api/v1/cases/", body, format="json"), 400, "invalid_input")
    assert set(error["fields"]["parties"]) == {"0", "2"}
    assert set(error["fields"]["parties"]["2"]) == {"represents"}


def test_the_rules_of_the_service_come_back_as_bad_input(clerk, court):
    before = counts()
    body = petition(court, parties=[{"name": "Trần Thị Bình", "role": "defendant"}])
    error = error_of(client_for(clerk).post("/api/v1/cases/", body, format="json"), 400, "invalid_input")
    assert "nguyên đơn" in error["message"]
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    error = error_of(
        client_for(clerk).post("/api/v1/cases/", petition(court, received_on=tomorrow), format="json"), 400
    )
    assert set(error["fields"]) == {"received_on"}
    other_department = DepartmentFactory()
    error = error_of(
        client_for(clerk).post("/api/v1/cases/", petition(court, department=other_department.pk), format="json"), 400
    )
    assert set(error["fields"]) == {"department"}
    assert counts() == before


def test_only_officials_of_the_court_receive_petitions(outsider, citizen, court):
    before = counts()
    for user in (outsider, citizen):
        error = error_of(client_for(user).post("/api/v1/cases/", petition(court), format="json"), 403)
        assert error["code"] == "permission_denied"
    error_of(client_for().post("/api/v1/cases/", petition(court), format="json"), 401)
    assert counts()[:3] == before[:3]


def test_a_sealed_case_is_received_without_showing_it_to_the_clerk(clerk, court):
    response = client_for(clerk).post("/api/v1/cases/", petition(court, sealed=True), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case"] is None
    assert Case.objects.get(pk=body["case_id"]).sealed
    assert body["event"]["kind"] == "petition_received"
    assert re.fullmatch(r"\d+", str(body["case_id"]))
