"""The assistant and the knowledge loop on the real decree pair (ecourt/laws/tests/data): an expert's answer
approved through ecourt/qa's services is the assistant's main answer to a like question at once; a review
flag (the amending decree imported) makes it a warning, never the main answer; a source not in force on the
facts date keeps it out. Precedents registered through ecourt/precedents's services are shown when they
apply on the facts date, through the real "precedents" search corpus."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from ecourt.assistant import services, standards
from ecourt.laws.search import PROVISIONS
from ecourt.precedents import services as precedent_services
from ecourt.precedents.models import PrecedentStatus
from ecourt.qa import services as qa_services
from ecourt.qa.models import StandardAnswerVersion
from ecourt.qa.tests.conftest import AFTER, AMENDING, FACTS, SOURCES, import_law
from ecourt.search import engine

pytestmark = pytest.mark.django_db

ASKED = "Văn bản gửi sau 17 giờ thì được coi là tống đạt vào ngày nào?"
LIKE = "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?"
EXPERT = "Vào ngày làm việc tiếp theo; ngày nghỉ không tính (khoản 3 Điều 6)."


@pytest.fixture
def approved(
    decree: None,
    judge: Any,
    court: Any,
    department: Any,
    expert: Any,
    approver: Any,
    django_capture_on_commit_callbacks,
) -> StandardAnswerVersion:
    engine.rebuild(PROVISIONS)
    request = qa_services.request_expert_answer(
        question_text=ASKED, asked_by=judge, court=court, department=department, facts_date=FACTS
    )
    version = qa_services.answer_request(request, expert, text=EXPERT, sources_text=SOURCES)
    with django_capture_on_commit_callbacks(execute=True):
        return qa_services.approve_version(version, approver)


def test_the_match_is_symmetric_and_calibrated_on_whole_questions() -> None:
    assert standards.match(LIKE, ASKED) == standards.match(ASKED, LIKE) >= standards.STRONG_MATCH
    assert standards.match("tống đạt", ASKED) < standards.RELATED_MATCH  # two words do not make a like question
    assert standards.match("Thủ tục đăng ký kết hôn gồm những giấy tờ gì?", ASKED) < standards.RELATED_MATCH


def test_before_approval_nothing_then_the_approved_answer_is_the_main_answer_at_once(
    decree: None,
    judge: Any,
    court: Any,
    department: Any,
    expert: Any,
    approver: Any,
    django_capture_on_commit_callbacks,
) -> None:
    engine.rebuild(PROVISIONS)
    request = qa_services.request_expert_answer(
        question_text=ASKED, asked_by=judge, court=court, department=department, facts_date=FACTS
    )
    version = qa_services.answer_request(request, expert, text=EXPERT, sources_text=SOURCES)
    assert services.ask(judge, LIKE, facts_date=FACTS).answer.standard_answers == []  # a draft is not used
    with django_capture_on_commit_callbacks(execute=True):
        qa_services.approve_version(version, approver)

    answer = services.ask(judge, LIKE, facts_date=FACTS).answer
    [main] = answer.standard_answers
    assert main["main"]
    assert not main["flagged"]
    assert (main["id"], main["version"], main["text"]) == (version.answer_id, 1, EXPERT)
    assert main["approved_by"] == str(approver)
    assert {s["provision_key"]: s["verdict"] for s in main["sources"]} == {
        "dieu-3": "valid",
        "dieu-6/khoan-3": "valid",
        "dieu-1": "valid",
    }
    assert "/laws/45-2026-nd-cp/dieu-6/khoan-3/" in [s["url"] for s in main["sources"]]
    assert answer.status == "answered"
    assert answer.statements  # the provisions follow the standardized answer


def test_a_review_flag_makes_it_a_warning_never_the_main_answer(
    approved: StandardAnswerVersion, judge: Any, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_law(AMENDING)  # repeals clause 3 of Article 6 from 1 July 2027: the answer is flagged
    [shown] = services.ask(judge, LIKE, facts_date=FACTS).answer.standard_answers
    assert shown["flagged"]
    assert not shown["main"]


def test_an_answer_whose_source_is_no_longer_in_force_on_the_facts_date_is_left_out(
    approved: StandardAnswerVersion, judge: Any, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_law(AMENDING)
    engine.rebuild(PROVISIONS)
    assert standards.standard_answers(LIKE, FACTS)  # its sources were in force then
    assert standards.standard_answers(LIKE, AFTER) == []  # clause 3 of Article 6 is repealed that day


def test_an_unlike_question_gets_no_standardized_answer(approved: StandardAnswerVersion) -> None:
    assert standards.standard_answers("Mã xác nhận địa chỉ điện tử là gì?", FACTS) == []


def test_the_page_and_the_api_show_the_standardized_answer_first(
    approved: StandardAnswerVersion, client: Any, judge: Any, approver: Any, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register("90/2099/AL", published_on="2026-01-05")
    client.force_login(judge)
    with translation.override("en"):
        response = client.post(
            "/api/v1/assistant/ask/", {"question": LIKE, "facts_date": "2026-09-01"}, "application/json"
        )
    assert response.status_code == 200
    data = response.json()
    assert data["standard_answers"][0]["main"] is True
    assert data["standard_answers"][0]["text"] == EXPERT
    assert [p["number"] for p in data["precedents"]] == ["90/2099/AL"]
    # The page is in the UI's language whatever the test's: its sections are found by their ids.
    page = client.get(f"/assistant/questions/{data['question_id']}/").content.decode()
    assert page.index('id="standard-title"') < page.index(EXPERT) < page.index('id="answer-title"')
    assert str(approver) in page
    assert 'href="/laws/45-2026-nd-cp/dieu-6/khoan-3/"' in page
    assert 'href="/precedents/90/2099/AL/"' in page


PRECEDENT = {
    "title": "Về việc xác định ngày tống đạt văn bản gửi sau 17 giờ (thử nghiệm)",
    "principle": "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo.",
}


def register(number: str, **values: Any) -> None:
    """A synthetic precedent (no list of real ones ships), through the import's own cleaning."""
    precedent_services.register(precedent_services.clean_record({**PRECEDENT, "number": number, **values}))


def test_precedents_applying_on_the_facts_date_are_shown_never_abolished_or_not_yet_applicable(
    db: None, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register("90/2099/AL", published_on="2026-01-05")
        register("91/2099/AL", published_on="2025-01-05", status=PrecedentStatus.ABOLISHED, abolished_on="2026-06-01")
        register("92/2099/AL", published_on="2027-01-05")
        register(
            "93/2099/AL",
            published_on="2020-01-05",
            title="Về hợp đồng mua bán nhà ở",
            principle="Hợp đồng mua bán nhà ở không có công chứng.",
        )
    assert engine.search("precedents", "92/2099/AL").hits[0].fields["number"] == "92/2099/AL"
    found = standards.precedents(LIKE, FACTS)
    assert [p["number"] for p in found] == ["90/2099/AL"]  # 91 abolished, 92 not yet, 93 off the question
    assert found[0]["url"] == "/precedents/90/2099/AL/"
    assert found[0]["effective_on"] == "2026-02-04"  # published + 30 days
    later = [p["number"] for p in standards.precedents(LIKE, datetime.date(2027, 3, 1))]
    assert later == ["90/2099/AL", "92/2099/AL"]
    # Deleting a precedent takes it out of the corpus.
    from ecourt.precedents.models import Precedent

    with django_capture_on_commit_callbacks(execute=True):
        precedent_services.delete_precedents(Precedent.objects.filter(number="90/2099/AL"))
    assert engine.search("precedents", "90/2099/AL").total == 0
