import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ecourt.api.testing import client_for
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, CaseEvent, EventKind, Status
from ecourt.cases.services import assignment, petition
from ecourt.cases.services.steps import TransitionError
from ecourt.deadlines.calendar import get_calendar
from ecourt.deadlines.models import DeadlineStatus
from ecourt.fees.models import BankStatement, FeeExemption, FeeNotice, LineStatus, NoticeStatus, StatementLine
from ecourt.fees.references import is_valid
from ecourt.fees.services import FeeError, issue_notice, record_exemption

HEADER = "transaction_id,date,amount,description\n"


def write(tmp_path: Path, body: str, name: str = "statement.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def today() -> str:
    return datetime.date.today().isoformat()


@pytest.mark.django_db
def test_notice_due_date_is_the_deadline_the_notice_opens(notified: Any) -> None:
    notice = notified()
    case = Case.objects.get(pk=notice.case_id)
    assert case.status == Status.FEE_NOTIFIED
    deadline = case.deadlines.get(rule__code="civil.pay_advance_fee")
    assert notice.due_on == deadline.due_on == get_calendar().due_date(notice.issued_on, 7, "days")
    assert notice.status == NoticeStatus.OPEN
    assert notice.amount == Decimal("300000")


def accepted_petition(court: Any, clerk: Any, judge: Any, president: Any, **changes: Any) -> Case:
    case = received_petition(clerk, court)
    if changes:
        Case.objects.filter(pk=case.pk).update(**changes)
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)
    petition.decide_to_accept(judge, case.pk, procedure=changes.get("procedure", "ordinary"))
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_notice_amount_comes_from_the_schedule(court: Any, clerk: Any, judge: Any, president: Any) -> None:
    case = accepted_petition(court, clerk, judge, president)
    notice = issue_notice(judge, case.pk, value_in_dispute=Decimal("500000000"))
    # 20,000,000 + 4% × 100,000,000 = 24,000,000; the advance is half of it (Điều 7 khoản 2)
    assert notice.amount == Decimal("12000000")
    assert notice.value_in_dispute == Decimal("500000000")
    assert "20.000.000 + 4% × (500.000.000 − 400.000.000) = 24.000.000 đồng" in notice.computation
    assert CaseEvent.objects.get(case=case, kind=EventKind.FEE_NOTICE_ISSUED).data["amount"] == "12000000"


@pytest.mark.django_db
def test_summary_procedure_halves_the_notice(court: Any, clerk: Any, judge: Any, president: Any) -> None:
    case = accepted_petition(court, clerk, judge, president, procedure="summary")
    assert issue_notice(judge, case.pk, value_in_dispute=Decimal("500000000")).amount == Decimal("6000000")


@pytest.mark.django_db
def test_an_amount_the_judge_sets_is_kept_without_a_computation(
    court: Any, clerk: Any, judge: Any, president: Any
) -> None:
    case = accepted_petition(court, clerk, judge, president)
    notice = issue_notice(judge, case.pk, value_in_dispute=Decimal("500000000"), amount=Decimal("11000000"))
    assert (notice.amount, notice.computation) == (Decimal("11000000"), "")


@pytest.mark.django_db
def test_a_day_without_a_schedule_is_refused_and_changes_nothing(
    court: Any, clerk: Any, judge: Any, president: Any
) -> None:
    case = accepted_petition(court, clerk, judge, president)
    with translation.override("en"):
        with pytest.raises(FeeError, match="no fee schedule in force on 2016-12-30"):
            issue_notice(judge, case.pk, value_in_dispute=Decimal("50000000"), on=datetime.date(2016, 12, 30))
        with pytest.raises(FeeError, match="cannot be negative"):
            issue_notice(judge, case.pk, value_in_dispute=Decimal("-1"))
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_FEE_NOTICE
    assert not FeeNotice.objects.exists()


