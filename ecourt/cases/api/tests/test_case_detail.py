"""GET /api/v1/cases/{id}/, its timeline and the assignment suggestions, for each kind of user."""

from __future__ import annotations

from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.models import Party, PartyKind, PartyRole
from ecourt.cases.services.intake import PartyInput
from ecourt.cases.workflow import STEPS

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clerk, president, judge, court):
    return accepted_case(clerk=clerk, president=president, judge=judge, court=court)


def detail(user: Any, case_id: int) -> dict[str, Any]:
    response = client_for(user).get(f"/api/v1/cases/{case_id}/")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_the_judge_sees_the_case_with_its_deadlines_and_steps(case, judge, court):
    body = detail(judge, case.pk)
    assert body["uid"] == case.uid
    assert body["status"] == "preparing"
    assert body["acceptance_number"] == case.acceptance_number
    assert body["court"]["id"] == court.pk
    assert body["origin_court"]["id"] == court.pk
    assert body["judge"]["id"] == judge.pk
    prep = next(d for d in body["deadlines"] if d["rule"] == "civil.prepare_trial")
    assert prep["state"] == "due"
    assert prep["legal_basis"]
    assert prep["due_on"] == case.deadlines.get(rule__code="civil.prepare_trial").due_on.isoformat()
    assert {a["role"] for a in body["assignments"]} >= {"judge"}
    steps = {s["name"]: s for s in body["steps"]}
    assert {"bring_to_trial", "suspend_case", "notify_acceptance", "terminate_proceedings"} <= set(steps)
    assert steps["bring_to_trial"]["url"] == f"/api/v1/cases/{case.pk}/steps/bring_to_trial/"
    assert "assign_judge" not in steps  # the president's step
    assert all(STEPS[name].permission in ("record", "decide") for name in steps)


def test_a_colleague_sees_the_case_and_only_registry_steps(case, colleague):
    steps = {s["name"] for s in detail(colleague, case.pk)["steps"]}
    assert steps
    assert all(STEPS[name].permission == "record" for name in steps)


def test_the_president_may_assign(case, president):
    steps = {s["name"] for s in detail(president, case.pk)["steps"]}
    assert {"assign_judge", "assign_clerk", "extend_time_limit"} <= steps
    assert "bring_to_trial" not in steps


def test_outsiders_and_strangers_get_not_found(case, outsider, citizen):
    for user in (outsider, citizen):
        error = error_of(client_for(user).get(f"/api/v1/cases/{case.pk}/"), 404, "not_found")
        assert error["message"] == "Không tìm thấy vụ án"
    # the same answer as for a case that does not exist
    error_of(client_for(outsider).get("/api/v1/cases/999999/"), 404, "not_found")
    assert AuditEntry.objects.filter(action=Action.DENIED, actor_id=outsider.pk, case_id=case.pk).exists()


def test_the_read_is_recorded_in_the_audit_log(case, judge):
    detail(judge, case.pk)
    assert AuditEntry.objects.filter(action=Action.VIEW, actor_id=judge.pk, case_id=case.pk).exists()


def test_parties_come_with_their_representatives(clerk, court, judge):
    case = received_petition(
        clerk,
        court,
        parties=[
            PartyInput(name="Nguyễn Văn An", role=PartyRole.PLAINTIFF, national_id="001085012345"),
            PartyInput(name="Công ty TNHH Hải Bình", role=PartyRole.DEFENDANT, kind=PartyKind.ORGANISATION),
            PartyInput(name="Luật sư Trần Thị Bích", role=PartyRole.LAWYER, represents=0),
        ],
    )
    body = detail(clerk, case.pk)
    assert [p["name"] for p in body["parties"]] == ["Nguyễn Văn An", "Công ty TNHH Hải Bình"]
    plaintiff = body["parties"][0]
    assert plaintiff["national_id"] == "001085012345"  # an official of the court
    assert [r["name"] for r in plaintiff["representatives"]] == ["Luật sư Trần Thị Bích"]
    assert body["parties"][1]["representatives"] == []


def test_a_party_sees_the_case_without_identity_numbers(case, citizen):
    party = case.parties.order_by("position")[0]
    Party.objects.filter(pk=party.pk).update(user=citizen)
    body = detail(citizen, case.pk)
    assert body["steps"] == []
    assert all(p["national_id"] == "" for p in body["parties"])


def test_the_timeline_is_paginated_oldest_first(case, judge, outsider):
    body = client_for(judge).get(f"/api/v1/cases/{case.pk}/events/?page_size=3").json()
    assert body["count"] == case.events.count()
    assert [e["seq"] for e in body["results"]] == [1, 2, 3]
    assert body["results"][0]["kind"] == "petition_received"
    last = client_for(judge).get(f"/api/v1/cases/{case.pk}/events/?page_size=100").json()["results"][-1]
    assert last["kind"] == "case_accepted"
    assert last["document_number"] == case.acceptance_number
    assert last["actor"] == {"id": judge.pk, "full_name": judge.full_name}
    error_of(client_for(outsider).get(f"/api/v1/cases/{case.pk}/events/"), 404, "not_found")


def test_the_president_gets_even_load_suggestions(clerk, president, judge, colleague, court):
    case = received_petition(clerk, court)
    rows = client_for(president).get(f"/api/v1/cases/{case.pk}/suggested-judges/").json()
    assert [r["judge"]["id"] for r in rows] == [judge.pk, colleague.pk]
    assert [r["suggested"] for r in rows] == [True, False]
    assert rows[0]["pending"] == 0
    clerks = client_for(president).get(f"/api/v1/cases/{case.pk}/suggested-judges/?role=clerk").json()
    assert [r["judge"]["id"] for r in clerks] == [clerk.pk]


def test_only_presidents_get_suggestions(case, judge, colleague, outsider, citizen):
    for user in (judge, colleague):
        error_of(client_for(user).get(f"/api/v1/cases/{case.pk}/suggested-judges/"), 403, "permission_denied")
    for user in (outsider, citizen):
        error_of(client_for(user).get(f"/api/v1/cases/{case.pk}/suggested-judges/"), 404, "not_found")
