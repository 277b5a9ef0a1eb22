"""The president's overdue list and overview of a court."""

from __future__ import annotations

import datetime

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date.today() - datetime.timedelta(days=30)


@pytest.fixture
def overdue(clerk, court):
    """Two petitions nobody assigned for a month, one of them sealed."""
    return [
        received_petition(clerk, court, received_on=LONG_AGO),
        received_petition(clerk, court, received_on=LONG_AGO, sealed=True),
    ]


@pytest.fixture
def vice_president(court):
    return staff(court, Role.VICE_PRESIDENT)


def test_presidents_see_the_overdue_cases_oldest_first(overdue, clerk, president, vice_president, judge, court):
    accepted_case(clerk=clerk, president=president, judge=judge, court=court)  # not overdue
    for user in (president, vice_president):
        body = client_for(user).get(f"/api/v1/courts/{court.pk}/overdue/").json()
        assert [row["id"] for row in body["results"]] == [case.pk for case in overdue]
        assert all(row["next_deadline_state"] == "overdue" for row in body["results"])


def test_a_sealed_case_in_the_list_is_redacted(overdue, president, court):
    open_row, sealed_row = client_for(president).get(f"/api/v1/courts/{court.pk}/overdue/").json()["results"]
    assert open_row["redacted"] is False
    assert open_row["subject"] == overdue[0].subject
    assert sealed_row["redacted"] is True
    assert sealed_row["subject"] == ""
    entry = AuditEntry.objects.filter(action=Action.LIST, actor_id=president.pk).latest("seq")
    assert entry.object_id == "api.court_overdue"
    assert set(entry.detail["cases"]) == {case.pk for case in overdue}


def test_others_may_not_see_the_overdue_list_or_the_overview(overdue, judge, clerk, outsider, citizen, court):
    for user in (judge, clerk, outsider, citizen):
        for what in ("overdue", "overview"):
            error_of(client_for(user).get(f"/api/v1/courts/{court.pk}/{what}/"), 403, "permission_denied")


def test_a_president_of_another_court_is_refused(overdue, court, other_court):
    other_president = staff(other_court, Role.PRESIDENT)
    error_of(client_for(other_president).get(f"/api/v1/courts/{court.pk}/overdue/"), 403, "permission_denied")


def test_an_unknown_court_is_not_found(president):
    error_of(client_for(president).get("/api/v1/courts/999999/overview/"), 404, "not_found")


def test_the_overview_counts_pending_cases_by_judge_status_and_type(overdue, clerk, president, judge, court):
    accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    body = client_for(president).get(f"/api/v1/courts/{court.pk}/overview/").json()
    assert body["court"] == court.pk
    assert body["on"] == datetime.date.today().isoformat()
    assert body["pending"] == 3
    assert body["overdue"] == 2
    assert body["unassigned"] == 2
    assert body["by_status"] == {"petition_received": 2, "preparing": 1}
    assert body["by_type"] == {"DS": 3}
    rows = {row["judge_id"]: row for row in body["judges"]}
    assert rows[None]["pending"] == 2
    assert rows[None]["overdue"] == 2
    assert rows[judge.pk]["name"] == judge.full_name
    assert rows[judge.pk]["pending"] == 1
