"""The appeal advance fee: the notice to an appellant, payment by transfer or by hand, and an appeal deemed
abandoned when its fee is not paid in time (BLTTDS Art. 276, LTTHC Art. 209, NQ 326/2016 Art. 7, 17)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ecourt.api.testing import client_for
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Appeal, Case, CaseType, EventKind, Outcome, PartyRole, Status
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.steps import TransitionError
from ecourt.deadlines.calendar import get_calendar
from ecourt.fees.models import FeeNotice, LineStatus, NoticeStatus, StatementLine
from ecourt.fees.services import FeeError, issue_appeal_notice, record_receipt

TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def decided(clerk: Any, president: Any, judge: Any, court: Any, case_type: str = CaseType.DS, *, days: int) -> Case:
    """A first-instance case judged ``days`` ago."""
    case = received_petition(clerk, court, case_type, received_on=ago(days + 80))
    assignment.assign_petition(president, case.pk, judge, on=ago(days + 79))
    petition.decide_to_accept(judge, case.pk, on=ago(days + 78))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=ago(days + 78))
    petition.record_fee_payment(clerk, case.pk, receipt_number="7", amount=Decimal("300000"), on=ago(days + 75))
    petition.accept_case(judge, case.pk, on=ago(days + 75))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(days), on=ago(days + 10))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.DISMISSED, on=ago(days))
    return Case.objects.get(pk=case.pk)


def appeal_by(clerk: Any, case: Case, role: str, on: dt.date) -> Appeal:
    party = case.parties.filter(role=role).first()
    appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=party, lodged_on=on)
    return Appeal.objects.filter(case=case).latest("pk")


def after_windows(case: Case) -> dt.date:
    end = max(d.due_on for d in case.deadlines.filter(kind="window"))
    return end + dt.timedelta(days=1)


@pytest.mark.django_db
def test_the_notice_gives_the_schedule_appeal_fee_and_ten_days(
    clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    case = decided(clerk, president, judge, court, CaseType.KDTM, days=5)
    appeal = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(3))
    notice = issue_appeal_notice(judge, case.pk, appeal.pk, on=ago(2))
    # business appeal fee 2,000,000 (civil 300,000); the advance is the fee itself (Điều 7 khoản 2)
    assert notice.amount == Decimal("2000000")
    assert notice.appeal == appeal
    assert notice.due_on == get_calendar().due_date(ago(2), 10, "days")
    assert "Tạm ứng án phí phúc thẩm bằng mức án phí phúc thẩm" in notice.computation
    event = case.events.get(kind=EventKind.APPEAL_FEE_NOTICE_ISSUED)
    assert event.data["appeal"] == appeal.pk
    assert event.data["due_on"] == notice.due_on.isoformat()
    with pytest.raises(TransitionError):  # one notice per appeal
        issue_appeal_notice(judge, case.pk, appeal.pk, on=ago(1))
    with pytest.raises(FeeError):  # not an appeal of this case
        issue_appeal_notice(judge, case.pk, appeal.pk + 1000)
    assert FeeNotice.objects.filter(appeal=appeal).count() == 1


@pytest.mark.django_db
def test_the_file_waits_for_the_fee_and_goes_once_it_is_paid_by_transfer(
    clerk: Any, president: Any, judge: Any, court: Any, tmp_path: Path
) -> None:
    case = decided(clerk, president, judge, court, days=40)
    appeal = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(38))
    sent_on = after_windows(case)
    notice = issue_appeal_notice(judge, case.pk, appeal.pk, on=sent_on - dt.timedelta(days=3))
    assert notice.due_on >= sent_on
    with pytest.raises(TransitionError, match="còn trong thời hạn nộp tạm ứng án phí phúc thẩm"):
        appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "transaction_id,date,amount,description\n"
        f"B1,{sent_on.isoformat()},300000,NOP TAM UNG AN PHI PHUC THAM {notice.reference}\n",
        encoding="utf-8",
    )
    call_command("fees", "import-statement", str(statement))
    assert StatementLine.objects.get().status == LineStatus.MATCHED
    assert FeeNotice.objects.get(pk=notice.pk).status == NoticeStatus.PAID
    paid = case.events.get(kind=EventKind.APPEAL_FEE_PAID)
    assert (paid.data["appeal"], paid.data["receipt_number"], paid.data["late"]) == (appeal.pk, "B1", False)
    sent = appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    assert sent.case.status == Status.SENT_TO_APPEAL
    assert "appeals_abandoned_for_fee" not in sent.event.data


@pytest.mark.django_db
def test_an_unpaid_appeal_is_abandoned_and_the_judgment_takes_effect(
    clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    case = decided(clerk, president, judge, court, days=60)
    appeal = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(58))
    notice = issue_appeal_notice(judge, case.pk, appeal.pk, on=ago(50))
    day = max(after_windows(case), notice.due_on + dt.timedelta(days=1))
    with pytest.raises(TransitionError, match="từ bỏ"):  # nothing left to appeal
        appeals.send_to_appellate_court(clerk, case.pk, on=day)
    result = appeals.declare_effective(clerk, case.pk, on=day)
    assert result.case.status == Status.EFFECTIVE
    # held until the time to pay ran out, not only until the appeal window closed
    assert result.case.effective_on == max(after_windows(case), notice.due_on + dt.timedelta(days=1))


@pytest.mark.django_db
def test_one_appellant_pays_by_hand_the_other_is_abandoned(clerk: Any, president: Any, judge: Any, court: Any) -> None:
    case = decided(clerk, president, judge, court, days=60)
    first = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(58))
    second = appeal_by(clerk, case, PartyRole.DEFENDANT, ago(57))
    issue_appeal_notice(judge, case.pk, first.pk, on=ago(50))
    late = issue_appeal_notice(judge, case.pk, second.pk, on=ago(50))
    record_receipt(clerk, case.pk, receipt_number="AA/9", amount=Decimal("300000"), appeal_id=first.pk, on=ago(45))
    assert FeeNotice.objects.get(appeal=first).status == NoticeStatus.PAID  # a later transfer goes to a clerk
    with pytest.raises(TransitionError):  # the first appeal is live: the judgment is appealed
        appeals.declare_effective(clerk, case.pk, on=TODAY)
    sent = appeals.send_to_appellate_court(clerk, case.pk, on=max(after_windows(case), late.due_on) + dt.timedelta(1))
    assert sent.event.data["appeals_abandoned_for_fee"] == [second.pk]


@pytest.mark.django_db
def test_appeal_fee_steps_on_the_case_page_and_the_api(clerk: Any, president: Any, judge: Any, court: Any) -> None:
    case = decided(clerk, president, judge, court, days=5)
    appeal = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(3))
    client = Client()
    client.force_login(judge)
    url = reverse("cases:step", args=[case.pk, "issue_appeal_fee_notice"])
    page = client.get(url).content.decode()
    assert appeal.appellant_name in page
    response = client.post(url, {"on": TODAY.strftime("%d/%m/%Y"), "appeal": appeal.pk})
    assert response.status_code in (200, 302), response.content
    notice = FeeNotice.objects.get(appeal=appeal)
    assert notice.amount == Decimal("300000")
    timeline = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert notice.due_on.strftime("%d/%m/%Y") in timeline  # the event's details, labelled and as dates
    assert "due_on" not in timeline
    assert "notified_on" not in timeline

    api = f"/api/v1/cases/{case.pk}/steps/record_appeal_fee_payment/"
    bad = client_for(clerk).post(api, {"appeal": 999999, "receipt_number": "R", "amount": "300000"}, format="json")
    assert bad.status_code == 400
    answer = client_for(clerk).post(
        api, {"appeal": appeal.pk, "receipt_number": "R-1", "amount": "300000"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["event"]["kind"] == "appeal_fee_paid"
    assert FeeNotice.objects.get(pk=notice.pk).status == NoticeStatus.PAID
