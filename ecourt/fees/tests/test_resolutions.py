"""A clerk resolves the bank lines the import left for a person: attaches an unmatched credit to a notice by its
reference (paid as an imported match would be, the case's fee step taken), records a refund or a dismissal with a
note; each leaves the line in the records with who, when, what and the note, and an audit entry. A refusal
writes nothing and shows the reason on the page (422)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ecourt.audit.models import AuditEntry
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, CaseEvent, Status
from ecourt.cases.services import assignment, petition
from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.courts.factories import CourtFactory, ProvincialCourtFactory
from ecourt.fees.models import BankStatement, FeeNotice, LineStatus, NoticeStatus, Resolution, StatementLine
from ecourt.fees.references import check_digits
from ecourt.fees.resolutions import ResolutionError, attach_line, close_line
from ecourt.fees.schedule import load_schedule
from ecourt.fees.selectors import lines_for_clerk
from ecourt.fees.services import issue_notice, record_exemption
from ecourt.people.factories import staff
from ecourt.people.models import Role


@pytest.fixture(autouse=True)
def _messages_in_english() -> Any:
    """The service refusals are matched by their English words (the pages are read in their own language)."""
    with translation.override("en"):
        yield


TODAY = datetime.date.today()
browser = flow.browser  # headless Chromium, as the cases flow opens it


def line(amount: str, description: str = "chuyen tien", **fields: Any) -> StatementLine:
    statement = BankStatement.objects.first() or BankStatement.objects.create(file_name="s.csv", file_sha256="0" * 64)
    number = StatementLine.objects.count() + 2
    return StatementLine.objects.create(
        statement=statement,
        line_number=number,
        line_hash=f"{number:064d}",
        transaction_id=f"T{number}",
        booked_on=TODAY,
        amount=Decimal(amount),
        description=description,
        status=fields.pop("status", LineStatus.UNMATCHED),
        problem=fields.pop("problem", "no payment reference in the description"),
        **fields,
    )


def snapshot(notice: FeeNotice, row: StatementLine) -> tuple[Any, ...]:
    notice.refresh_from_db()
    row.refresh_from_db()
    case = Case.objects.get(pk=notice.case_id)
    return (
        notice.status,
        notice.paid_amount,
        case.status,
        CaseEvent.objects.filter(case=case).count(),
        row.status,
        row.notice_id,
        row.resolution,
        row.resolved_by_id,
        AuditEntry.objects.filter(object_type="statement_line").count(),
    )


def mistyped(reference: str) -> str:
    """The reference with one digit changed, its check digits left: what a payer's typo gives."""
    body = reference[2:11]
    wrong = body[:-1] + str((int(body[-1]) + 1) % 10)
    assert check_digits(wrong) != reference[11:]
    return "AP" + wrong + reference[11:]


@pytest.mark.django_db
def test_attaching_an_unmatched_credit_pays_the_notice_and_takes_the_case_step(notified: Any, clerk: Any) -> None:
    notice = notified()
    row = line("300000", "nop tien an phi, quen ma")
    assert row in lines_for_clerk()
    attach_line(clerk, row.pk, notice.reference.lower()[:5] + " " + notice.reference[5:], note="payer called")
    notice.refresh_from_db()
    row.refresh_from_db()
    assert (notice.status, notice.paid_amount, notice.paid_on) == (NoticeStatus.PAID, Decimal("300000"), TODAY)
    case = Case.objects.get(pk=notice.case_id)
    assert case.status == Status.FEE_PAID
    paid = CaseEvent.objects.get(case=case, kind="fee_paid")
    assert paid.data["receipt_number"] == row.transaction_id  # the bank line as receipt, as the import does
    assert paid.actor is None  # taken as the system
    assert (row.status, row.notice, row.resolution, row.resolved_by) == (
        LineStatus.MATCHED,
        notice,
        Resolution.ATTACHED,
        clerk,
    )
    assert row.resolution_note == "payer called"
    assert row.resolved_at is not None
    assert row.problem == "no payment reference in the description"  # why it came to the clerk stays
    assert row not in lines_for_clerk()
    assert row in lines_for_clerk(resolved=True)
    entry = AuditEntry.objects.get(object_type="statement_line", object_id=str(row.pk))
    assert (entry.actor_id, entry.action, entry.case_id) == (clerk.pk, "change", case.pk)
    assert entry.detail["resolution"] == "attached"
    assert entry.detail["notice"] == notice.reference
    assert entry.detail["note"] == "payer called"
    with pytest.raises(ResolutionError, match="already resolved"):
        close_line(clerk, row.pk, Resolution.DISMISSED, note="again")