@pytest.mark.django_db
def test_the_api_step_issues_a_notice_from_the_case_value(court: Any, clerk: Any, judge: Any, president: Any) -> None:
    case = accepted_petition(court, clerk, judge, president, value_in_dispute=Decimal("100000000"))
    url = f"/api/v1/cases/{case.pk}/steps/issue_fee_notice/"
    response = client_for(judge).post(url, {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["case"]["status"] == "fee_notified"
    # 100,000,000 × 5% = 5,000,000; half 2,500,000, with a payment reference to match the bank's statement
    notice = FeeNotice.objects.get(case=case)
    assert notice.amount == Decimal("2500000")
    assert is_valid(notice.reference)


@pytest.mark.django_db
def test_the_api_step_refuses_what_the_schedule_cannot_give(court: Any, clerk: Any, judge: Any, president: Any) -> None:
    case = accepted_petition(court, clerk, judge, president)
    url = f"/api/v1/cases/{case.pk}/steps/issue_fee_notice/"
    response = client_for(judge).post(url, {"value_in_dispute": "1000", "on": "2016-12-30"}, format="json")
    assert response.status_code in (400, 409), response.content
    assert "no fee schedule in force" in response.content.decode()
    assert not FeeNotice.objects.exists()


@pytest.mark.django_db
def test_the_step_form_shows_the_schedule_amount_and_issues_it(
    court: Any, clerk: Any, judge: Any, president: Any
) -> None:
    case = accepted_petition(court, clerk, judge, president, value_in_dispute=Decimal("100000000"))
    client = Client()
    client.force_login(judge)
    url = reverse("cases:step", args=[case.pk, "issue_fee_notice"])
    page = client.get(url).content.decode()
    assert "5% × 100.000.000 = 5.000.000 đồng" in page
    assert "mức tạm ứng 2.500.000 đồng" in page
    assert 'value="100.000.000"' in page  # the case's value, prefilled as people write amounts
    response = client.post(url, {"on": datetime.date.today().strftime("%d/%m/%Y"), "value_in_dispute": "100.000.000"})
    assert response.status_code in (200, 302), response.content
    assert FeeNotice.objects.get(case=case).amount == Decimal("2500000")


@pytest.mark.django_db
def test_import_matches_pays_and_is_idempotent(notified: Any, tmp_path: Path) -> None:
    paid, partial, over = notified(), notified(), notified()
    path = write(
        tmp_path,
        f"T1,{today()},300.000,NOP TAM UNG AN PHI {paid.reference}\n"
        f"T2,{today()},100000,{partial.reference} lan 1\n"
        f'T3,{today()},"350,000",AP {over.reference[2:]}\n'
        f"T4,{today()},500000,chuyen tien khong ghi ma\n"
        f"T5,{today()},500000,AP12345678900\n",
    )
    call_command("fees", "import-statement", str(path))
    lines = {line.transaction_id: line for line in StatementLine.objects.all()}
    assert {k: v.status for k, v in lines.items()} == {
        "T1": LineStatus.MATCHED,
        "T2": LineStatus.PARTIAL,
        "T3": LineStatus.OVERPAID,
        "T4": LineStatus.UNMATCHED,
        "T5": LineStatus.UNMATCHED,
    }
    paid.refresh_from_db()
    assert paid.status == NoticeStatus.PAID
    assert paid.paid_amount == Decimal("300000")
    case = Case.objects.get(pk=paid.case_id)
    assert case.status == Status.FEE_PAID
    event = CaseEvent.objects.get(case=case, kind=EventKind.FEE_PAID)
    assert event.data["receipt_number"] == "T1"
    partial.refresh_from_db()
    assert partial.status == NoticeStatus.PARTIALLY_PAID
    assert Case.objects.get(pk=partial.case_id).status == Status.FEE_NOTIFIED
    assert Case.objects.get(pk=over.case_id).status == Status.FEE_PAID
    assert "50000" in lines["T3"].problem

    # the same file again, and a next statement that overlaps it and pays the rest
    call_command("fees", "import-statement", str(path))
    assert StatementLine.objects.count() == 5
    nxt = write(
        tmp_path,
        f"T2,{today()},100000,{partial.reference} lan 1\nT6,{today()},200000,{partial.reference} lan 2\n",
        "next.csv",
    )
    call_command("fees", "import-statement", str(nxt))
    assert StatementLine.objects.count() == 6
    partial.refresh_from_db()
    assert partial.status == NoticeStatus.PAID
    assert partial.paid_amount == Decimal("300000")
    assert Case.objects.get(pk=partial.case_id).status == Status.FEE_PAID
    assert BankStatement.objects.order_by("pk").last().lines_seen == 1  # type: ignore[union-attr]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("T1,2024-13-01,300000,x\n", "line 3: date"),
        ("T1,2024-01-01,3.00,x\n", "line 3: amount"),
        ("T1,2024-01-01,300000\n", "line 3: 3 fields"),
        ("T1,2024-01-01,-5,x\n", "line 3: amount"),
        ("T1,2024-01-01,5,x\n", "line 3: transaction_id T1 appears twice"),
    ],
)
def test_a_malformed_file_is_refused_whole_naming_the_line(
    notified: Any, tmp_path: Path, body: str, message: str
) -> None:
    notice = notified()
    path = write(tmp_path, f"T1,{today()},300000,{notice.reference}\n" + body)
    with pytest.raises(CommandError, match=message):
        call_command("fees", "import-statement", str(path))
    assert not StatementLine.objects.exists()
    assert not BankStatement.objects.exists()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.OPEN


