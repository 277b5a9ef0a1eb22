"""The assistant's pages and API: a judge asks, reads the answer beside its sources, rates and escalates;
citizens, anonymous clients and other judges are kept out. The real decree and its amendment (the laws
tests' fixture), indexed in the real search corpus."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecourt.assistant.models import Answer, Question, Rating
from ecourt.laws.search import PROVISIONS
from ecourt.laws.tests.decrees import AFTER, BEFORE, decrees  # noqa: F401 - the module fixture
from ecourt.search import engine

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

LATE = "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?"


@pytest.fixture(autouse=True)
def indexed(db: None) -> None:
    engine.rebuild(PROVISIONS)


def test_the_addresses_are_the_documented_ones() -> None:
    assert reverse("assistant:ask") == "/assistant/"
    assert reverse("api:assistant-ask") == "/api/v1/assistant/ask/"


def test_citizens_and_anonymous_visitors_are_refused(client: Any, citizen: Any) -> None:
    url = reverse("assistant:ask")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert client.post(url, {"question": LATE}).status_code == 403
    assert (
        client.post(reverse("api:assistant-ask"), {"question": LATE}, content_type="application/json").status_code
        == 403
    )
    assert not Question.objects.exists()


def test_a_judge_asks_and_sees_the_provision_in_force_beside_the_answer(client: Any, judge: Any) -> None:
    client.force_login(judge)
    response = client.post(reverse("assistant:ask"), {"question": LATE, "facts_date": "01/01/2027"})
    assert response.status_code == 302
    question = Question.objects.get(asker=judge)
    page = client.get(response["Location"]).content.decode()
    assert "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo." in page
    assert 'href="/laws/45-2026-nd-cp/dieu-6/khoan-3/"' in page
    assert "Điều 6. Thời điểm tống đạt" in page  # the article's text beside it
    assert question.answer.status == "answered"


def test_another_judge_cannot_see_rate_or_escalate_the_question(client: Any, judge: Any, outsider: Any) -> None:
    client.force_login(judge)
    client.post(reverse("assistant:ask"), {"question": LATE})
    question = Question.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("assistant:question", args=[question.pk])).status_code == 404
    assert client.post(reverse("assistant:rate", args=[question.pk]), {"useful": "1"}).status_code == 404
    assert client.post(reverse("assistant:escalate", args=[question.pk]), {}).status_code == 404
    api = reverse("api:assistant-rating", args=[question.answer.pk])
    assert client.post(api, {"useful": True}, content_type="application/json").status_code == 404
    assert not Rating.objects.exists()


def test_rating_and_escalating_answer_htmx_with_the_fragment(client: Any, judge: Any) -> None:
    client.force_login(judge)
    client.post(reverse("assistant:ask"), {"question": "Thủ tục đăng ký kết hôn với người nước ngoài?"})
    question = Question.objects.get()
    assert question.answer.status == "unknown"
    page = client.get(reverse("assistant:question", args=[question.pk])).content.decode()
    assert 'id="unknown"' in page
    response = client.post(
        reverse("assistant:rate", args=[question.pk]),
        {"useful": "0", "comment": "Không trả lời"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="rating"' in response.content.decode()
    assert Rating.objects.get().useful is False
    response = client.post(
        reverse("assistant:escalate", args=[question.pk]), {"note": "Cần ý kiến"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.escalated
    assert question.escalation_note == "Cần ý kiến"


def test_the_api_answers_with_checked_citations_and_takes_a_rating(client: Any, judge: Any) -> None:
    client.force_login(judge)
    url = reverse("api:assistant-ask")
    before = client.post(url, {"question": LATE, "facts_date": BEFORE.isoformat()}, content_type="application/json")
    assert before.status_code == 200
    data = before.json()
    assert data["status"] == "answered"
    citation = data["statements"][0]["citations"][0]
    assert (citation["number"], citation["provision_key"], citation["verdict"]) == (
        "45/2026/NĐ-CP",
        "dieu-6/khoan-3",
        "valid",
    )
    assert citation["url"] == "/laws/45-2026-nd-cp/dieu-6/khoan-3/"
    after = client.post(
        url,
        {"question": LATE, "facts_date": AFTER.isoformat(), "filters": {"doc_type": "nghi_dinh"}},
        content_type="application/json",
    ).json()
    cited = [c["provision_key"] for s in after["statements"] for c in s["citations"]]
    assert "dieu-6/khoan-3" not in cited  # repealed from 1 July 2027
    rating = client.post(
        reverse("api:assistant-rating", args=[data["id"]]), {"useful": True}, content_type="application/json"
    )
    assert rating.status_code == 200
    assert Answer.objects.get(pk=data["id"]).ratings.get().useful is True
    assert client.post(url, {"question": ""}, content_type="application/json").status_code == 400
