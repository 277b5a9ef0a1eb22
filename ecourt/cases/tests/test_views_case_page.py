"""The case page and its step forms: who may see and do what, and bad input that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.forms import STEP_FORMS
from ecourt.cases.models import Case, CaseEvent, Status
from ecourt.cases.services import assignment, petition, proceedings
from ecourt.cases.services.reorganisation import hand_over_cases
from ecourt.cases.workflow import STEPS
from ecourt.courts.factories import CourtFactory
from ecourt.courts.models import CourtSuccession, SuccessionKind
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def assigned(clerk, president, judge, colleague, court) -> Case:
    """A petition assigned to ``judge`` (``colleague`` is a judge of the same court who is not on it)."""
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    return Case.objects.get(pk=case.pk)


def detail_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def step_url(case: Case, step: str) -> str:
    return reverse("cases:step", args=[case.pk, step])


def event_count(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


def test_the_case_page_shows_numbers_parties_deadlines_and_history(client, assigned, judge):
    client.force_login(judge)
    response = client.get(detail_url(assigned))
    assert response.status_code == 200
    html = response.content.decode()
    assert assigned.uid in html
    for party in assigned.parties.all():
        assert party.name in html
    assert "Đã phân công Thẩm phán xem xét đơn" in html  # status, in Vietnamese by default
    assert "Xem xét đơn khởi kiện và ra quyết định" in html  # the running deadline, by name
    assert "khoản 3 Điều 191 BLTTDS 2015" in html  # its legal basis
    assert "Phân công Thẩm phán xem xét đơn khởi kiện" in html  # a past event in the timeline
    assert "Tiến hành thủ tục thụ lý" in html  # a step the judge may take now
    assert "Phân công Thẩm phán giải quyết" not in html.split("Việc bạn có thể làm")[1].split("</section>")[0]


def test_the_case_page_renders_in_english(client, assigned, judge):
    client.force_login(judge)
    client.cookies["django_language"] = "en"
    html = client.get(detail_url(assigned)).content.decode()
    assert "Petition assigned to a judge" in html
    assert "Review the petition and decide" in html
    assert "History of the case" in html
    assert f'href="/evidence/cases/{assigned.pk}/files/"' in html  # the case file page, where files are received


@pytest.mark.parametrize(("who", "status"), [("judge", 200), ("colleague", 200), ("outsider", 404), ("citizen", 404)])
def test_who_may_open_the_case_page(client, assigned, request, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(assigned))
    assert response.status_code == status
    if status == 404:
        assert assigned.subject not in response.content.decode()


def test_a_sealed_case_is_hidden_from_colleagues_not_on_it(client, clerk, president, judge, colleague, court):
    case = received_petition(clerk, court, sealed=True)
    assignment.assign_petition(president, case.pk, judge)
    client.force_login(colleague)
    assert client.get(detail_url(case)).status_code == 404
    client.force_login(judge)
    assert client.get(detail_url(case)).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, assigned):
    response = client.get(detail_url(assigned))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


@pytest.mark.parametrize(("who", "status"), [("judge", 200), ("colleague", 403), ("outsider", 404), ("citizen", 404)])
def test_who_may_open_a_judges_step(client, assigned, request, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(step_url(assigned, "decide_to_accept"), **HTMX)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "<form" in html
        assert "<html" not in html
        assert 'name="procedure"' in html


def test_a_step_form_without_htmx_is_a_whole_page(client, assigned, judge):
    client.force_login(judge)
    html = client.get(step_url(assigned, "decide_to_accept")).content.decode()
    assert "<html" in html
    assert 'name="procedure"' in html


def test_taking_a_step_changes_the_case_and_records_an_event(client, assigned, judge):
    client.force_login(judge)
    today = datetime.date.today()
    response = client.post(
        step_url(assigned, "decide_to_accept"), {"on": today.strftime("%d/%m/%Y"), "procedure": "ordinary"}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(assigned)
    assigned.refresh_from_db()
    assert assigned.status == Status.AWAITING_FEE_NOTICE
    event = assigned.events.order_by("-seq").first()
    assert event.actor == judge
    assert event.occurred_on == today


def test_an_htmx_step_answers_with_a_client_redirect(client, assigned, judge):
    client.force_login(judge)
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(step_url(assigned, "decide_to_accept"), {"on": today, "procedure": "summary"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url(assigned)
    assigned.refresh_from_db()
    assert assigned.procedure == "summary"


def test_bad_input_shows_an_error_and_changes_nothing(client, assigned, judge):
    petition.decide_to_accept(judge, assigned.pk)
    before = event_count(assigned)
    client.force_login(judge)
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(step_url(assigned, "issue_fee_notice"), {"on": today, "amount": "ba trăm"}, **HTMX)
    assert response.status_code == 422
    assert "Nhập số tiền bằng đồng" in response.content.decode()
    response = client.post(step_url(assigned, "issue_fee_notice"), {"on": "31/02/2025", "amount": "300.000"})
    assert response.status_code == 422
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == Status.AWAITING_FEE_NOTICE
    assert event_count(assigned) == before


def test_a_refused_transition_shows_the_services_message_and_changes_nothing(client, assigned, judge):
    before = event_count(assigned)
    client.force_login(judge)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(step_url(assigned, "decide_to_accept"), {"on": tomorrow, "procedure": "ordinary"}, **HTMX)
    assert response.status_code == 422
    assert "ở tương lai" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == Status.PETITION_ASSIGNED
    assert event_count(assigned) == before


def test_a_colleague_may_not_take_the_judges_step(client, assigned, colleague):
    client.force_login(colleague)
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(step_url(assigned, "decide_to_accept"), {"on": today, "procedure": "ordinary"})
    assert response.status_code == 403
    assigned.refresh_from_db()
    assert assigned.status == Status.PETITION_ASSIGNED


def test_a_step_not_open_in_this_status_is_refused(client, assigned, judge):
    client.force_login(judge)
    response = client.get(step_url(assigned, "accept_case"), **HTMX)
    assert response.status_code == 409
    assert "Không thể" in response.content.decode()


def test_an_unknown_step_is_not_found(client, assigned, judge):
    client.force_login(judge)
    assert client.get(step_url(assigned, "make_coffee")).status_code == 404
    assert client.get(step_url(assigned, "take_over")).status_code == 404  # a system step: no form


def test_the_assign_form_preselects_the_even_load_suggestion(client, clerk, president, judge, colleague, court):
    case = received_petition(clerk, court)
    client.force_login(president)
    html = client.get(step_url(case, "assign_petition"), **HTMX).content.decode()
    assert f'value="{judge.pk}" selected' in html
    assert "gợi ý" in html


def test_extending_a_time_limit_asks_the_rule_and_the_reason(client, clerk, president, judge, colleague, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(president)
    html = client.get(step_url(case, "extend_time_limit"), **HTMX).content.decode()
    assert 'value="civil.prepare_trial"' in html
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(
        step_url(case, "extend_time_limit"), {"on": today, "rule_code": "civil.prepare_trial", "reason": ""}, **HTMX
    )
    assert response.status_code == 422
    response = client.post(
        step_url(case, "extend_time_limit"),
        {"on": today, "rule_code": "civil.prepare_trial", "reason": "Vụ án phức tạp"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "HX-Redirect" in response
    assert case.deadlines.get(rule__code="civil.prepare_trial").extensions_used == 1


def test_bringing_to_trial_asks_the_hearing_date_typed_dd_mm_yyyy(client, clerk, president, judge, colleague, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(judge)
    hearing = datetime.date.today() + datetime.timedelta(days=20)
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(step_url(case, "bring_to_trial"), {"on": today, "hearing_on": hearing.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.TRIAL_SCHEDULED
    event = case.events.order_by("-seq").first()
    assert event is not None
    assert event.data["hearing_on"] == hearing.isoformat()
    html = client.get(detail_url(case)).content.decode()
    assert hearing.strftime("%d/%m/%Y") in html  # shown dd/mm/yyyy in the timeline
    assert event.document_number in html


def test_a_case_taken_over_from_a_dissolved_court_shows_both_courts(client, provincial_court):
    today = datetime.date.today()
    old = CourtFactory(
        parent=provincial_court,
        name="Tòa án nhân dân huyện Đông Anh",
        short_name="TAND huyện Đông Anh",
        valid_from=datetime.date(2016, 1, 1),
        valid_to=today,
    )
    new = CourtFactory(
        parent=provincial_court,
        name="Tòa án nhân dân khu vực 4 - Hà Nội",
        short_name="TAND khu vực 4 - Hà Nội",
        valid_from=datetime.date(2016, 1, 1),
    )
    CourtSuccession.objects.create(predecessor=old, successor=new, effective_on=today, kind=SuccessionKind.MERGED)
    old_clerk = staff(old, Role.CLERK)
    new_judge = staff(new, Role.JUDGE)
    case = received_petition(old_clerk, old, received_on=today - datetime.timedelta(days=10))
    assert hand_over_cases(old, today) == 1
    client.force_login(new_judge)
    html = client.get(detail_url(case)).content.decode()
    assert "TAND khu vực 4 - Hà Nội" in html
    assert "TAND huyện Đông Anh" in html
    assert f"chấm dứt hoạt động từ {today:%d/%m/%Y}" in html
    assert "Tòa án kế thừa tiếp nhận vụ án" in html  # the hand-over in the timeline


def test_the_case_page_makes_a_fixed_number_of_queries(
    client, clerk, president, judge, colleague, court, django_assert_max_num_queries
):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(judge)
    with django_assert_max_num_queries(40):
        assert client.get(detail_url(case)).status_code == 200


@pytest.mark.parametrize("step", sorted(STEP_FORMS))
def test_every_step_form_renders(rf, clerk, president, judge, colleague, court, step):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    request = rf.get("/")
    request.user = judge
    form = STEP_FORMS[step](case=case, user=judge)
    html = render_to_string("cases/_step_form.html", {"case": case, "step": STEPS[step], "form": form}, request)
    assert 'name="on"' in html
    assert str(STEPS[step].label) in html


def test_an_appeal_is_lodged_by_a_party_chosen_on_the_form(client, clerk, president, judge, colleague, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    proceedings.bring_to_trial(judge, case.pk, hearing_on=datetime.date.today())
    proceedings.issue_judgment(judge, case.pk, outcome="granted")
    defendant = case.parties.get(role="defendant")
    client.force_login(clerk)
    today = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(step_url(case, "lodge_appeal"), {"on": today, "kind": "appeal", "appellant": ""}, **HTMX)
    assert response.status_code == 422
    assert "hãy chọn đương sự" in response.content.decode()
    response = client.post(
        step_url(case, "lodge_appeal"),
        {"on": today, "kind": "appeal", "appellant": defendant.pk, "grounds": "Không đồng ý số tiền lãi"},
        **HTMX,
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == Status.APPEALED
    assert case.appeals.get().appellant == defendant
    html = client.get(detail_url(case)).content.decode()
    assert "Kháng cáo của đương sự" in html
    assert defendant.name in html