@pytest.mark.django_db
def test_a_partial_credit_leaves_the_notice_partly_paid_and_an_over_payment_stays_to_refund(
    notified: Any, clerk: Any
) -> None:
    partly, over = notified(), notified()
    small = line("100000")
    attach_line(clerk, small.pk, partly.reference)
    partly.refresh_from_db()
    small.refresh_from_db()
    assert (partly.status, partly.paid_amount) == (NoticeStatus.PARTIALLY_PAID, Decimal("100000"))
    assert Case.objects.get(pk=partly.case_id).status == Status.FEE_NOTIFIED
    assert (small.status, small.resolution) == (LineStatus.PARTIAL, Resolution.ATTACHED)
    assert small not in lines_for_clerk()

    big = line("350000")
    attach_line(clerk, big.pk, over.reference)
    over.refresh_from_db()
    big.refresh_from_db()
    assert (over.status, over.paid_amount) == (NoticeStatus.PAID, Decimal("350000"))
    assert Case.objects.get(pk=over.case_id).status == Status.FEE_PAID
    assert big.status == LineStatus.OVERPAID
    assert "50000 đồng paid above the notice" in big.problem
    assert big in lines_for_clerk()  # the excess is still to refund
    with pytest.raises(ResolutionError, match="already applied"):
        attach_line(clerk, big.pk, partly.reference)
    close_line(clerk, big.pk, Resolution.REFUNDED, note="UNC 0042/2026")
    big.refresh_from_db()
    assert (big.resolution, big.resolution_note, big.resolved_by) == (Resolution.REFUNDED, "UNC 0042/2026", clerk)
    assert big not in lines_for_clerk()
    refund = AuditEntry.objects.filter(object_id=str(big.pk)).last()
    assert refund is not None
    assert refund.detail["before"]["resolution"] == "attached"  # the attach stays in the audit log


@pytest.mark.django_db
def test_attaching_to_a_paid_or_waived_notice_or_a_bad_reference_changes_nothing(
    notified: Any, clerk: Any, judge: Any
) -> None:
    paid, waived, open_ = notified(), notified(), notified()
    attach_line(clerk, line("300000").pk, paid.reference)
    record_exemption(judge, waived.case_id, reason=_first_exemption())
    row = line("300000")
    refusals = [
        (paid.reference, f"Notice {paid.reference} is .*: a payment cannot be attached"),
        (waived.reference, f"Notice {waived.reference} is .*: a payment cannot be attached"),
        (mistyped(open_.reference), "not a valid payment reference"),
        ("AP1234", "not a valid payment reference"),
        ("", "not a valid payment reference"),
    ]
    body = "123456789"
    unknown = "AP" + body + check_digits(body)
    if not FeeNotice.objects.filter(reference=unknown).exists():
        refusals.append((unknown, "No notice of your court"))
    for notice in (paid, waived, open_):
        before = snapshot(notice, row)
        for reference, reason in refusals:
            with pytest.raises(ResolutionError, match=reason):
                attach_line(clerk, row.pk, reference)
            assert snapshot(notice, row) == before


