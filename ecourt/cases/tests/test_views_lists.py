"""The docket, the president's overview, the overdue list and the assignments page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, Status
from ecourt.cases.services import assignment
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

DOCKET = reverse("cases:docket")
OVERVIEW = reverse("cases:overview")
OVERDUE = reverse("cases:overdue")
ASSIGNMENTS = reverse("cases:assignments")


def assigned_cases(n, *, clerk, president, judge, court, days_ago=30, **kwargs) -> list[Case]:
    """``n`` petitions received ``days_ago`` days ago and assigned to ``judge`` that day: the judge's
    review deadline (5 working days) has passed, so each is on the docket and on the overdue list."""
    day = datetime.date.today() - datetime.timedelta(days=days_ago)
    cases = []
    for _ in range(n):
        case = received_petition(clerk, court, received_on=day, **kwargs)
        assignment.assign_petition(president, case.pk, judge, on=day, reason="Phân công theo kế hoạch")
        cases.append(Case.objects.get(pk=case.pk))
    return cases


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# ------------------------------------------------------------------------------------------- docket


def test_the_docket_lists_my_cases_with_their_deadline(client, clerk, president, judge, colleague, court):
    mine = assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court)[0]
    theirs = assigned_cases(1, clerk=clerk, president=president, judge=colleague, court=court)[0]
    client.force_login(judge)
    html = client.get(DOCKET).content.decode()
    assert mine.uid in html
    assert theirs.uid not in html
    assert mine.next_deadline_on is not None
    assert mine.next_deadline_on.strftime("%d/%m/%Y") in html
    assert "Xem xét đơn khởi kiện và ra quyết định" in html
    assert 'class="badge dl dl-overdue"' in html
    assert "Quá hạn" in html
    entry = AuditEntry.objects.filter(action=Action.LIST, object_id="docket").latest("seq")
    assert entry.actor_id == judge.pk
    assert entry.detail["cases"] == [mine.pk]


def test_the_docket_filters_by_status_and_deadline(client, clerk, president, judge, colleague, court):
    late = assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court, days_ago=30)[0]
    fresh = assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court, days_ago=0)[0]
    client.force_login(judge)
    html = client.get(DOCKET, {"deadline": "overdue"}).content.decode()
    assert late.uid in html
    assert fresh.uid not in html
    html = client.get(DOCKET, {"status": Status.PETITION_ASSIGNED}).content.decode()
    assert late.uid in html
    assert fresh.uid in html
    html = client.get(DOCKET, {"status": Status.PREPARING}).content.decode()
    assert late.uid not in html
    assert fresh.uid not in html


def test_a_bad_filter_gets_a_clear_error(client, judge):
    client.force_login(judge)
    response = client.get(DOCKET, {"status": "bogus", "deadline": "yesterday"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trạng thái" in html
    assert "Thời hạn" in html
    assert "form-errors" in html


def test_the_docket_is_for_judges_and_clerks(client, clerk, president, citizen, court):
    client.force_login(clerk)
    assert client.get(DOCKET).status_code == 200
    client.force_login(citizen)
    assert client.get(DOCKET).status_code == 403
    client.force_login(president)  # a president who is not a judge is sent to the overview
    response = client.get(DOCKET)
    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    client.logout()
    assert client.get(DOCKET)["Location"].startswith(reverse("people:login"))


def test_the_docket_makes_the_same_number_of_queries_for_3_and_30_cases(client, clerk, president, judge, court):
    client.force_login(judge)
    assigned_cases(3, clerk=clerk, president=president, judge=judge, court=court)
    few = queries_for(client, DOCKET)
    assigned_cases(27, clerk=clerk, president=president, judge=judge, court=court)
    many = queries_for(client, DOCKET)
    assert few == many


# ------------------------------------------------------------------------------------------- overview


def test_the_overview_counts_the_courts_pending_and_overdue_cases(client, clerk, president, judge, court):
    assigned_cases(2, clerk=clerk, president=president, judge=judge, court=court)
    waiting = received_petition(clerk, court)
    client.force_login(president)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.pending, counts.overdue, counts.unassigned) == (3, 2, 1)
    html = response.content.decode()
    assert waiting.uid in html
    assert str(judge) in html
    assert "Quá hạn luật định" in html


@pytest.mark.parametrize("who", ["judge", "clerk", "citizen", "outsider"])
def test_the_overview_and_the_overdue_list_are_for_presidents(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(OVERDUE).status_code == 403
    assert client.get(ASSIGNMENTS).status_code == 403


def test_a_president_may_not_open_another_courts_overview(client, court, other_court):
    other_president = staff(other_court, Role.PRESIDENT)
    client.force_login(other_president)
    assert client.get(OVERVIEW).context["court"] == other_court
    assert client.get(OVERVIEW, {"court": court.pk}).status_code == 403
    assert client.get(OVERDUE, {"court": court.pk}).status_code == 403
    assert client.get(ASSIGNMENTS, {"court": "abc"}).status_code == 403


def test_a_vice_president_presiding_two_courts_chooses_one(client, clerk, president, judge, court, other_court):
    vice = staff(court, Role.VICE_PRESIDENT)
    staff(other_court, Role.VICE_PRESIDENT, user=vice)
    assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(vice)
    assert client.get(OVERVIEW, {"court": other_court.pk}).context["counts"].pending == 0
    response = client.get(OVERVIEW, {"court": court.pk})
    assert response.context["counts"].pending == 1
    assert 'name="court"' in response.content.decode()  # the court switch


# ------------------------------------------------------------------------------------------- overdue


def test_the_overdue_list_hides_the_contents_of_sealed_cases(client, clerk, president, judge, court):
    open_case = assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court)[0]
    sealed = assigned_cases(
        1,
        clerk=clerk,
        president=president,
        judge=judge,
        court=court,
        sealed=True,
        subject="Tranh chấp về bí mật kinh doanh",
    )[0]
    fresh = assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court, days_ago=0)[0]
    client.force_login(president)
    html = client.get(OVERDUE).content.decode()
    assert open_case.uid in html
    assert open_case.subject in html
    assert sealed.uid in html
    assert "Tranh chấp về bí mật kinh doanh" not in html
    assert "Hồ sơ hạn chế" in html
    assert fresh.uid not in html
    entry = AuditEntry.objects.filter(action=Action.LIST, object_id="court_overdue").latest("seq")
    assert set(entry.detail["cases"]) == {open_case.pk, sealed.pk}


def test_the_overdue_list_makes_the_same_number_of_queries_for_3_and_30_cases(client, clerk, president, judge, court):
    client.force_login(president)
    assigned_cases(2, clerk=clerk, president=president, judge=judge, court=court)
    assigned_cases(1, clerk=clerk, president=president, judge=judge, court=court, sealed=True)
    few = queries_for(client, OVERDUE)
    assigned_cases(17, clerk=clerk, president=president, judge=judge, court=court)
    assigned_cases(10, clerk=clerk, president=president, judge=judge, court=court, in_camera=True)
    many = queries_for(client, OVERDUE)
    assert len(client.get(OVERDUE).context["rows"]) == 30
    assert few == many


# ------------------------------------------------------------------------------------------- assignments


def test_the_president_assigns_the_suggested_judge(client, clerk, president, judge, colleague, court):
    case = received_petition(clerk, court)
    client.force_login(president)
    response = client.get(ASSIGNMENTS)
    assert response.status_code == 200
    row = next(item for item in response.context["rows"] if item["row"].case.pk == case.pk)
    assert row["suggestion"] == judge
    assert row["chosen"] == judge.pk
    response = client.post(f"{ASSIGNMENTS}?court={court.pk}", {"case": case.pk, "judge": judge.pk, "reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.judge == judge
    assert case.status == Status.PETITION_ASSIGNED
    assert case.pk not in [item["row"].case.pk for item in client.get(ASSIGNMENTS).context["rows"]]


def test_choosing_another_judge_needs_a_reason(client, clerk, president, judge, colleague, court):
    case = received_petition(clerk, court)
    client.force_login(president)
    response = client.post(ASSIGNMENTS, {"case": case.pk, "judge": colleague.pk, "reason": ""})
    assert response.status_code == 422
    assert "cần ghi lý do" in response.content.decode()
    case.refresh_from_db()
    assert case.judge is None
    assert case.status == Status.PETITION_RECEIVED
    response = client.post(ASSIGNMENTS, {"case": case.pk, "judge": colleague.pk, "reason": "Thẩm phán có chuyên môn"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.judge == colleague


def test_a_judge_from_elsewhere_cannot_be_assigned(client, clerk, president, judge, outsider, court):
    case = received_petition(clerk, court)
    client.force_login(president)
    response = client.post(ASSIGNMENTS, {"case": case.pk, "judge": outsider.pk, "reason": "x"})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.judge is None


def test_a_president_cannot_assign_another_courts_case(client, clerk, court, other_court):
    case = received_petition(clerk, court)
    other_president = staff(other_court, Role.PRESIDENT)
    other_judge = staff(other_court, Role.JUDGE)
    client.force_login(other_president)
    response = client.post(ASSIGNMENTS, {"case": case.pk, "judge": other_judge.pk, "reason": "x"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.judge is None