@pytest.mark.django_db
def test_missing_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("date,amount\n2024-01-01,5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing column"):
        call_command("fees", "import-statement", str(path))


@pytest.mark.django_db
def test_a_payment_the_case_refuses_goes_to_the_clerk_and_the_rest_imports(
    notified: Any, clerk: Any, tmp_path: Path
) -> None:
    """Before, the refused step of one line failed the whole import (a crash mid-file is
    test_statement_crash.py: a killed import leaves nothing behind)."""
    first, second = notified(), notified()
    # The receipt of the second case was lodged by hand with the bare case step, so its 'fee paid' step
    # cannot be taken again when the transfer arrives.
    petition.record_fee_payment(clerk, second.case_id, receipt_number="BL-1", amount=Decimal("300000"))
    path = write(tmp_path, f"T1,{today()},300000,{first.reference}\nT2,{today()},300000,{second.reference}\n")
    call_command("fees", "import-statement", str(path))
    assert StatementLine.objects.get(transaction_id="T1").status == LineStatus.MATCHED
    refused = StatementLine.objects.get(transaction_id="T2")
    assert refused.status == LineStatus.UNMATCHED
    assert refused.notice == second
    assert "refused" in refused.problem
    second.refresh_from_db()
    assert (second.status, second.paid_amount) == (NoticeStatus.OPEN, 0)  # the refused payment is not applied
    assert Case.objects.get(pk=first.case_id).status == Status.FEE_PAID


@pytest.mark.django_db
def test_exemption_waives_the_notice_and_a_later_payment_goes_to_the_clerk(
    notified: Any, judge: Any, tmp_path: Path
) -> None:
    notice = notified()
    exemption = record_exemption(judge, notice.case_id, reason="protected_person", note="Giấy chứng nhận hộ nghèo")
    assert exemption.basis == "Điều 12 khoản 1 điểm đ"
    assert exemption.notice == notice
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WAIVED
    with pytest.raises(TransitionError):  # exempt already
        record_exemption(judge, notice.case_id, reason="protected_person")
    with pytest.raises(FeeError):
        record_exemption(judge, notified().case_id, reason="no_such_reason")
    call_command("fees", "import-statement", str(write(tmp_path, f"T9,{today()},300000,{notice.reference}\n")))
    line = StatementLine.objects.get()
    assert line.status == LineStatus.UNMATCHED
    assert line.notice == notice