@pytest.mark.django_db
def test_a_case_step_refused_by_the_case_leaves_nothing_written(notified: Any, clerk: Any) -> None:
    notice = notified()
    # The receipt was lodged by hand with the bare case step: the notice is still open, but the case's
    # 'fee paid' step cannot be taken again.
    petition.record_fee_payment(clerk, notice.case_id, receipt_number="BL-1", amount=Decimal("300000"))
    row = line("300000")
    before = snapshot(notice, row)
    with pytest.raises(ResolutionError, match="The case refused its fee step"):
        attach_line(clerk, row.pk, notice.reference)
    assert snapshot(notice, row) == before
    assert snapshot(notice, row)[0] == NoticeStatus.OPEN


@pytest.mark.django_db
def test_a_clerk_of_another_court_cannot_attach_to_this_courts_notice(notified: Any, other_court: Any) -> None:
    notice = notified()
    row = line("300000")
    outsider = staff(other_court, Role.CLERK)
    before = snapshot(notice, row)
    with pytest.raises(ResolutionError, match="No notice of your court"):
        attach_line(outsider, row.pk, notice.reference)
    assert snapshot(notice, row) == before


@pytest.mark.django_db
def test_refund_and_dismissal_need_a_note_and_take_the_line_off_the_list(clerk: Any) -> None:
    refund, other = line("500000", "hoan tien"), line("42000", "tien dien thang 10")
    with pytest.raises(ResolutionError, match="voucher"):
        close_line(clerk, refund.pk, Resolution.REFUNDED, note="  ")
    close_line(clerk, refund.pk, Resolution.REFUNDED, note="UNC 17")
    close_line(clerk, other.pk, Resolution.DISMISSED, note="not a court fee: electricity bill")
    assert list(lines_for_clerk()) == []
    assert set(lines_for_clerk(resolved=True)) == {refund, other}
    other.refresh_from_db()
    assert (other.resolution, other.resolution_note, other.resolved_by, other.status) == (
        Resolution.DISMISSED,
        "not a court fee: electricity bill",
        clerk,
        LineStatus.UNMATCHED,
    )
    assert StatementLine.objects.count() == 2  # kept in the records
    assert AuditEntry.objects.filter(object_type="statement_line").count() == 2
    with pytest.raises(ResolutionError, match="already resolved"):
        close_line(clerk, other.pk, Resolution.REFUNDED, note="x")


def _first_exemption() -> str:
    return load_schedule().exemptions[0].code


