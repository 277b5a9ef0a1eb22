"""Who am I, and who works in a court."""

from __future__ import annotations

import datetime

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.courts.factories import DepartmentFactory
from ecourt.people.factories import MembershipFactory, staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db


def test_me_shows_the_user_and_today_s_memberships(judge, court):
    civil = DepartmentFactory(court=court)
    MembershipFactory(user=judge, court=court, role=Role.VICE_PRESIDENT, department=civil, title="Phó Chánh án")
    # a role that ended, and one that has not started, are not today's
    MembershipFactory(
        user=judge,
        court=court,
        role=Role.CLERK,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2024, 1, 1),
    )
    MembershipFactory(user=judge, court=court, role=Role.ASSESSOR, valid_from=datetime.date(2099, 1, 1))
    body = client_for(judge).get("/api/v1/people/me/").json()
    assert body["user"]["id"] == judge.pk
    assert body["user"]["full_name"] == judge.full_name
    assert body["user"]["kind"] == "staff"
    assert sorted((m["court"]["id"], m["role"]) for m in body["memberships"]) == [
        (court.pk, "judge"),
        (court.pk, "vice_president"),
    ]
    vice = next(m for m in body["memberships"] if m["role"] == "vice_president")
    assert vice["department"]["id"] == civil.pk
    assert vice["title"] == "Phó Chánh án"
    assert vice["valid_from"] == "2025-07-01"
    assert vice["valid_to"] is None


def test_a_citizen_has_no_memberships(citizen):
    body = client_for(citizen).get("/api/v1/people/me/").json()
    assert body["user"]["kind"] == "citizen"
    assert body["memberships"] == []


def test_me_needs_a_signed_in_user():
    error_of(client_for().get("/api/v1/people/me/"), 401, "not_authenticated")


def test_officials_of_the_court_see_its_members(judge, colleague, clerk, president, court):
    for user in (judge, clerk, president):
        response = client_for(user).get(f"/api/v1/courts/{court.pk}/members/")
        assert response.status_code == 200, user
        rows = response.json()["results"]
        assert {(r["user"]["id"], r["role"]) for r in rows} == {
            (judge.pk, "judge"),
            (colleague.pk, "judge"),
            (clerk.pk, "clerk"),
            (president.pk, "president"),
        }


def test_members_who_left_or_are_inactive_are_not_listed(judge, court):
    gone = staff(court, Role.JUDGE, valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2025, 1, 1))
    inactive = staff(court, Role.CLERK)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    ids = {r["user"]["id"] for r in client_for(judge).get(f"/api/v1/courts/{court.pk}/members/").json()["results"]}
    assert ids == {judge.pk}
    assert gone.pk not in ids


def test_others_may_not_see_the_members(outsider, citizen, court):
    for user in (outsider, citizen):
        error_of(client_for(user).get(f"/api/v1/courts/{court.pk}/members/"), 403, "permission_denied")


def test_members_of_an_unknown_court_are_not_found(judge):
    error_of(client_for(judge).get("/api/v1/courts/999999/members/"), 404, "not_found")
