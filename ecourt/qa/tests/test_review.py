"""Review flags on the real decree pair: an answer citing article 3 (replaced by the amending decree),
clause 3 of article 6 (repealed by it) and article 1 (untouched) is flagged as soon as the amending
decree is imported, and by ``qa review-check`` once the change is in force; a new version settles it."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.qa import services
from ecourt.qa.models import EventKind, FlagReason, QAEvent, ReviewFlag, StandardAnswerVersion
from ecourt.qa.review import review_check
from ecourt.search import engine

from .conftest import AMENDING, FACTS, SOURCES, import_law

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(
    decree: None, judge: Any, court: Any, department: Any, expert: Any, approver: Any
) -> StandardAnswerVersion:
    request = services.request_expert_answer(
        question_text="Văn bản gửi sau 17 giờ được coi là tống đạt khi nào?",
        asked_by=judge,
        court=court,
        department=department,
        facts_date=FACTS,
    )
    version = services.answer_request(request, expert, text="Vào ngày làm việc tiếp theo.", sources_text=SOURCES)
    return services.approve_version(version, approver)


def flags() -> set[tuple[str, str, str, datetime.date | None]]:
    return set(ReviewFlag.objects.values_list("source__provision_key", "reason", "changed_by_number", "effective_on"))


def test_importing_the_amending_decree_flags_the_answer_at_once(approved, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_law(AMENDING)
    when = datetime.date(2027, 7, 1)
    assert flags() == {
        ("dieu-3", FlagReason.AMENDED, "77/2027/NĐ-CP", when),
        ("dieu-6/khoan-3", FlagReason.REPEALED, "77/2027/NĐ-CP", when),
    }
    assert QAEvent.objects.filter(kind=EventKind.FLAGGED, actor=None).count() == 2
    assert engine.search("qa", "17 giờ").hits[0].fields["flagged"] == "yes"
    # Importing it again, or checking the corpus once it is in force, raises nothing new.
    import_law(AMENDING)
    assert review_check(when).flagged == []
    assert ReviewFlag.objects.count() == 2


def test_review_check_flags_what_changed_between_the_answer_and_the_day(
    decree, judge, court, department, expert, approver
):
    import_law(AMENDING)  # already in the corpus when the answer is written for facts before it
    request = services.request_expert_answer(
        question_text="Khi nào văn bản được coi là đã tống đạt?",
        asked_by=judge,
        court=court,
        department=department,
        facts_date=FACTS,
    )
    version = services.answer_request(request, expert, text="Theo Điều 6.", sources_text=SOURCES)
    services.approve_version(version, approver)
    assert not ReviewFlag.objects.exists()
    assert review_check(datetime.date(2027, 6, 30)).flagged == []
    out = StringIO()
    call_command("qa", "review-check", "--date", "2027-07-01", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["checked"] == 3
    assert {(f["citation"], f["reason"], f["changed_by"]) for f in report["flagged"]} == {
        ("Điều 3 Nghị định số 45/2026/NĐ-CP", "amended", "77/2027/NĐ-CP"),
        ("khoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP", "repealed", "77/2027/NĐ-CP"),
    }
    out = StringIO()
    call_command("qa", "review-check", "--date", "2027-07-01", stdout=out)
    assert "3 citations checked as of 2027-07-01: 0 flagged." in out.getvalue()


def test_a_new_approved_version_settles_the_flags(approved, expert, approver, django_capture_on_commit_callbacks):
    import_law(AMENDING)
    answer = approved.answer
    assert answer.flags.filter(resolved_at__isnull=True).count() == 2
    revised = services.revise_answer(
        answer,
        expert,
        text="Từ ngày 01/7/2027 khoản 3 Điều 6 bị bãi bỏ.",
        sources_text="Điều 6 Nghị định số 45/2026/NĐ-CP",
        as_of=datetime.date(2027, 7, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_version(revised, approver)
    assert answer.flags.filter(resolved_at__isnull=True).count() == 0
    assert set(answer.flags.values_list("resolution", flat=True)) == {"v2"}
    assert engine.search("qa", "bãi bỏ").hits[0].fields["flagged"] == "no"
    assert review_check(datetime.date(2027, 7, 1)).flagged == []  # v2 states the law as amended