@pytest.mark.django_db
def test_an_exemption_after_the_notice_lets_the_judge_accept_the_case(notified: Any, judge: Any) -> None:
    notice = notified()
    case = Case.objects.get(pk=notice.case_id)
    pay = case.deadlines.get(rule__code="civil.pay_advance_fee")
    with pytest.raises(TransitionError):  # no receipt and not exempt
        petition.accept_case(judge, case.pk)
    record_exemption(judge, case.pk, reason="worker_wages")
    event = CaseEvent.objects.get(case=case, kind=EventKind.FEE_EXEMPTED)
    assert event.data["ground"] == "worker_wages"
    assert event.data["basis"] == "Điều 12 khoản 1 điểm a"
    assert event.data["after"] == {"fee_exempt": True}
    pay.refresh_from_db()
    assert pay.status == DeadlineStatus.CANCELLED  # nothing left to pay: not overdue later
    case.refresh_from_db()
    assert case.fee_exempt
    assert case.status == Status.FEE_NOTIFIED
    petition.accept_case(judge, case.pk)
    assert Case.objects.get(pk=case.pk).status == Status.PREPARING


@pytest.mark.django_db
def test_only_the_judge_of_the_case_exempts(notified: Any, colleague: Any) -> None:
    notice = notified()
    with pytest.raises(PermissionDenied):  # a judge of the court who is not on the case
        record_exemption(colleague, notice.case_id, reason="maintenance_parentage")
    assert not FeeExemption.objects.exists()
    assert FeeNotice.objects.get(pk=notice.pk).status == NoticeStatus.OPEN


@pytest.mark.django_db
def test_an_exemption_before_any_notice_and_none_once_paid(
    court: Any, clerk: Any, judge: Any, president: Any, notified: Any
) -> None:
    case = accepted_petition(court, clerk, judge, president)
    exemption = record_exemption(judge, case.pk, reason="maintenance_parentage")
    assert exemption.notice is None
    with pytest.raises(TransitionError):  # exempt: no notice to pay (Art. 195(4): accept at once)
        issue_notice(judge, case.pk, amount=Decimal("300000"))
    petition.accept_case(judge, case.pk)

    paid = notified()
    petition.record_fee_payment(clerk, paid.case_id, receipt_number="AA/1", amount=Decimal("300000"))
    with pytest.raises(TransitionError):
        record_exemption(judge, paid.case_id, reason="protected_person")
    assert not FeeExemption.objects.filter(case_id=paid.case_id).exists()
    assert FeeNotice.objects.get(pk=paid.pk).status == NoticeStatus.OPEN  # the receipt is the case's step


@pytest.mark.django_db
def test_the_judge_exempts_on_the_case_page_and_through_the_api(notified: Any, judge: Any) -> None:
    notice = notified()
    client = Client()
    client.force_login(judge)
    url = reverse("cases:step", args=[notice.case_id, "exempt_from_fee"])
    page = client.get(url).content.decode()
    assert "Điều 12 khoản 1 điểm đ" in page
    day = datetime.date.today().strftime("%d/%m/%Y")
    response = client.post(url, {"on": day, "reason": "protected_person", "note": "Sổ hộ nghèo số 12"})
    assert response.status_code in (200, 302), response.content
    assert FeeExemption.objects.get(case_id=notice.case_id).note == "Sổ hộ nghèo số 12"

    other = notified()
    api = f"/api/v1/cases/{other.case_id}/steps/exempt_from_fee/"
    assert client_for(judge).post(api, {"reason": "nope"}, format="json").status_code == 400
    answer = client_for(judge).post(api, {"reason": "life_health_honour"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["event"]["kind"] == "fee_exempted"
    assert FeeNotice.objects.get(pk=other.pk).status == NoticeStatus.WAIVED


@pytest.mark.django_db
def test_clerk_page_lists_lines_to_check(notified: Any, clerk: Any, citizen: Any, client: Any, tmp_path: Path) -> None:
    notice = notified()
    path = write(tmp_path, f"T1,{today()},300000,{notice.reference}\nT2,{today()},42000,khong ma\n")
    call_command("fees", "import-statement", str(path))
    url = reverse("fees:unmatched")
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-line="T2"' in html
    assert 'data-line="T1"' not in html
