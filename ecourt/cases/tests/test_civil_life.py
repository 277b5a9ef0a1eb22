"""The life of a civil case from petition to legal effect, through the real service functions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ecourt.audit.services import verify_chain
from ecourt.cases.access import CaseNotFound
from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.identifiers import is_valid_uid
from ecourt.cases.models import Case, CaseEvent, CaseType, EventKind, Outcome, Status
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.steps import TransitionError
from ecourt.deadlines.calendar import get_calendar
from ecourt.deadlines.models import DeadlineStatus

pytestmark = pytest.mark.django_db


def test_it_receives_a_petition_with_an_identifier_and_an_assignment_deadline(clerk, court):
    case = received_petition(clerk, court, CaseType.LD, received_on=datetime.date(2025, 9, 5))
    assert case.status == Status.PETITION_RECEIVED
    assert is_valid_uid(case.uid)
    assert case.uid.endswith(f".2025.4.{court.code}")
    event = case.events.get()
    assert (event.kind, event.actor, event.seq) == (EventKind.PETITION_RECEIVED, clerk, 1)
    deadline = case.deadlines.get()
    assert deadline.rule.code == "civil.assign_petition"
    # Friday 5/9/2025 + 3 working days = Wednesday 10/9/2025 (no holiday in between).
    assert deadline.due_on == datetime.date(2025, 9, 10)
    assert Case.objects.get(pk=case.pk).next_deadline_on == deadline.due_on


def test_it_takes_a_case_from_petition_to_legal_effect(clerk, president, judge, colleague, court):
    day = datetime.date.today() - datetime.timedelta(days=150)

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    case = received_petition(clerk, court, CaseType.DS, received_on=day)
    result = assignment.assign_petition(president, case.pk, judge, on=later(1))
    assert result.case.judge == judge
    assert result.event.data["suggested"]["id"] == judge.pk
    petition.decide_to_accept(judge, case.pk, on=later(3))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=later(3))
    petition.record_fee_payment(clerk, case.pk, receipt_number="AA/2025/0001", amount=Decimal("300000"), on=later(8))
    accepted = petition.accept_case(judge, case.pk, on=later(8)).case
    year = later(8).year
    assert accepted.status == Status.PREPARING
    assert accepted.acceptance_number == f"01/{year}/TLST-DS"
    prep = accepted.deadlines.get(rule__code="civil.prepare_trial")
    assert prep.due_on == get_calendar().due_date(later(8), 4, "months")

    proceedings.notify_acceptance(clerk, case.pk, recipients="Nguyên đơn, bị đơn, Viện kiểm sát", on=later(9))
    tried = proceedings.bring_to_trial(judge, case.pk, hearing_on=later(80), on=later(70)).case
    assert tried.status == Status.TRIAL_SCHEDULED
    trial_year = later(70).year
    assert CaseEvent.objects.get(case=case, kind=EventKind.TRIAL_SCHEDULED).document_number == (
        f"01/{trial_year}/QĐXX-DSST"
    )
    prep.refresh_from_db()
    assert prep.status == DeadlineStatus.MET

    decided = proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=later(80)).case
    assert decided.status == Status.DECIDED
    assert decided.judgment_number == f"01/{later(80).year}/DS-ST"
    windows = decided.deadlines.filter(kind="window")
    assert {w.rule.code for w in windows} == {"civil.appeal_judgment", "civil.protest_judgment"}

    last_day = max(w.due_on for w in windows)
    with pytest.raises(TransitionError, match="Còn trong thời hạn"):
        appeals.declare_effective(clerk, case.pk, on=last_day)
    effective = appeals.declare_effective(clerk, case.pk, on=last_day + datetime.timedelta(days=1))
    assert effective.case.status == Status.EFFECTIVE
    assert effective.case.effective_on == last_day + datetime.timedelta(days=1)

    kinds = list(Case.objects.get(pk=case.pk).events.values_list("kind", flat=True))
    assert kinds[0] == EventKind.PETITION_RECEIVED
    assert kinds[-1] == EventKind.LEGAL_EFFECT
    assert verify_chain().ok


def test_an_illegal_step_is_refused_and_changes_nothing(clerk, president, judge, court):
    case = received_petition(clerk, court)
    before = (case.status, case.events.count(), case.deadlines.count())
    with pytest.raises(PermissionDenied):  # the judge is not yet on the case
        petition.accept_case(judge, case.pk)
    assignment.assign_petition(president, case.pk, judge)
    with pytest.raises(TransitionError):
        proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED)
    case.refresh_from_db()
    assert case.status == Status.PETITION_ASSIGNED
    assert case.events.count() == before[1] + 1
    del before


def test_only_the_judge_of_the_case_decides(clerk, president, judge, colleague, outsider, citizen, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    with pytest.raises(PermissionDenied):
        proceedings.suspend_case(colleague, case.pk, ground="Chờ kết quả giám định")
    with pytest.raises(CaseNotFound):
        proceedings.suspend_case(outsider, case.pk, ground="Chờ kết quả giám định")
    with pytest.raises(CaseNotFound):
        proceedings.suspend_case(citizen, case.pk, ground="Chờ kết quả giám định")
    assert proceedings.suspend_case(judge, case.pk, ground="Chờ kết quả giám định").case.status == Status.SUSPENDED


def test_suspension_restarts_the_preparation_period_from_the_resumption(clerk, president, judge, court):
    start = datetime.date.today() - datetime.timedelta(days=60)
    case = received_petition(clerk, court, CaseType.KDTM, received_on=start)
    assignment.assign_petition(president, case.pk, judge, on=start)
    petition.decide_to_accept(judge, case.pk, on=start)
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("1000000"), on=start)
    petition.record_fee_payment(clerk, case.pk, receipt_number="1", amount=Decimal("1000000"), on=start)
    petition.accept_case(judge, case.pk, on=start)
    proceedings.suspend_case(judge, case.pk, ground="Đương sự chết", on=start + datetime.timedelta(days=10))
    prep = Case.objects.get(pk=case.pk).deadlines.get(rule__code="civil.prepare_trial_business")
    assert prep.status == DeadlineStatus.PAUSED
    assert Case.objects.get(pk=case.pk).next_deadline_on != prep.due_on
    resumed_on = datetime.date.today() - datetime.timedelta(days=5)
    proceedings.resume_case(judge, case.pk, on=resumed_on)
    prep.refresh_from_db()
    assert prep.status == DeadlineStatus.OPEN
    assert prep.starts_on == resumed_on
    assert prep.due_on == get_calendar().due_date(resumed_on, 2, "months")


def test_extension_is_granted_once_by_the_president(clerk, president, judge, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    prep = case.deadlines.get(rule__code="civil.prepare_trial")
    with pytest.raises(PermissionDenied):
        proceedings.extend_time_limit(judge, case.pk, rule_code="civil.prepare_trial", reason="Phức tạp")
    proceedings.extend_time_limit(president, case.pk, rule_code="civil.prepare_trial", reason="Vụ án phức tạp")
    prep.refresh_from_db()
    assert prep.extensions_used == 1
    with pytest.raises(TransitionError, match="hết số lần gia hạn"):
        proceedings.extend_time_limit(president, case.pk, rule_code="civil.prepare_trial", reason="Lần hai")


def test_the_judge_extends_the_time_to_amend_the_petition_and_the_president_does_not(clerk, president, judge, court):
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    petition.request_amendment(judge, case.pk, items="Bổ sung chứng cứ")
    due = Case.objects.get(pk=case.pk).deadlines.get(rule__code="civil.amend_petition").due_on
    with pytest.raises(PermissionDenied):
        proceedings.extend_party_time_limit(president, case.pk, rule_code="civil.amend_petition", reason="Ốm")
    with pytest.raises(TransitionError, match="do Thẩm phán gia hạn"):
        proceedings.extend_time_limit(president, case.pk, rule_code="civil.amend_petition", reason="Ốm")
    proceedings.extend_party_time_limit(judge, case.pk, rule_code="civil.amend_petition", reason="Đương sự ốm")
    extended = Case.objects.get(pk=case.pk).deadlines.get(rule__code="civil.amend_petition")
    assert extended.due_on == get_calendar().due_date(due, 15, "days")


def test_the_docket_shows_the_owners_own_duty_first(clerk, president, judge, court):
    from ecourt.cases.selectors import docket, own_next_deadline

    accepted = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    case = next(c for c in docket(judge) if c.pk == accepted.pk)
    own = own_next_deadline(case, judge)
    assert case.next_deadline is not None
    assert own is not None
    assert own.rule.responsible in ("judge", "court")
    clerks = own_next_deadline(case, clerk)
    assert clerks is None or clerks.rule.responsible != "judge"