# --- the page ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_a_form_per_line_and_attaches_by_reference(notified: Any, clerk: Any, client: Any) -> None:
    notice = notified()
    row = line("300000")
    client.cookies["django_language"] = "en"
    client.force_login(clerk)
    html = client.get(reverse("fees:unmatched")).content.decode()
    url = reverse("fees:resolve", args=[row.pk])
    assert f'action="{url}"' in html
    assert f'hx-post="{url}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'id="line{row.pk}_reference"' in html
    assert "Show resolved lines too" in html
    response = client.post(url, {"action": "attach", "reference": notice.reference, "note": ""}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Line {row.transaction_id}: Attached to a notice." in page
    assert f'data-line="{row.transaction_id}"' not in page  # off the to-do list
    assert Case.objects.get(pk=notice.case_id).status == Status.FEE_PAID
    resolved = client.get(reverse("fees:unmatched") + "?resolved=1").content.decode()
    assert f'data-line="{row.transaction_id}"' in resolved
    assert 'data-resolution="attached"' in resolved
    assert f'hx-post="{url}"' not in resolved  # nothing left to do on it


@pytest.mark.django_db
def test_the_page_shows_refusals_with_422_and_writes_nothing(notified: Any, clerk: Any, client: Any) -> None:
    notice = notified()
    row = line("300000")
    client.cookies["django_language"] = "en"
    client.force_login(clerk)
    url = reverse("fees:resolve", args=[row.pk])
    before = snapshot(notice, row)
    cases = [
        ({"action": "attach", "reference": ""}, "Enter the notice&#x27;s payment reference."),
        ({"action": "attach", "reference": mistyped(notice.reference)}, "is not a valid payment reference"),
        ({"action": "refunded", "note": ""}, "Write what was done (for a refund, the voucher number)."),
        ({"action": "nonsense"}, "Select a valid choice."),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 422, data
        assert message in response.content.decode(), data
        assert snapshot(notice, row) == before
    # HTMX gets the row back with the reason.
    response = client.post(url, {"action": "attach", "reference": "AP1"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    fragment = response.content.decode()
    assert fragment.lstrip().startswith("<tr") or "<tr id=" in fragment
    assert "not a valid payment reference" in fragment
    # and the row, resolved, after a dismissal.
    response = client.post(url, {"action": "dismissed", "note": "salary"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-resolution="dismissed"' in response.content.decode()
    assert "salary" in response.content.decode()
    response = client.post(url, {"action": "refunded", "note": "UNC 1"})
    assert response.status_code == 422
    assert "already resolved" in response.content.decode()


@pytest.mark.django_db
def test_only_payment_staff_may_resolve(notified: Any, judge: Any, citizen: Any, other_court: Any, client: Any) -> None:
    notice = notified()
    row = line("300000")
    url = reverse("fees:resolve", args=[row.pk])
    other_judge = staff(other_court, Role.JUDGE)
    before = snapshot(notice, row)
    for who in (citizen, judge, other_judge):
        client.force_login(who)
        assert client.get(reverse("fees:unmatched")).status_code == 403
        assert client.post(url, {"action": "attach", "reference": notice.reference}).status_code == 403
        assert client.post(url, {"action": "dismissed", "note": "x"}).status_code == 403
    assert snapshot(notice, row) == before
    client.force_login(staff(other_court, Role.CLERK))
    assert client.post(reverse("fees:resolve", args=[row.pk + 1000]), {"action": "dismissed"}).status_code == 404
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"action": "dismissed", "note": "x"}).status_code == 302
    assert snapshot(notice, row) == before


@pytest.mark.e2e
def test_a_clerk_resolves_lines_in_the_browser(
    transactional_db: None,
    browser: Any,
    live_server: Any,
) -> None:
    """Through HTMX in headless Chromium: a mistyped reference is refused in the row, the right one pays the
    notice; a dismissal records its note. Screenshots: var/screenshots/fees-resolve-*.png."""
    from playwright.sync_api import expect

    court = CourtFactory(parent=ProvincialCourtFactory())
    clerk = staff(court, Role.CLERK, user__full_name="Đỗ Thị Thu Trang")
    president = staff(court, Role.PRESIDENT)
    judge = staff(court, Role.JUDGE)
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)
    petition.decide_to_accept(judge, case.pk)
    notice = issue_notice(judge, case.pk, amount=Decimal("300000"))
    forgot = line("300000", "NGUYEN VAN AN NOP TIEN TAM UNG AN PHI")
    salary = line("4500000", "LUONG THANG 10")

    session = flow.Session(browser, live_server.url, clerk)
    page = session.page
    session.goto("/fees/payments/unmatched/")
    row = page.locator(f"#line-{forgot.pk}")
    row.locator("summary").click()
    row.locator("[name=reference]").fill(mistyped(notice.reference))
    row.locator("button[type=submit]").click()
    row = page.locator(f"#line-{forgot.pk}")
    expect(row.locator(".form-errors")).to_be_visible()
    session.shot("fees-resolve-1-refused")
    assert Case.objects.get(pk=case.pk).status == Status.FEE_NOTIFIED
    row.locator("[name=reference]").fill(notice.reference)
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#line-{forgot.pk}[data-resolution=attached]")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == Status.FEE_PAID
    other = page.locator(f"#line-{salary.pk}")
    other.locator("summary").click()
    other.locator("[name=action]").select_option("dismissed")
    other.locator("[name=note]").fill("Không phải án phí: chuyển nhầm lương")
    other.locator("button[type=submit]").click()
    expect(page.locator(f"#line-{salary.pk}[data-resolution=dismissed]")).to_contain_text("chuyển nhầm lương")
    session.shot("fees-resolve-2-done")
    session.goto("/fees/payments/unmatched/?resolved=1")
    session.shot("fees-resolve-3-resolved")
    session.close()
