"""Query counts of the list endpoints: the same for 3 items as for 30, and equal to the committed
baseline in query_counts.json (STYLE habit 9). A change shows up in review as a diff of that file.

After an intended change, refresh the baseline with
    UPDATE_QUERY_COUNTS=1 .venv/bin/python -m pytest ecourt/api/tests/test_query_counts.py
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecourt.api.testing import client_for
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.models import Case, PartyRole
from ecourt.cases.services import assignment, proceedings
from ecourt.cases.services.intake import PartyInput
from ecourt.courts.factories import CourtFactory
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentRelation, ProvisionKind, RelationKind
from ecourt.people.factories import MembershipFactory, staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

BASELINE = Path(__file__).with_name("query_counts.json")
UPDATE = os.environ.get("UPDATE_QUERY_COUNTS") == "1"
SMALL, LARGE = 3, 30
LONG_AGO = datetime.date.today() - datetime.timedelta(days=30)


def queries(user: Any, url: str) -> int:
    client = client_for(user)
    assert client.get(url).status_code == 200  # warm the caches (deadline rules, calendar)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def check(name: str, user: Any, url: Callable[[], str], grow: Callable[[int], object]) -> None:
    """Measure ``url`` with SMALL items, grow to LARGE, measure again, compare with the baseline."""
    grow(SMALL)
    small = queries(user, url())
    grow(LARGE - SMALL)
    large = queries(user, url())
    assert small == large, f"{name}: {small} queries for {SMALL} items but {large} for {LARGE}: a query per item"
    baseline: dict[str, int] = json.loads(BASELINE.read_text(encoding="utf-8"))
    if UPDATE:
        baseline[name] = large
        BASELINE.write_text(json.dumps(dict(sorted(baseline.items())), indent=2) + "\n", encoding="utf-8")
        return
    assert name in baseline, f"{name} has no baseline: run with UPDATE_QUERY_COUNTS=1 and commit {BASELINE.name}"
    assert large == baseline[name], (
        f"{name} makes {large} queries; the baseline says {baseline[name]}. If the change is intended, run "
        "UPDATE_QUERY_COUNTS=1 .venv/bin/python -m pytest ecourt/api/tests/test_query_counts.py "
        f"and commit the diff of {BASELINE.name}"
    )


def test_courts_list(judge):
    check("courts_list", judge, lambda: "/api/v1/courts/?page_size=200", lambda n: [CourtFactory() for _ in range(n)])


def test_court_members(judge, court):
    check(
        "court_members",
        judge,
        lambda: f"/api/v1/courts/{court.pk}/members/?page_size=200",
        lambda n: [staff(court, Role.CLERK) for _ in range(n)],
    )


def test_people_me(judge):
    check("people_me", judge, lambda: "/api/v1/people/me/", lambda n: [MembershipFactory(user=judge) for _ in range(n)])


def _assigned_petitions(clerk: Any, president: Any, judge: Any, court: Any) -> Callable[[int], None]:
    def grow(n: int) -> None:
        for _ in range(n):
            case = received_petition(clerk, court)
            assignment.assign_petition(president, case.pk, judge)

    return grow


def test_cases_list(clerk, president, judge, court):
    check(
        "cases_list", judge, lambda: "/api/v1/cases/?page_size=200", _assigned_petitions(clerk, president, judge, court)
    )


def test_cases_docket(clerk, president, judge, court):
    grow = _assigned_petitions(clerk, president, judge, court)
    check("cases_docket", judge, lambda: "/api/v1/cases/?mine=true&page_size=200", grow)


def test_case_events(clerk, president, judge, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)

    def grow(n: int) -> None:
        for _ in range(n):
            proceedings.notify_acceptance(clerk, case.pk, recipients="Viện kiểm sát")

    check("case_events", judge, lambda: f"/api/v1/cases/{case.pk}/events/?page_size=200", grow)


def test_case_detail(clerk, judge, court):
    cases: list[Case] = []

    def grow(n: int) -> None:
        size = len(cases[-1].parties.all()) + n if cases else n
        parties = [PartyInput(name=f"Nguyễn Văn Nguyên {i}", role=PartyRole.PLAINTIFF) for i in range(size - 1)]
        parties.append(PartyInput(name="Trần Thị Bị", role=PartyRole.DEFENDANT))
        cases.append(received_petition(clerk, court, parties=parties))

    check("case_detail", judge, lambda: f"/api/v1/cases/{cases[-1].pk}/", grow)


def test_court_overdue(clerk, president, court):
    check(
        "court_overdue",
        president,
        lambda: f"/api/v1/courts/{court.pk}/overdue/?page_size=200",
        lambda n: [received_petition(clerk, court, received_on=LONG_AGO) for _ in range(n)],
    )


def test_court_overview(clerk, president, court):
    def grow(n: int) -> None:
        for _ in range(n):
            judge = staff(court, Role.JUDGE)
            assignment.assign_petition(president, received_petition(clerk, court).pk, judge, reason="Phân công thử")

    check("court_overview", president, lambda: f"/api/v1/courts/{court.pk}/overview/", grow)


def test_suggested_judges(clerk, president, court):
    case = received_petition(clerk, court)
    check(
        "suggested_judges",
        president,
        lambda: f"/api/v1/cases/{case.pk}/suggested-judges/",
        lambda n: [staff(court, Role.JUDGE) for _ in range(n)],
    )


def _decree_with_article() -> tuple[Any, Any]:
    document = LegalDocumentFactory(key="nghi-dinh-mau", number="999/2026/NĐ-CP")
    article = ProvisionFactory(document=document, number="4", key="dieu-4")
    ProvisionVersionFactory(provision=article, text="")
    return document, article


def test_law_documents_list():
    check(
        "law_documents",
        None,
        lambda: "/api/v1/laws/documents/?page_size=200&status=in_force&issuer=chinh%20phu",
        lambda n: [LegalDocumentFactory() for _ in range(n)],
    )


def test_law_document_detail():
    document, _ = _decree_with_article()

    def grow(n: int) -> None:
        for _ in range(n):
            chapter = ProvisionFactory(document=document, kind=ProvisionKind.CHAPTER)
            ProvisionFactory(document=document, parent=chapter)
            DocumentRelation.objects.create(
                source=LegalDocumentFactory(), target=document, kind=RelationKind.AMENDS, effective_on=LONG_AGO
            )
            DocumentRelation.objects.create(source=document, target=LegalDocumentFactory(), kind=RelationKind.GUIDES)

    check("law_document", None, lambda: "/api/v1/laws/documents/nghi-dinh-mau/", grow)


def test_law_provision_as_of():
    _, article = _decree_with_article()

    def grow(n: int) -> None:
        for _ in range(n):
            clause = ProvisionFactory(document=article.document, parent=article, kind=ProvisionKind.CLAUSE)
            ProvisionVersionFactory(provision=clause)
            point = ProvisionFactory(document=article.document, parent=clause, kind=ProvisionKind.POINT, number="a")
            ProvisionVersionFactory(provision=point)

    check(
        "law_provision", None, lambda: "/api/v1/laws/documents/nghi-dinh-mau/provisions/dieu-4/?date=2027-01-01", grow
    )


def test_law_provision_versions():
    _, article = _decree_with_article()
    amended = [datetime.date(2026, 7, 1)]

    def grow(n: int) -> None:
        for _ in range(n):
            last = article.versions.order_by("-valid_from").first()
            day = amended[-1] + datetime.timedelta(days=30)
            last.valid_to = day
            last.save()
            ProvisionVersionFactory(provision=article, valid_from=day, introduced_by=LegalDocumentFactory())
            amended.append(day)

    check(
        "law_provision_versions", None, lambda: "/api/v1/laws/documents/nghi-dinh-mau/provisions/dieu-4/versions/", grow
    )
