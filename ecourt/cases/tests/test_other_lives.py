"""Criminal and administrative cases, appeals to the higher court, returns, transfers and settlements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecourt.cases.factories import accepted_case, fake, received_petition
from ecourt.cases.models import Appeal, Case, CaseType, EventKind, Gravity, Instance, Outcome, PartyRole, Status
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.intake import PartyInput, receive_case_file
from ecourt.cases.services.steps import TransitionError
from ecourt.deadlines.calendar import get_calendar
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def after_windows(case_id: int) -> dt.date:
    """The day after the last appeal or protest window of the case's judgment closes."""
    end = max(d.due_on for d in Case.objects.get(pk=case_id).deadlines.filter(kind="window"))
    day = end + dt.timedelta(days=1)
    assert day <= TODAY, "the test's dates leave too little time for the windows"
    return day


def _criminal_case(clerk, court, gravity=Gravity.SERIOUS, on=None):
    return receive_case_file(
        actor=clerk,
        court=court,
        subject="Lừa đảo chiếm đoạt tài sản",
        gravity=gravity,
        parties=[
            PartyInput(name=fake.vn_person_name("m"), role=PartyRole.ACCUSED, birth_year=1990),
            PartyInput(name=fake.vn_person_name("f"), role=PartyRole.VICTIM),
        ],
        received_on=on or TODAY,
        indictment_number="15/CT-VKS",
    )


@pytest.mark.parametrize(
    ("gravity", "amount", "unit"),
    [
        (Gravity.LESS_SERIOUS, 30, "days"),
        (Gravity.SERIOUS, 45, "days"),
        (Gravity.VERY_SERIOUS, 2, "months"),
        (Gravity.PARTICULARLY_SERIOUS, 3, "months"),
    ],
)
def test_criminal_preparation_depends_on_the_gravity_of_the_offence(
    clerk, president, judge, court, gravity, amount, unit
):
    case = _criminal_case(clerk, court, gravity)
    assert case.status == Status.FILE_RECEIVED
    registered = petition.register_case_file(clerk, case.pk).case
    assert registered.acceptance_number == f"01/{TODAY.year}/TLST-HS"
    prep = registered.deadlines.get(rule__code__startswith="criminal.prepare_trial")
    assert prep.due_on == get_calendar().due_date(TODAY, amount, unit)


def test_a_criminal_judgment_is_appealed_and_decided_on_appeal(clerk, president, judge, court, provincial_court):
    appeal_president = staff(provincial_court, Role.PRESIDENT)
    appeal_judge = staff(provincial_court, Role.JUDGE)
    appeal_clerk = staff(provincial_court, Role.CLERK)
    case = _criminal_case(clerk, court, on=ago(90))
    petition.register_case_file(clerk, case.pk, on=ago(89))
    assignment.assign_judge(president, case.pk, judge, on=ago(89))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(70), on=ago(75))
    decided = proceedings.issue_judgment(judge, case.pk, outcome=Outcome.CONVICTED, on=ago(70)).case
    assert decided.judgment_number == f"01/{ago(70).year}/HS-ST"
    accused = decided.parties.get(role=PartyRole.ACCUSED)

    with pytest.raises(TransitionError, match="đương sự của vụ án"):
        appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=None, lodged_on=ago(65))
    appeals.lodge_appeal(
        clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=accused, lodged_on=ago(65), grounds="Xin giảm nhẹ hình phạt"
    )
    with pytest.raises(TransitionError, match="Còn trong thời hạn"):
        appeals.send_to_appellate_court(clerk, case.pk, on=ago(60))
    sent_on = after_windows(case.pk)
    sent = appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    assert sent.case.status == Status.SENT_TO_APPEAL
    appeal_case = Case.objects.get(parent=case)
    assert (appeal_case.court, appeal_case.instance, appeal_case.status) == (
        provincial_court,
        Instance.PT,
        Status.FILE_RECEIVED,
    )
    assert appeal_case.parties.count() == 2

    petition.register_case_file(appeal_clerk, appeal_case.pk, on=sent_on)
    assignment.assign_judge(appeal_president, appeal_case.pk, appeal_judge, on=sent_on)
    hearing = Case.objects.get(pk=appeal_case.pk).deadlines.get(rule__code="criminal.appeal_hearing_provincial")
    assert hearing.due_on == get_calendar().due_date(sent_on, 60, "days")
    proceedings.bring_to_trial(appeal_judge, appeal_case.pk, hearing_on=ago(10), on=ago(20))
    done = proceedings.issue_judgment(appeal_judge, appeal_case.pk, outcome=Outcome.MODIFIED, on=ago(10)).case
    assert (done.status, done.effective_on, done.judgment_number) == (
        Status.EFFECTIVE,
        ago(10),
        f"01/{ago(10).year}/HS-PT",
    )
    first = Case.objects.get(pk=case.pk)
    assert (first.status, first.effective_on) == (Status.EFFECTIVE, ago(10))
    assert first.events.latest("seq").data["by_appeal"]["outcome"] == Outcome.MODIFIED
    # The judge of the appeal may read the file of the first instance.
    from ecourt.cases.access import CasePermission, case_access

    assert CasePermission.VIEW in case_access(appeal_judge, first).permissions


