"""A case accepted by a court the reform dissolved keeps that court as its origin and moves to the
successor, through the real hand-over service."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, CaseEvent, EventKind, Status
from ecourt.cases.services import assignment, petition
from ecourt.cases.services.reorganisation import hand_over_all, hand_over_cases
from ecourt.courts import codes
from ecourt.courts.models import Court
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def yen_the(court_map):
    return Court.objects.get(code=codes.district("215"))  # Tòa án nhân dân huyện Yên Thế, tỉnh Bắc Giang


def case_at(court: Court) -> Case:
    """A civil case received and accepted (thụ lý) by ``court`` in May and June 2025, step by real step."""
    since = datetime.date(2024, 1, 1)
    clerk = staff(court, Role.CLERK, valid_from=since)
    president = staff(court, Role.PRESIDENT, valid_from=since)
    judge = staff(court, Role.JUDGE, valid_from=since)
    case = received_petition(clerk, court, received_on=datetime.date(2025, 5, 20))
    assignment.assign_petition(president, case.pk, judge, on=datetime.date(2025, 5, 21))
    assignment.assign_clerk(president, case.pk, clerk, on=datetime.date(2025, 5, 21))
    petition.decide_to_accept(judge, case.pk, on=datetime.date(2025, 5, 26))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=datetime.date(2025, 5, 27))
    petition.record_fee_payment(
        clerk, case.pk, receipt_number="0001234", amount=Decimal("300000"), on=datetime.date(2025, 6, 2)
    )
    petition.accept_case(judge, case.pk, on=datetime.date(2025, 6, 3))
    return Case.objects.get(pk=case.pk)


def test_a_case_of_a_dissolved_district_court_moves_to_its_regional_successor(yen_the):
    case = case_at(yen_the)
    assert (case.status, case.accepted_on) == (Status.PREPARING, datetime.date(2025, 6, 3))

    assert hand_over_cases(yen_the, REFORM) == 1

    case.refresh_from_db()
    regional = Court.objects.get(code="42403")
    assert case.court == regional
    assert case.origin_court == yen_the
    event = CaseEvent.objects.filter(case=case, kind=EventKind.COURT_SUCCEEDED).get()
    assert event.data["from_court"]["name"] == "Tòa án nhân dân huyện Yên Thế, tỉnh Bắc Giang"
    assert event.data["to_court"]["name"] == "Tòa án nhân dân khu vực 3 - Bắc Ninh"


def test_nothing_moves_before_the_reform_and_nothing_moves_twice(yen_the):
    case = case_at(yen_the)
    assert hand_over_cases(yen_the, REFORM - datetime.timedelta(days=1)) == 0
    assert hand_over_all(REFORM) == 1
    assert hand_over_all(REFORM) == 0
    case.refresh_from_db()
    assert (case.origin_court.code, case.court.code) == (yen_the.code, "42403")
