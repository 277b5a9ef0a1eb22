"""The staff pages and the read API, and who may use them: the department's experts answer, an approver
who is not the author approves, any court official reads the answers, an outsider (a citizen) sees none."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ecourt.people.factories import staff
from ecourt.qa import services
from ecourt.qa.models import RequestStatus, StandardAnswer, VersionStatus

from .conftest import FACTS, SOURCES

pytestmark = pytest.mark.django_db

QUESTION = "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?"


def client_of(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def request_(decree: None, judge: Any, court: Any, department: Any, expert: Any, approver: Any) -> Any:
    return services.request_expert_answer(
        question_text=QUESTION, asked_by=judge, court=court, department=department, facts_date=FACTS
    )


def test_the_expert_answers_from_the_inbox_and_a_bad_source_is_refused(request_, expert):
    web = client_of(expert)
    inbox = web.get(reverse("qa:inbox"))
    assert inbox.status_code == 200
    assert f'data-request="{request_.pk}"' in inbox.content.decode()
    url = reverse("qa:request", args=[request_.pk])
    form = {"question": QUESTION, "text": "Ngày làm việc tiếp theo.", "sources": "Điều 99 Nghị định số 45/2026/NĐ-CP"}
    web.cookies["django_language"] = "en"  # pages speak Vietnamese unless the visitor chose English
    refused = web.post(url, form)
    assert refused.status_code == 200
    assert "These sources were refused" in refused.content.decode()
    assert "Điều 99" in refused.content.decode()
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OPEN
    answered = web.post(url, {**form, "sources": SOURCES})
    answer = StandardAnswer.objects.get()
    assert answered.status_code == 302
    assert answered["Location"] == reverse("qa:answer", args=[answer.pk])


def test_the_approver_approves_on_the_approval_page_and_everyone_in_court_reads_it(
    request_, expert, approver, judge, outsider, citizen, django_capture_on_commit_callbacks
):
    version = services.answer_request(request_, expert, text="Ngày làm việc tiếp theo.", sources_text=SOURCES)
    url = reverse("qa:approve", args=[version.pk])
    assert client_of(expert).post(url).status_code == 403  # the author is no approver here
    assert client_of(judge).get(url).status_code == 403
    page = client_of(approver).get(url)
    assert page.status_code == 200
    assert "khoản 3 Điều 6" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_of(approver).post(url, {"action": "approve"}).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.CURRENT

    answer_url = reverse("qa:answer", args=[version.answer_id])
    for reader in (judge, outsider):  # a judge of the court, a judge of another court
        listing = client_of(reader).get(reverse("qa:answers"))
        assert f'data-answer="{version.answer_id}"' in listing.content.decode()
        detail = client_of(reader).get(answer_url)
        assert detail.status_code == 200
        assert 'data-version-seq="1"' in detail.content.decode()
    assert client_of(citizen).get(reverse("qa:answers")).status_code == 403
    assert Client().get(reverse("qa:answers")).status_code == 302  # to the sign-in page


def test_only_the_departments_experts_reach_the_request(request_, judge, outsider, citizen, court):
    url = reverse("qa:request", args=[request_.pk])
    for user in (judge, outsider, citizen, staff(court)):
        assert client_of(user).get(url).status_code == 403
        assert client_of(user).post(url, {"action": "decline", "reason": "x"}).status_code == 403
    assert client_of(judge).get(reverse("qa:inbox")).status_code == 403
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OPEN


def test_the_read_api_lists_current_answers_with_their_flag(request_, expert, approver, judge, citizen):
    from .conftest import AMENDING, import_law

    version = services.answer_request(request_, expert, text="Ngày làm việc tiếp theo.", sources_text=SOURCES)
    services.approve_version(version, approver)
    url = "/api/v1/qa/answers/"
    body = client_of(judge).get(url).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["flagged"] is False
    assert item["current"]["seq"] == 1
    assert item["current"]["approved_by"] == approver.full_name
    assert {s["provision_key"] for s in item["current"]["sources"]} == {"dieu-1", "dieu-3", "dieu-6/khoan-3"}
    import_law(AMENDING)
    flagged = client_of(judge).get(url, {"flagged": "true"}).json()["results"]
    assert [a["id"] for a in flagged] == [version.answer_id]
    assert {f["reason"] for f in flagged[0]["open_flags"]} == {"amended", "repealed"}
    one = client_of(judge).get(f"{url}{version.answer_id}/").json()
    assert one["flagged"] is True
    assert client_of(citizen).get(url).status_code == 403
    assert Client().get(url).status_code in (401, 403)
    assert client_of(judge).get(f"{url}999999/").status_code == 404