def test_a_quashed_judgment_goes_back_for_a_new_trial(clerk, president, judge, court, provincial_court):
    appeal_clerk = staff(provincial_court, Role.CLERK)
    appeal_judge = staff(provincial_court, Role.JUDGE)
    appeal_president = staff(provincial_court, Role.PRESIDENT)
    case = received_petition(clerk, court, CaseType.DS, received_on=ago(200))
    assignment.assign_petition(president, case.pk, judge, on=ago(199))
    petition.decide_to_accept(judge, case.pk, on=ago(198))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=ago(198))
    petition.record_fee_payment(clerk, case.pk, receipt_number="7", amount=Decimal("300000"), on=ago(195))
    petition.accept_case(judge, case.pk, on=ago(195))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(120), on=ago(130))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.DISMISSED, on=ago(120))
    plaintiff = Case.objects.get(pk=case.pk).parties.get(role=PartyRole.PLAINTIFF)
    appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=plaintiff, lodged_on=ago(110))
    sent_on = after_windows(case.pk)
    appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    appeal_case = Case.objects.get(parent=case)
    petition.register_case_file(appeal_clerk, appeal_case.pk, on=sent_on)
    assignment.assign_judge(appeal_president, appeal_case.pk, appeal_judge, on=sent_on)
    proceedings.bring_to_trial(appeal_judge, appeal_case.pk, hearing_on=ago(40), on=ago(50))
    proceedings.issue_judgment(appeal_judge, appeal_case.pk, outcome=Outcome.QUASHED, on=ago(40))
    back = Case.objects.get(pk=case.pk)
    assert (back.status, back.acceptance_number, back.judgment_number) == (Status.FILE_RECEIVED, "", "")
    assert back.events.latest("seq").kind == EventKind.RETRIAL_ORDERED
    again = petition.register_case_file(clerk, case.pk, on=ago(30)).case
    assert again.acceptance_number == f"{2 if ago(195).year == ago(30).year else 1:02d}/{ago(30).year}/TLST-DS"


def test_an_appeal_after_the_time_limit_needs_a_reason(clerk, president, judge, court):
    case = _criminal_case(clerk, court, on=ago(60))
    petition.register_case_file(clerk, case.pk, on=ago(60))
    assignment.assign_judge(president, case.pk, judge, on=ago(60))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(45), on=ago(50))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.CONVICTED, on=ago(45))
    accused = Case.objects.get(pk=case.pk).parties.get(role=PartyRole.ACCUSED)
    with pytest.raises(TransitionError, match="quá hạn phải nêu lý do"):
        appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=accused, lodged_on=ago(5))
    assert not Appeal.objects.filter(case=case).exists()
    appeals.lodge_appeal(
        clerk,
        case.pk,
        kind=Appeal.Kind.APPEAL,
        appellant=accused,
        lodged_on=ago(5),
        late_reason="Bị cáo nằm viện trong thời hạn kháng cáo",
    )
    assert Appeal.objects.get(case=case).late


