"""GET /api/v1/cases/: the cases a user may view, or their docket, with filters."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.models import CaseType, Party
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def cases(clerk, president, judge, court, other_court, outsider):
    """An accepted civil case of the judge, a fresh labour petition, a sealed case of the judge, and a
    case of another court."""
    mine = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    petition = received_petition(
        clerk, court, CaseType.LD, received_on=datetime.date.today() - datetime.timedelta(days=20)
    )
    sealed = accepted_case(clerk=clerk, president=president, judge=judge, court=court, sealed=True)
    elsewhere = received_petition(staff(other_court, Role.CLERK), other_court)
    return {"mine": mine, "petition": petition, "sealed": sealed, "elsewhere": elsewhere}


def test_each_user_lists_the_cases_they_may_view(cases, judge, colleague, outsider, citizen, president):
    everyone_here = {cases["mine"].pk, cases["petition"].pk}
    assert set(ids(client_for(judge).get("/api/v1/cases/"))) == everyone_here | {cases["sealed"].pk}
    assert set(ids(client_for(colleague).get("/api/v1/cases/"))) == everyone_here
    assert set(ids(client_for(president).get("/api/v1/cases/"))) == everyone_here
    assert set(ids(client_for(outsider).get("/api/v1/cases/"))) == {cases["elsewhere"].pk}
    assert ids(client_for(citizen).get("/api/v1/cases/")) == []


def test_a_party_with_an_account_sees_their_case(cases, citizen):
    Party.objects.filter(pk=cases["mine"].parties.order_by("position")[0].pk).update(user=citizen)
    assert ids(client_for(citizen).get("/api/v1/cases/")) == [cases["mine"].pk]


def test_the_list_is_ordered_as_the_selector_orders_it(cases, judge):
    expected = sorted(
        [cases["mine"], cases["petition"], cases["sealed"]], key=lambda c: (c.received_on, c.pk), reverse=True
    )
    assert ids(client_for(judge).get("/api/v1/cases/")) == [c.pk for c in expected]


def test_mine_is_the_docket_most_urgent_first(cases, judge, colleague, clerk):
    docket = ids(client_for(judge).get("/api/v1/cases/?mine=true"))
    assert set(docket) == {cases["mine"].pk, cases["sealed"].pk}
    assert ids(client_for(colleague).get("/api/v1/cases/?mine=true")) == []


def test_filters_by_status_type_court_and_deadline(cases, judge, outsider, court, other_court):
    client = client_for(judge)
    assert ids(client.get("/api/v1/cases/?status=petition_received")) == [cases["petition"].pk]
    assert ids(client.get("/api/v1/cases/?case_type=LD")) == [cases["petition"].pk]
    assert set(ids(client.get(f"/api/v1/cases/?court={court.pk}&status=preparing"))) == {
        cases["mine"].pk,
        cases["sealed"].pk,
    }
    assert ids(client.get(f"/api/v1/cases/?court={other_court.pk}")) == []
    # received 20 days ago: the 3 working days to assign it are long past
    assert ids(client.get("/api/v1/cases/?deadline=overdue")) == [cases["petition"].pk]
    assert ids(client.get("/api/v1/cases/?deadline=overdue&mine=true")) == []


def test_a_row_carries_numbers_and_the_next_deadline(cases, judge):
    rows = {row["id"]: row for row in client_for(judge).get("/api/v1/cases/").json()["results"]}
    accepted = rows[cases["mine"].pk]
    assert accepted["acceptance_number"].endswith("/TLST-DS")
    assert accepted["display_number"] == accepted["acceptance_number"]
    assert accepted["judge"] == {"id": judge.pk, "full_name": judge.full_name}
    assert accepted["next_deadline_rule"]
    assert accepted["next_deadline_state"] in ("due", "due_soon")
    assert accepted["redacted"] is False
    petition = rows[cases["petition"].pk]
    assert petition["type_code"] == "LĐ"
    assert petition["instance_code"] == "ST"
    assert petition["next_deadline_rule"] == "civil.assign_petition"
    assert petition["next_deadline_state"] == "overdue"


def test_the_list_is_recorded_in_the_audit_log(cases, judge):
    client_for(judge).get("/api/v1/cases/?status=preparing")
    entry = AuditEntry.objects.filter(action=Action.LIST, actor_id=judge.pk).latest("seq")
    assert entry.object_id == "api.cases"
    assert set(entry.detail["cases"]) == {cases["mine"].pk, cases["sealed"].pk}
    assert entry.detail["filters"]["status"] == "preparing"


def test_it_paginates(cases, judge):
    body = client_for(judge).get("/api/v1/cases/?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    error_of(client_for(judge).get("/api/v1/cases/?page=9"), 404, "not_found")


def test_bad_filters_are_refused(judge):
    error = error_of(client_for(judge).get("/api/v1/cases/?status=lost&case_type=XX&mine=perhaps"), 400)
    assert set(error["fields"]) == {"status", "case_type", "mine"}
