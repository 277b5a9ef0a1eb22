"""POST /api/v1/cases/{id}/steps/{step}/: who may take a step, bad input, steps not allowed now."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.cases.api.steps import STEP_INPUTS, SYSTEM_STEPS
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.models import Case, CaseEvent, Party, Status
from ecourt.cases.workflow import STEPS
from ecourt.deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def step(user: Any, case: Case, name: str, body: dict[str, Any] | None = None) -> Any:
    return client_for(user).post(f"/api/v1/cases/{case.pk}/steps/{name}/", body or {}, format="json")


def snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.status,
        case.judge_id,
        case.next_deadline_on,
        CaseEvent.objects.filter(case=case).count(),
        Deadline.objects.filter(case=case).count(),
        Party.objects.filter(case=case).count(),
    )


@pytest.fixture
def petition(clerk, court):
    return received_petition(clerk, court)


@pytest.fixture
def case(clerk, president, judge, court):
    return accepted_case(clerk=clerk, president=president, judge=judge, court=court)


def test_every_step_a_person_takes_has_an_endpoint():
    assert set(STEP_INPUTS) == set(STEPS) - SYSTEM_STEPS


def test_the_president_assigns_and_the_answer_is_the_case_and_its_event(petition, president, judge):
    response = step(president, petition, "assign_petition", {"judge": judge.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case_id"] == petition.pk
    assert body["case"]["status"] == "petition_assigned"
    assert body["case"]["judge"]["id"] == judge.pk
    assert body["event"]["kind"] == "petition_assigned"
    assert body["event"]["actor"]["id"] == president.pk
    assert body["event"]["data"]["suggested"]["id"] == judge.pk
    assert body["case"]["deadlines"][0]["rule"] in {"civil.review_petition", "civil.assign_petition"}


def test_the_permission_triad_on_a_decision(case, judge, colleague, outsider, citizen, president):
    before = snapshot(case)
    body = {"ground": "Chờ kết quả giám định"}
    error_of(step(colleague, case, "suspend_case", body), 403, "permission_denied")
    error_of(step(president, case, "suspend_case", body), 403, "permission_denied")
    error_of(step(outsider, case, "suspend_case", body), 404, "not_found")
    error_of(step(citizen, case, "suspend_case", body), 404, "not_found")
    error_of(step(None, case, "suspend_case", body), 401, "not_authenticated")
    assert snapshot(case) == before
    response = step(judge, case, "suspend_case", body)
    assert response.status_code == 200, response.content
    assert response.json()["case"]["status"] == "suspended"
    assert response.json()["event"]["document_number"].endswith("/QĐST-DS")


def test_refusal_comes_before_reading_the_input(case, outsider, colleague):
    # an empty body: the outsider still learns nothing, the colleague is still refused
    error_of(step(outsider, case, "suspend_case"), 404, "not_found")
    error_of(step(colleague, case, "suspend_case"), 403, "permission_denied")


def test_a_step_not_allowed_now_is_an_invalid_transition(petition, president, judge):
    step(president, petition, "assign_petition", {"judge": judge.pk})
    before = snapshot(petition)
    error = error_of(step(judge, petition, "issue_judgment", {"outcome": "granted"}), 400, "invalid_transition")
    assert "trạng thái" in error["message"]
    assert snapshot(petition) == before


def test_bad_input_is_refused_field_by_field_and_changes_nothing(case, judge):
    before = snapshot(case)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    error = error_of(step(judge, case, "bring_to_trial", {"on": tomorrow}), 400, "invalid_input")
    assert set(error["fields"]) == {"hearing_on", "on"}
    error = error_of(step(judge, case, "bring_to_trial", {"hearing_on": "01/12/2026"}), 400, "invalid_input")
    assert set(error["fields"]) == {"hearing_on"}
    error = error_of(step(judge, case, "suspend_case", {"ground": ""}), 400, "invalid_input")
    assert set(error["fields"]) == {"ground"}
    assert snapshot(case) == before


def test_a_refusal_by_the_service_changes_nothing(case, judge):
    before = snapshot(case)
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    error = error_of(step(judge, case, "bring_to_trial", {"hearing_on": yesterday}), 400, "invalid_transition")
    assert "phiên tòa" in error["message"]
    assert snapshot(case) == before


def test_an_unknown_step_is_not_found_with_the_list_of_steps(case, judge):
    error = error_of(step(judge, case, "fly_to_the_moon"), 404, "unknown_step")
    assert "fly_to_the_moon" in error["message"]
    assert "bring_to_trial" in error["message"]
    error = error_of(step(judge, case, "take_over"), 404, "unknown_step")
    assert "hệ thống" in error["message"]
    error_of(client_for(judge).get(f"/api/v1/cases/{case.pk}/steps/bring_to_trial/"), 405, "method_not_allowed")


def test_references_must_exist_and_belong_to_the_case(case, president, clerk, judge, other_court):
    other = received_petition(clerk, case.court)
    stranger = other.parties.order_by("position")[0]
    before = snapshot(case)
    error = error_of(step(president, case, "assign_judge", {"judge": 999999}), 400, "invalid_input")
    assert set(error["fields"]) == {"judge"}
    body = {"name": "Luật sư Vũ Thị Hạnh", "role": "lawyer", "represents": stranger.pk}
    error = error_of(step(clerk, case, "add_party", body), 400, "invalid_input")
    assert set(error["fields"]) == {"represents"}
    error = error_of(step(clerk, case, "add_party", {"name": "Vũ Thị Hạnh", "role": "lawyer"}), 400)
    assert set(error["fields"]) == {"represents"}
    assert snapshot(case) == before


def test_a_registry_step_adds_a_party(case, clerk):
    plaintiff = case.parties.order_by("position")[0]
    body = {"name": "Luật sư Vũ Thị Hạnh", "role": "lawyer", "represents": plaintiff.pk, "address": "Hà Nội"}
    response = step(clerk, case, "add_party", body)
    assert response.status_code == 200, response.content
    parties = response.json()["case"]["parties"]
    assert parties[0]["representatives"][-1]["name"] == "Luật sư Vũ Thị Hạnh"
    assert response.json()["event"]["kind"] == "party_added"


def test_appeals_need_an_appellant_or_a_procuracy(case, clerk):
    error = error_of(step(clerk, case, "lodge_appeal", {"kind": "appeal"}), 400, "invalid_input")
    assert set(error["fields"]) == {"appellant"}
    error = error_of(step(clerk, case, "lodge_appeal", {"kind": "protest"}), 400, "invalid_input")
    assert set(error["fields"]) == {"procuracy"}
    # well formed, but the case has no judgment yet
    error_of(
        step(clerk, case, "lodge_appeal", {"kind": "protest", "procuracy": "VKSND khu vực 1"}),
        400,
        "invalid_transition",
    )
    assert Case.objects.get(pk=case.pk).status == Status.PREPARING


def test_a_president_assigning_a_sealed_case_does_not_see_it(clerk, president, judge, court):
    sealed = received_petition(clerk, court, sealed=True)
    response = step(president, sealed, "assign_petition", {"judge": judge.pk})
    assert response.status_code == 200, response.content
    assert response.json()["case"] is None
    assert response.json()["event"]["kind"] == "petition_assigned"
    error_of(client_for(president).get(f"/api/v1/cases/{sealed.pk}/"), 404, "not_found")


def test_choosing_another_judge_than_the_suggestion_needs_a_reason(petition, president, colleague):
    error = error_of(step(president, petition, "assign_petition", {"judge": colleague.pk}), 400, "invalid_transition")
    assert "lý do" in error["message"]
    response = step(
        president, petition, "assign_petition", {"judge": colleague.pk, "reason": "Thẩm phán chuyên án vay"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["case"]["judge"]["id"] == colleague.pk


def test_a_transfer_opens_the_case_at_the_competent_court(petition, president, judge, outsider, other_court):
    step(president, petition, "assign_petition", {"judge": judge.pk})
    error = error_of(step(judge, petition, "transfer_case", {"to_court": other_court.pk}), 400, "invalid_input")
    assert set(error["fields"]) == {"reason"}
    body = {"to_court": other_court.pk, "reason": "Bị đơn cư trú tại địa bàn Tòa án khác (Điều 39 BLTTDS)"}
    result = step(judge, petition, "transfer_case", body).json()
    assert result["case"]["status"] == "transferred"
    new_id = result["event"]["data"]["to_case"]["id"]
    assert [c["id"] for c in result["case"]["transferred_to"]] == [new_id]
    received = client_for(outsider).get(f"/api/v1/cases/{new_id}/").json()  # a judge of the other court
    assert received["status"] == "petition_received"
    assert received["transferred_from"]["id"] == petition.pk