def test_administrative_time_limits_follow_the_law_on_administrative_procedure(clerk, president, judge, court):
    case = received_petition(clerk, court, CaseType.HC, received_on=ago(10))
    assert case.deadlines.get().rule.code == "admin.assign_petition"
    assignment.assign_petition(president, case.pk, judge, on=ago(9))
    review = Case.objects.get(pk=case.pk).deadlines.get(rule__code="admin.review_petition")
    assert review.due_on == get_calendar().due_date(ago(9), 3, "working_days")
    petition.decide_to_accept(judge, case.pk, on=ago(8))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=ago(8))
    fee = Case.objects.get(pk=case.pk).deadlines.get(rule__code="admin.pay_advance_fee")
    assert fee.due_on == get_calendar().due_date(ago(8), 10, "days")


def test_the_judge_may_request_an_amendment_within_the_statutory_month(clerk, president, judge, court):
    case = received_petition(clerk, court, CaseType.DS, received_on=ago(3))
    assignment.assign_petition(president, case.pk, judge, on=ago(2))
    too_late = get_calendar().due_date(ago(1), 1, "months") + dt.timedelta(days=3)
    with pytest.raises(TransitionError, match="vượt quá hạn luật định"):
        petition.request_amendment(judge, case.pk, items="Bổ sung địa chỉ bị đơn", due_on=too_late, on=ago(1))
    assert Case.objects.get(pk=case.pk).status == Status.PETITION_ASSIGNED
    result = petition.request_amendment(judge, case.pk, items="Bổ sung địa chỉ bị đơn", due_on=ago(-14), on=ago(1))
    assert result.case.deadlines.get(rule__code="civil.amend_petition").due_on == ago(-14)
    petition.record_amendment(clerk, case.pk)
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.PETITION_ASSIGNED
    assert case.deadlines.filter(rule__code="civil.review_petition", status="open").count() == 1


def test_a_returned_petition_ends_its_deadlines(clerk, president, judge, court):
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    with pytest.raises(TransitionError, match="căn cứ"):
        petition.return_petition(judge, case.pk, ground=" ")
    returned = petition.return_petition(judge, case.pk, ground="Sự việc đã được giải quyết bằng bản án").case
    assert returned.status == Status.RETURNED
    assert returned.next_deadline_on is None
    assert not returned.deadlines.filter(status="open").exists()


def test_a_petition_is_transferred_to_the_competent_court(clerk, president, judge, court, other_court):
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    moved = petition.transfer_case(judge, case.pk, to_court=other_court, reason="Bị đơn cư trú tại nơi khác").case
    assert moved.status == Status.TRANSFERRED
    new = Case.objects.get(transferred_from=case)
    assert (new.court, new.status, new.parties.count()) == (other_court, Status.PETITION_RECEIVED, 2)
    assert new.deadlines.get().rule.code == "civil.assign_petition"


