"""Steps past the judgment, and a criminal case, through the API: an appeal lodged by a party, the file
sent to the appellate court and registered there; a criminal case file from registration to judgment."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, Outcome
from ecourt.cases.services import assignment, petition, proceedings
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

START = datetime.date.today() - datetime.timedelta(days=150)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def take(user: Any, case_id: int, name: str, **body: Any) -> dict[str, Any]:
    response = client_for(user).post(f"/api/v1/cases/{case_id}/steps/{name}/", body, format="json")
    assert response.status_code == 200, (name, response.content.decode())
    result: dict[str, Any] = response.json()
    return result


@pytest.fixture
def judged(clerk, president, judge, court) -> Case:
    """A civil case judged at first instance 70 days ago (through the services, dated in the past)."""
    case = received_petition(clerk, court, received_on=day(0))
    assignment.assign_petition(president, case.pk, judge, on=day(1))
    petition.decide_to_accept(judge, case.pk, on=day(2))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=day(2))
    petition.record_fee_payment(clerk, case.pk, receipt_number="1", amount=Decimal("300000"), on=day(5))
    petition.accept_case(judge, case.pk, on=day(5))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=day(80), on=day(60))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=day(80))
    return Case.objects.get(pk=case.pk)


def test_an_appeal_goes_to_the_appellate_court(judged, clerk, judge, provincial_court):
    defendant = judged.parties.get(role="defendant")
    result = take(
        clerk,
        judged.pk,
        "lodge_appeal",
        kind="appeal",
        appellant=defendant.pk,
        grounds="Không đồng ý với mức lãi suất",
        on=day(85).isoformat(),
    )
    assert result["case"]["status"] == "appealed"
    assert result["case"]["appeals"][0]["appellant"] == defendant.pk
    assert result["case"]["appeals"][0]["late"] is False

    result = take(clerk, judged.pk, "send_to_appellate_court", on=day(125).isoformat())
    assert result["case"]["status"] == "sent_to_appeal"
    appeal_case_id = result["event"]["data"]["appeal_case"]["id"]
    assert result["event"]["data"]["appellate_court"]["id"] == provincial_court.pk
    assert [c["id"] for c in result["case"]["higher_instance"]] == [appeal_case_id]

    # the appellate court's clerk registers it; the first-instance judge, not on it, cannot see it
    appellate_clerk = staff(provincial_court, Role.CLERK)
    result = take(appellate_clerk, appeal_case_id, "register_case_file", on=day(125).isoformat())
    assert result["case"]["status"] == "preparing"
    assert result["case"]["instance"] == "PT"
    assert result["case"]["acceptance_number"] == f"01/{day(125).year}/TLPT-DS"
    assert result["case"]["parent"]["id"] == judged.pk
    error_of(client_for(judge).get(f"/api/v1/cases/{appeal_case_id}/"), 404, "not_found")


def test_an_appeal_by_someone_who_is_not_a_party_is_refused(judged, clerk, court):
    stranger = received_petition(clerk, court).parties.order_by("position")[0]
    error = error_of(
        client_for(clerk).post(
            f"/api/v1/cases/{judged.pk}/steps/lodge_appeal/",
            {"kind": "appeal", "appellant": stranger.pk, "on": day(85).isoformat()},
            format="json",
        ),
        400,
        "invalid_input",
    )
    assert set(error["fields"]) == {"appellant"}


def test_a_criminal_case_file_from_registration_to_judgment(clerk, president, judge, court):
    response = client_for(clerk).post(
        "/api/v1/cases/",
        {
            "court": court.pk,
            "case_type": "HS",
            "gravity": "less_serious",
            "subject": "Trộm cắp tài sản (Điều 173 BLHS)",
            "indictment_number": "15/CT-VKS",
            "received_on": day(0).isoformat(),
            "parties": [{"name": "Phạm Văn Dũng", "role": "accused", "birth_year": 1995}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content.decode()
    case_id = response.json()["case_id"]
    assert {s["name"] for s in response.json()["case"]["steps"]} >= {"register_case_file"}
    take(president, case_id, "assign_judge", judge=judge.pk, on=day(1).isoformat())
    result = take(clerk, case_id, "register_case_file", on=day(2).isoformat())
    assert result["case"]["acceptance_number"] == f"01/{day(2).year}/TLST-HS"
    assert any(d["rule"].startswith("criminal.prepare_trial") for d in result["case"]["deadlines"])
    take(judge, case_id, "bring_to_trial", hearing_on=day(40).isoformat(), on=day(30).isoformat())
    error = error_of(
        client_for(judge).post(f"/api/v1/cases/{case_id}/steps/issue_judgment/", {"outcome": "upheld"}, format="json"),
        400,
        "invalid_transition",
    )
    assert "upheld" in error["message"]
    result = take(judge, case_id, "issue_judgment", outcome="convicted", on=day(40).isoformat())
    assert result["case"]["judgment_number"] == f"01/{day(40).year}/HS-ST"
    assert result["case"]["outcome"] == "convicted"
