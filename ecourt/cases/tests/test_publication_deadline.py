"""The duty to publish a judgment within 30 days of its legal effect (Resolution 03/2017/NQ-HĐTP): started
by legal effect, met by publishing or by marking the judgment not publishable, the one duty that survives
the closing of the case, and shown on the judge's docket and the court's overdue list."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, CaseType, EventKind, Outcome, Status
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.publication import record_publication
from ecourt.deadlines.calendar import get_calendar
from ecourt.deadlines.models import Deadline, DeadlineStatus, RuleKind
from ecourt.deadlines.services import PUBLICATION_RULE
from ecourt.judgments import publication as pub
from ecourt.judgments.models import Judgment, NotPublishableReason

pytestmark = pytest.mark.django_db

DOCKET = reverse("cases:docket")
OVERDUE = reverse("cases:overdue")
TEXT = "BẢN ÁN SỐ 01/2025/DS-ST. QUYẾT ĐỊNH: Chấp nhận yêu cầu khởi kiện về hợp đồng vay tài sản."


def effective_case(*, clerk: Any, president: Any, judge: Any, court: Any, days_ago: int = 150) -> Case:
    """A civil case taken through its real steps to legal effect, leaving the acceptance notice (a duty)
    undone, so that closing the case has a running duty to cancel."""
    day = datetime.date.today() - datetime.timedelta(days=days_ago)

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    case = received_petition(clerk, court, CaseType.DS, received_on=day)
    assignment.assign_petition(president, case.pk, judge, on=later(1))
    assignment.assign_clerk(president, case.pk, clerk, on=later(1))
    petition.decide_to_accept(judge, case.pk, on=later(3))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=later(3))
    petition.record_fee_payment(clerk, case.pk, receipt_number="AA/1", amount=Decimal("300000"), on=later(8))
    petition.accept_case(judge, case.pk, on=later(8))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=later(80), on=later(70))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=later(80))
    # Recorded a few days after the windows ran out: the period runs from effective_on, not this day.
    appeals.declare_effective(clerk, case.pk, on=later(120))
    return Case.objects.get(pk=case.pk)


def judgment_of(case: Case, court: Any) -> Judgment:
    judgment = Judgment.objects.create(
        number="01/2025/DS-ST",
        court=court,
        court_name=court.name,
        decided_on=case.decided_on,
        case_type=CaseType.DS,
        title="Tranh chấp hợp đồng vay tài sản",
        text=TEXT,
        source="ecourt",
        source_id=f"case-{case.pk}",
        checksum="-",
    )
    pub.publication_of(judgment, case=case)
    return judgment


def publication_duty(case: Case) -> Deadline:
    return Deadline.objects.select_related("rule", "closing_event").get(case=case, rule__code=PUBLICATION_RULE)


@pytest.fixture
def case(clerk: Any, president: Any, judge: Any, court: Any) -> Case:
    return effective_case(clerk=clerk, president=president, judge=judge, court=court)


def test_legal_effect_starts_the_duty_30_days_from_the_day_of_effect(case: Case) -> None:
    assert case.status == Status.EFFECTIVE
    assert case.effective_on is not None
    duty = publication_duty(case)
    effect = case.events.get(kind=EventKind.LEGAL_EFFECT)
    assert effect.occurred_on > case.effective_on  # recorded later than the day it took effect
    assert duty.status == DeadlineStatus.OPEN
    assert duty.trigger_event_id == effect.pk
    assert duty.starts_on == case.effective_on
    # 30 calendar days; a last day off moves to the next working day, as for every period.
    assert duty.due_on == get_calendar().due_date(case.effective_on, 30, "days")
    assert (
        case.effective_on + datetime.timedelta(days=30)
        <= duty.due_on
        <= case.effective_on + datetime.timedelta(days=34)
    )
    assert duty.rule.name_vi == "Công bố bản án"
    assert "03/2017/NQ-HĐTP" in duty.rule.legal_basis
    assert case.next_deadline_id == duty.pk
    assert case.next_deadline_on == duty.due_on


def test_closing_cancels_the_other_duties_and_keeps_the_publication(case: Case) -> None:
    effect = case.events.get(kind=EventKind.LEGAL_EFFECT)
    running = Deadline.objects.filter(case=case, kind=RuleKind.DUTY, status__in=["open", "paused"])
    assert list(running.values_list("rule__code", flat=True)) == [PUBLICATION_RULE]
    cancelled_on_closing = Deadline.objects.filter(
        case=case, kind=RuleKind.DUTY, status=DeadlineStatus.CANCELLED, closed_on=effect.occurred_on
    ).exclude(rule__code=PUBLICATION_RULE)
    assert cancelled_on_closing.exists()  # the acceptance notice left undone


def test_publishing_meets_the_duty(case: Case, judge: Any, court: Any) -> None:
    judgment = judgment_of(case, court)
    pub.publish(judge, judgment.pk)
    duty = publication_duty(case)
    assert duty.status == DeadlineStatus.MET
    assert duty.closed_on == datetime.date.today()
    assert duty.closing_event is not None
    assert duty.closing_event.kind == EventKind.JUDGMENT_PUBLISHED
    assert duty.closing_event.actor_id == judge.pk
    assert duty.closing_event.data == {"judgment": judgment.pk}
    case.refresh_from_db()
    assert case.status == Status.EFFECTIVE
    assert case.next_deadline_on is None
    entry = AuditEntry.objects.filter(action=Action.TRANSITION, object_type="case", object_id=str(case.pk)).latest(
        "seq"
    )
    assert entry.detail["step"] == EventKind.JUDGMENT_PUBLISHED


def test_marking_not_publishable_meets_the_duty_with_the_reason(case: Case, president: Any, court: Any) -> None:
    judgment = judgment_of(case, court)
    pub.mark_not_publishable(president, judgment.pk, reason=NotPublishableReason.MINOR)
    duty = publication_duty(case)
    assert duty.status == DeadlineStatus.MET
    assert duty.closing_event is not None
    assert duty.closing_event.kind == EventKind.PUBLICATION_REFUSED
    assert duty.closing_event.data == {"judgment": judgment.pk, "reason": NotPublishableReason.MINOR}


def test_only_the_judge_or_the_president_answers_and_a_refusal_changes_nothing(
    case: Case, colleague: Any, outsider: Any, judge: Any
) -> None:
    events = case.events.count()
    for who in (colleague, outsider):
        with pytest.raises(PermissionDenied):
            record_publication(who, case.pk, published=True)
    with pytest.raises(ValueError, match="lý do"):
        record_publication(judge, case.pk, published=False, reason=" ")
    assert case.events.count() == events
    assert publication_duty(case).status == DeadlineStatus.OPEN


def test_an_unpublished_judgment_is_overdue_on_the_docket_and_the_overdue_list(
    client: Any, case: Case, judge: Any, president: Any, colleague: Any, outsider: Any, court: Any
) -> None:
    duty = publication_duty(case)
    assert duty.due_on < datetime.date.today()

    client.force_login(judge)
    html = client.get(DOCKET).content.decode()
    assert case.uid in html
    assert "Công bố bản án" in html
    assert duty.due_on.strftime("%d/%m/%Y") in html
    assert 'class="badge dl dl-overdue"' in html
    assert case.uid in client.get(DOCKET, {"deadline": "overdue"}).content.decode()

    client.force_login(president)
    html = client.get(OVERDUE).content.decode()
    assert case.uid in html
    assert "Công bố bản án" in html

    client.force_login(colleague)
    assert case.uid not in client.get(DOCKET).content.decode()
    client.force_login(outsider)
    assert case.uid not in client.get(DOCKET).content.decode()
    assert client.get(OVERDUE).status_code == 403

    pub.publish(judge, judgment_of(case, court).pk)
    client.force_login(judge)
    assert case.uid not in client.get(DOCKET).content.decode()
    client.force_login(president)
    assert case.uid not in client.get(OVERDUE).content.decode()


def test_a_case_closed_otherwise_stays_off_the_docket(client: Any, clerk: Any, president: Any, judge: Any, court):
    """A returned petition owes nothing: closed cases without a publication duty are not listed."""
    case = received_petition(clerk, court, CaseType.DS, received_on=datetime.date.today() - datetime.timedelta(days=9))
    assignment.assign_petition(president, case.pk, judge, on=datetime.date.today() - datetime.timedelta(days=8))
    petition.return_petition(judge, case.pk, ground="Hết thời hiệu khởi kiện")
    closed = Case.objects.get(pk=case.pk)
    assert closed.status == Status.RETURNED
    assert closed.next_deadline_on is None
    assert not closed.deadlines.filter(status=DeadlineStatus.OPEN, kind=RuleKind.DUTY).exists()
    client.force_login(judge)
    assert closed.uid not in client.get(DOCKET).content.decode()


@pytest.mark.postgres
def test_the_docket_query_can_use_the_partial_docket_indexes(case: Case, judge: Any) -> None:
    """The docket's condition is written as the partial indexes' condition, so PostgreSQL can prove the
    index applies. On a table this small the planner may prefer the plain foreign-key indexes, so they
    are dropped inside the test's transaction (rolled back after it) and sequential scans are off: the
    plan can then only be built on the partial indexes, and names them if their predicate is implied."""
    from django.db import connection

    from ecourt.cases.selectors import docket

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL query plans")
    sql, params = docket(judge).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'cases_case' AND indexdef NOT LIKE '%%WHERE%%' "
            "AND (indexdef LIKE '%%(judge_id)' OR indexdef LIKE '%%(clerk_id)')"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_docket_open_idx" in plan, plan
    assert "case_clerk_docket_open_idx" in plan, plan


def decided_case(*, clerk: Any, president: Any, judge: Any, court: Any, days_ago: int = 150) -> Case:
    """``effective_case`` stopped before legal effect: the judgment is issued, the windows still run."""
    day = datetime.date.today() - datetime.timedelta(days=days_ago)

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    case = received_petition(clerk, court, CaseType.DS, received_on=day)
    assignment.assign_petition(president, case.pk, judge, on=later(1))
    assignment.assign_clerk(president, case.pk, clerk, on=later(1))
    petition.decide_to_accept(judge, case.pk, on=later(3))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=later(3))
    petition.record_fee_payment(clerk, case.pk, receipt_number="AA/1", amount=Decimal("300000"), on=later(8))
    petition.accept_case(judge, case.pk, on=later(8))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=later(80), on=later(70))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=later(80))
    return Case.objects.get(pk=case.pk)


def test_marked_not_publishable_before_legal_effect_the_duty_never_stays_open(
    clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    """The answer given ahead (a participant under 18) meets the duty that legal effect opens later:
    no stuck duty on the docket or the overdue list."""
    case = decided_case(clerk=clerk, president=president, judge=judge, court=court)
    judgment = judgment_of(case, court)
    pub.mark_not_publishable(president, judgment.pk, reason=NotPublishableReason.MINOR)
    refusal = case.events.get(kind=EventKind.PUBLICATION_REFUSED)

    appeals.declare_effective(clerk, case.pk)
    case.refresh_from_db()
    assert case.status == Status.EFFECTIVE
    duty = publication_duty(case)
    assert duty.status == DeadlineStatus.MET
    assert duty.closing_event_id == refusal.pk  # the event that answered it, by its named person
    assert duty.closing_event is not None
    assert duty.closing_event.actor_id == president.pk
    assert duty.closed_on == case.events.get(kind=EventKind.LEGAL_EFFECT).occurred_on
    assert case.next_deadline_on is None
    assert not Case.objects.filter(pk=case.pk, next_deadline_on__isnull=False).exists()


def test_not_yet_in_effect_is_no_answer_and_the_judgment_is_published_once_in_effect(
    clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    """A judgment "not yet in legal effect" says the duty has not begun: legal effect opens it, and the judgment
    can then be published (or marked with a lasting reason), which meets it."""
    case = decided_case(clerk=clerk, president=president, judge=judge, court=court)
    judgment = judgment_of(case, court)
    pub.mark_not_publishable(judge, judgment.pk, reason=NotPublishableReason.NOT_IN_EFFECT)
    assert not case.events.filter(kind=EventKind.PUBLICATION_REFUSED).exists()

    appeals.declare_effective(clerk, case.pk)
    assert publication_duty(case).status == DeadlineStatus.OPEN
    with pytest.raises(pub.PublicationError):  # no longer true
        pub.mark_not_publishable(judge, judgment.pk, reason=NotPublishableReason.NOT_IN_EFFECT)
    pub.publish(judge, judgment.pk)
    duty = publication_duty(case)
    assert duty.status == DeadlineStatus.MET
    assert duty.closing_event is not None
    assert duty.closing_event.kind == EventKind.JUDGMENT_PUBLISHED
    case.refresh_from_db()
    assert case.next_deadline_on is None


OVERVIEW = reverse("cases:overview")


def test_the_overview_counts_the_overdue_publications_its_overdue_list_shows(
    client: Any, case: Case, clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    """A closed case whose judgment is not published in time is on the overdue list: the overview's
    counts (page and API, in total and by judge) and its deadline filter count and list it too."""
    from ecourt.api.testing import client_for
    from ecourt.cases.selectors import court_overview, overdue_cases

    late_petition = received_petition(
        clerk, court, CaseType.DS, received_on=datetime.date.today() - datetime.timedelta(days=60)
    )
    listed = {c.pk for c in overdue_cases(court.pk)}
    assert listed == {case.pk, late_petition.pk}

    counts = court_overview(court.pk)
    assert counts.overdue == len(listed) == 2
    assert counts.pending == 1  # the closed case is not pending; it owes its publication
    rows = {row.judge_id: row for row in counts.judges}
    assert (rows[judge.pk].pending, rows[judge.pk].overdue) == (0, 1)
    assert (rows[None].pending, rows[None].overdue) == (1, 1)
    assert sum(row.overdue for row in counts.judges) == counts.overdue

    client.force_login(president)
    page = client.get(OVERVIEW)
    assert page.context["counts"].overdue == 2
    filtered = client.get(OVERVIEW, {"deadline": "overdue"})
    assert {row.case.pk for row in filtered.context["rows"]} == listed
    body = client_for(president).get(f"/api/v1/courts/{court.pk}/overview/").json()
    assert (body["pending"], body["overdue"]) == (1, 2)

    pub.publish(judge, judgment_of(case, court).pk)
    assert court_overview(court.pk).overdue == overdue_cases(court.pk).count() == 1