def test_a_recognised_settlement_takes_effect_at_once(clerk, president, judge, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    settled = proceedings.recognise_settlement(judge, case.pk).case
    assert (settled.status, settled.outcome, settled.effective_on) == (Status.EFFECTIVE, Outcome.SETTLED, TODAY)
    assert settled.judgment_number == f"01/{TODAY.year}/QĐST-DS"
    assert settled.next_deadline_on is None


def test_a_fee_exempt_petitioner_is_accepted_without_a_fee_notice(clerk, president, judge, court):
    case = received_petition(clerk, court, CaseType.LD, fee_exempt=True)
    assignment.assign_petition(president, case.pk, judge)
    petition.decide_to_accept(judge, case.pk)
    with pytest.raises(TransitionError, match="miễn"):
        petition.issue_fee_notice(judge, case.pk, amount=Decimal("1"))
    accepted = petition.accept_case(judge, case.pk).case
    assert accepted.acceptance_number == f"01/{TODAY.year}/TLST-LĐ"


def test_without_the_fee_receipt_a_case_cannot_be_accepted(clerk, president, judge, court):
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    petition.decide_to_accept(judge, case.pk)
    with pytest.raises(TransitionError, match="biên lai"):
        petition.accept_case(judge, case.pk)


def test_numbers_run_per_court_year_type_and_instance(clerk, president, judge, court):
    numbers = [
        accepted_case(clerk=clerk, president=president, judge=judge, court=court, case_type=t).acceptance_number
        for t in (CaseType.DS, CaseType.DS, CaseType.KDTM, CaseType.DS)
    ]
    year = TODAY.year
    assert numbers == [f"01/{year}/TLST-DS", f"02/{year}/TLST-DS", f"01/{year}/TLST-KDTM", f"03/{year}/TLST-DS"]


def test_the_president_may_name_the_reviewing_judge_to_resolve_the_case(clerk, president, judge, court):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    duty = case.deadlines.get(rule__code="civil.assign_trial_judge")
    result = assignment.assign_judge(president, case.pk, judge)
    duty.refresh_from_db()
    assert duty.status == "met"
    assert result.event.data["confirmed"] is True
    assert case.assignments.filter(role="judge", ended_on__isnull=True).count() == 1


def _appealed_to_provincial(clerk, president, judge, court, provincial_court):
    appeal_clerk = staff(provincial_court, Role.CLERK)
    appeal_judge = staff(provincial_court, Role.JUDGE)
    appeal_president = staff(provincial_court, Role.PRESIDENT)
    case = received_petition(clerk, court, CaseType.DS, received_on=ago(300))
    assignment.assign_petition(president, case.pk, judge, on=ago(299))
    petition.decide_to_accept(judge, case.pk, on=ago(298))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=ago(298))
    petition.record_fee_payment(clerk, case.pk, receipt_number="7", amount=Decimal("300000"), on=ago(295))
    petition.accept_case(judge, case.pk, on=ago(295))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(250), on=ago(260))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.DISMISSED, on=ago(250))
    plaintiff = Case.objects.get(pk=case.pk).parties.get(role=PartyRole.PLAINTIFF)
    appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=plaintiff, lodged_on=ago(245))
    sent_on = after_windows(case.pk)
    appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    appeal_case = Case.objects.get(parent=case)
    petition.register_case_file(appeal_clerk, appeal_case.pk, on=sent_on)
    assignment.assign_judge(appeal_president, appeal_case.pk, appeal_judge, on=sent_on)
    return case, appeal_case, appeal_judge


def test_a_judgment_given_again_after_a_retrial_takes_effect(
    clerk, president, judge, court, provincial_court, django_capture_on_commit_callbacks
):
    from ecourt.jobs.services import enqueue

    case, appeal_case, appeal_judge = _appealed_to_provincial(clerk, president, judge, court, provincial_court)
    proceedings.bring_to_trial(appeal_judge, appeal_case.pk, hearing_on=ago(200), on=ago(205))
    proceedings.issue_judgment(appeal_judge, appeal_case.pk, outcome=Outcome.QUASHED, on=ago(200))
    petition.register_case_file(clerk, case.pk, on=ago(190))
    assignment.assign_judge(president, case.pk, judge, on=ago(190))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(150), on=ago(160))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.PARTLY_GRANTED, on=ago(150))
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("cases.daily_sweep", {"day": TODAY.isoformat()})
    job.refresh_from_db()
    assert job.result["made_effective"] == 1
    assert Case.objects.get(pk=case.pk).status == Status.EFFECTIVE


def test_terminating_the_appeal_puts_the_first_judgment_into_effect(clerk, president, judge, court, provincial_court):
    case, appeal_case, appeal_judge = _appealed_to_provincial(clerk, president, judge, court, provincial_court)
    day = Case.objects.get(pk=appeal_case.pk).received_on + dt.timedelta(days=10)
    proceedings.terminate_proceedings(appeal_judge, appeal_case.pk, ground="Người kháng cáo rút kháng cáo", on=day)
    first = Case.objects.get(pk=case.pk)
    assert (first.status, first.effective_on) == (Status.EFFECTIVE, day)
    assert Case.objects.get(pk=appeal_case.pk).status == Status.EFFECTIVE


def test_a_party_is_added_on_the_day_of_the_act(clerk, president, judge, court):
    from ecourt.cases.services.parties import add_party

    case = received_petition(clerk, court, received_on=ago(10))
    result = add_party(
        clerk, case.pk, PartyInput(name="Công ty TNHH Hải Bình", role=PartyRole.RELATED, kind="organisation"), on=ago(5)
    )
    assert result.event.occurred_on == ago(5)
    assert result.event.data["party"]["name"] == "Công ty TNHH Hải Bình"
