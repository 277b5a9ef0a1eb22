"""The loop end to end on the real decree: a judge's request, an expert's answer with sources checked by
the citator, approval by another person, and the answer found at once in the search corpus "qa"; a
second version supersedes the first and keeps it in the history."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.utils import translation

from ecourt.audit.models import AuditEntry
from ecourt.qa import services
from ecourt.qa.models import EventKind, ExpertRequest, QAEvent, RequestStatus, VersionStatus
from ecourt.search import engine

from .conftest import FACTS, SOURCES

pytestmark = pytest.mark.django_db

QUESTION = "Văn bản gửi sau 17 giờ thì được coi là tống đạt vào ngày nào?"
ANSWER = "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo (khoản 3 Điều 6)."


def ask(judge: Any, court: Any, department: Any) -> ExpertRequest:
    return services.request_expert_answer(
        question_text=QUESTION,
        asked_by=judge,
        court=court,
        department=department,
        facts_date=FACTS,
        context={"assistant": "weak evidence"},
    )


def test_request_answer_approve_and_find_it_in_the_qa_corpus(
    decree, judge, court, department, group, expert, approver, django_capture_on_commit_callbacks
):
    request = ask(judge, court, department)
    assert request.group == group
    assert set(request.assigned_experts.all()) == {expert, approver}
    version = services.answer_request(request, expert, text=ANSWER, sources_text=SOURCES)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.standard_answer == version.answer
    assert version.status == VersionStatus.DRAFT
    assert version.as_of == FACTS
    sources = {s.provision_key: s for s in version.sources.all()}
    assert set(sources) == {"dieu-3", "dieu-6/khoan-3", "dieu-1"}
    assert (
        sources["dieu-6/khoan-3"].text == "3. Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo."
    )
    assert sources["dieu-6/khoan-3"].document_number == "45/2026/NĐ-CP"
    assert sources["dieu-6/khoan-3"].valid_to is None  # the amendment is not known yet
    assert engine.search("qa", "17 giờ").total == 0  # a draft is not used

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_version(version, approver)
    answer = version.answer
    answer.refresh_from_db()
    assert answer.current_version == version
    version.refresh_from_db()
    assert (version.status, version.approved_by) == (VersionStatus.CURRENT, approver)
    hits = engine.search("qa", "gửi sau 17 giờ tống đạt ngày nào").hits
    assert [h.id for h in hits] == [answer.pk]
    assert hits[0].fields["flagged"] == "no"
    assert engine.search("qa", "45/2026/NĐ-CP").hits[0].id == answer.pk
    kinds = list(QAEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [EventKind.REQUESTED, EventKind.DRAFTED, EventKind.APPROVED]
    assert AuditEntry.objects.filter(object_type__startswith="qa_").count() == 3


def test_a_new_version_supersedes_the_current_one_and_keeps_it(
    decree, judge, court, department, expert, approver, django_capture_on_commit_callbacks
):
    first = services.answer_request(ask(judge, court, department), expert, text=ANSWER, sources_text=SOURCES)
    services.approve_version(first, approver)
    second = services.revise_answer(
        first.answer,
        expert,
        text=ANSWER + " Ngày nghỉ không tính.",
        sources_text="khoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP",
        as_of=FACTS,
    )
    assert second.seq == 2
    first.answer.refresh_from_db()
    assert first.answer.current_version == first  # in use until the new one is approved
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_version(second, approver)
    first.refresh_from_db()
    first.answer.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.answer.current_version == second
    assert list(first.answer.versions.values_list("seq", "status")) == [(1, "superseded"), (2, "current")]
    assert "Ngày nghỉ không tính" in engine.search("qa", "17 giờ").hits[0].fields["text"]


def test_the_author_cannot_approve_and_an_ordinary_judge_cannot_either(
    decree, judge, court, department, expert, approver
):
    version = services.answer_request(ask(judge, court, department), approver, text=ANSWER, sources_text=SOURCES)
    with translation.override("en"), pytest.raises(services.QAError, match="author of an answer cannot approve"):
        services.approve_version(version, approver)
    with translation.override("en"), pytest.raises(services.QAError, match="may not approve"):
        services.approve_version(version, judge)
    # The court's president may approve without being designated.
    assert services.approve_version(version, _president(court)).status == VersionStatus.CURRENT


def _president(court: Any) -> Any:
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    return staff(court, Role.PRESIDENT)


def test_a_citation_that_does_not_resolve_is_refused_with_the_reason(decree, judge, court, department, expert):
    request = ask(judge, court, department)
    with translation.override("en"), pytest.raises(services.QAError) as refused:
        services.answer_request(
            request,
            expert,
            text=ANSWER,
            sources_text="Điều 99 Nghị định số 45/2026/NĐ-CP\nĐiều 1 Nghị định số 45/2026/NĐ-CP",
        )
    assert "Điều 99" in str(refused.value)
    assert "Not found" in str(refused.value)
    with translation.override("en"), pytest.raises(services.QAError, match="no citation"):
        services.answer_request(request, expert, text=ANSWER, sources_text="theo quy định của pháp luật")
    with translation.override("en"), pytest.raises(services.QAError, match="at least one source"):
        services.answer_request(request, expert, text=ANSWER, sources_text="  ")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert not request.standard_answer


def test_requests_go_to_the_court_above_when_the_court_has_no_experts(
    decree, judge, other_court, provincial_court, department
):
    from ecourt.qa.models import ExpertGroup

    from .conftest import designate

    upper = ExpertGroup.objects.create(court=provincial_court, name="Tổ chuyên gia tỉnh")
    designate(upper)
    asker = _staff_of(other_court)
    request = services.request_expert_answer(question_text=QUESTION, asked_by=asker, court=other_court)
    assert request.group == upper
    with translation.override("en"), pytest.raises(services.QAError, match="Only an official of the court"):
        services.request_expert_answer(question_text=QUESTION, asked_by=asker, court=department.court)


def _staff_of(court: Any) -> Any:
    from ecourt.people.factories import staff

    return staff(court)


def test_a_rebuild_of_the_qa_corpus_keeps_current_answers_only(decree, judge, court, department, expert, approver):
    from django.core.management import call_command

    used = services.answer_request(ask(judge, court, department), expert, text=ANSWER, sources_text=SOURCES)
    services.approve_version(used, approver)
    services.answer_request(ask(judge, court, department), expert, text="Bản nháp chưa duyệt.", sources_text=SOURCES)
    call_command("search", "rebuild", "qa", stdout=StringIO())
    assert [h.id for h in engine.search("qa", "tống đạt").hits] == [used.answer_id]
