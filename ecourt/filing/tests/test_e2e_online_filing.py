"""End to end, in headless Debian Chromium driven by Playwright against a live server.

A citizen signs in through a real OpenID Connect provider (django-oauth-toolkit in a subprocess: its
sign-in form and its consent page, in the browser), files a petition with two evidence files at the
regional court whose territory covers the defendant's commune, and agrees to electronic service on the
filing's page. The judge decides to accept it and issues the advance-fee notice on the case page; the
citizen is told by e-mail (a real SMTP server on this machine) and sees the amount and payment reference
on the filing's page. A clerk, signed in with password and authenticator code, imports the bank's
statement on the payments page, which pays the notice; the judge accepts the case (thụ lý), which issues
the signed notice of acceptance; the clerk serves it electronically from the case page. The citizen opens
it from the e-mail's link, downloads the signed PDF (its signature verifies), and the receipt of service
shows the time it was made available and the time it was opened, and verifies.

Screenshots of every page go to var/screenshots/filing-*.png, the citizen's pages also at a phone's
width (filing-*-phone.png); look at them when changing the templates.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from ecourt.cases.models import Status
from ecourt.cases.services import assignment
from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.eservice.models import Service, ServiceStatus
from ecourt.eservice.services import verify_receipt
from ecourt.eservice.tests.test_eservice import _Inbox, smtp  # noqa: F401 - the real local SMTP server
from ecourt.fees.models import FeeNotice, NoticeStatus
from ecourt.filing.models import Filing
from ecourt.people.factories import staff
from ecourt.people.models import Role, User, UserKind
from ecourt.signing.models import DocumentKind, IssuedDocument, IssueStatus
from ecourt.signing.services import verify_pdf
from ecourt.signing.tests.pki import court_certificate_configured

from .conftest import DONG_DA, HAI_BA_TRUNG, HANOI, PDF, PNG

pytestmark = pytest.mark.e2e
browser = flow.browser  # headless Chromium, as the cases flow opens it

PROVIDER = Path(__file__).parents[2] / "identity" / "tests" / "oidc_provider.py"
CLIENT_ID = "ecourt-e2e"
CLIENT_SECRET = "s3cret-e2e"
NATIONAL_ID = "001080012345"
CITIZEN = "Nguyễn Văn An"
EMAIL = "nguyenvanan@example.vn"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 1000}


@pytest.fixture
def identity_provider(live_server: Any, settings: Any, tmp_path: Path) -> Iterator[str]:
    """The e-ID: a real OpenID Connect provider in its own process, that sends the browser back to the live
    server, and asks for consent."""
    redirect_uri = f"{live_server.url}/identity/oidc/callback/"
    env = {
        "PATH": "/usr/bin:/bin",
        "PROVIDER_NATIONAL_ID": NATIONAL_ID,
        "PROVIDER_NAME": CITIZEN,
        "PROVIDER_EMAIL": EMAIL,
        "PROVIDER_CONSENT": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, str(PROVIDER), str(tmp_path / "provider.sqlite3"), CLIENT_ID, CLIENT_SECRET, redirect_uri],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("READY "), line
        url = f"http://127.0.0.1:{int(line.split()[1])}"
        settings.OIDC_CLIENT_ID = CLIENT_ID
        settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_ISSUER = f"{url}/o"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def court_certificate(settings: Any, tmp_path: Path) -> Iterator[Any]:
    """The court's signing certificate and a real RFC 3161 timestamping server (ecourt/signing's tests)."""
    (tmp_path / "pki").mkdir()
    with court_certificate_configured(settings, tmp_path / "pki"):
        yield settings


class Citizen:
    """The citizen's browser; each page is photographed at a desktop's and at a phone's width."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(locale="vi-VN", viewport=DESKTOP, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)

    def shot(self, name: str) -> None:
        page = self.page
        page.screenshot(path=str(flow.SHOTS / f"filing-{name}.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(flow.SHOTS / f"filing-{name}-phone.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size(DESKTOP)
        assert width <= PHONE["width"], f"{name}: {width}px wide on a phone"


def _party(page: Any, row: int, values: dict[str, str], commune: str) -> None:
    from playwright.sync_api import expect

    prefix = f"#id_parties-{row}-"
    page.fill(f"{prefix}name", values["name"])
    page.select_option(f"{prefix}role", values["role"])
    page.fill(f"{prefix}birth_year", values["birth_year"])
    page.fill(f"{prefix}national_id", values["national_id"])
    page.select_option(f"{prefix}province", HANOI)  # HTMX loads the province's communes
    expect(page.locator(f"{prefix}commune option[value='{commune}']")).to_have_count(1)
    page.select_option(f"{prefix}commune", commune)
    page.fill(f"{prefix}address", values["address"])


def _link_in(inbox: _Inbox, to: str, pattern: str) -> str:
    for recipients, message in reversed(inbox.messages):
        body = message.get_payload(decode=True).decode()
        found = re.search(pattern, body)
        if to in recipients and found:
            return found.group(0)
    raise AssertionError(f"no e-mail to {to} with {pattern}")


def test_a_citizen_files_online_pays_and_opens_the_served_notice(
    transactional_db: None,
    browser: Any,
    live_server: Any,
    identity_provider: str,
    court_certificate: Any,
    smtp: _Inbox,  # noqa: F811
    court_map: dict[str, Any],
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # a step that issues a document signs it (and stamps it) before the reload
    court = court_map["one"]  # its territory: Phường Đống Đa, where the defendant lives
    president = staff(court, Role.PRESIDENT, user__full_name="Phạm Quốc Hưng")
    clerk = staff(court, Role.CLERK, user__full_name="Đỗ Thị Thu Trang")
    judge = staff(court, Role.JUDGE, user__full_name="Nguyễn Thị Hoa")
    url = live_server.url

    # 1. The citizen signs in through the e-ID: the provider's sign-in form, then its consent page.
    citizen = Citizen(browser, url)
    page = citizen.page
    page.goto(f"{url}/login/")
    page.locator(".oidc-signin a").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(identity_provider)}/login/"))
    page.fill("#username", "citizen")
    page.fill("#password", "pw")
    page.click("button[type=submit]")
    expect(page.locator("#authorizationForm")).to_be_visible()  # the provider asks to authorize the court
    page.screenshot(path=str(flow.SHOTS / "filing-01-provider-consent.png"), full_page=True)
    page.click("#authorizationForm input[name=allow]")
    expect(page).to_have_url(re.compile(rf"^{re.escape(url)}/"))
    user = User.objects.get(kind=UserKind.CITIZEN)
    assert user.national_id == NATIONAL_ID
    assert user.full_name == CITIZEN
    assert user.email == EMAIL
    expect(page.locator(".who-name")).to_have_text(CITIZEN)
    assert "/twofactor/" not in page.url  # the e-ID's sign-in is the citizen's; no code asked

    # 2. My filings (from the menu) → a new petition: court and case type, parties, claims, files.
    page.locator("nav.menu a[href='/filing/']").click()
    expect(page).to_have_url(f"{url}/filing/")
    citizen.shot("02-my-filings-empty")
    page.locator("a[href='/filing/new/']").first.click()
    page.select_option("#id_case_type", "DS")
    page.select_option("#id_court", str(court.pk))
    citizen.shot("03-court")
    page.locator("form.form-card button[type=submit].btn-primary").click()
    expect(page).to_have_url(re.compile(r"/filing/\d+/parties/$"))
    filing = Filing.objects.get(filer=user)
    _party(
        page,
        0,
        {
            "name": CITIZEN,
            "role": "plaintiff",
            "birth_year": "1980",
            "national_id": NATIONAL_ID,
            "address": "Số 5 phố Huế",
        },
        HAI_BA_TRUNG,
    )
    _party(
        page,
        1,
        {
            "name": "Trần Thị Bình",
            "role": "defendant",
            "birth_year": "1975",
            "national_id": "001175054321",
            "address": "Số 12 ngõ 3 Tôn Đức Thắng",
        },
        DONG_DA,
    )
    page.fill("#id_filer_party", "1")
    citizen.shot("04-parties")
    page.locator(".actions button[name=save]").click()
    expect(page).to_have_url(f"{url}/filing/{filing.pk}/claims/")
    page.fill("#id_subject", "Tranh chấp hợp đồng vay tài sản")
    page.fill("#id_claims", "Buộc bị đơn trả 120.000.000 đồng tiền vay và tiền lãi theo hợp đồng ngày 02/01/2025.")
    page.fill("#id_value_in_dispute", "120.000.000")
    citizen.shot("05-claims")
    page.locator("form.form-card button[type=submit]").click()
    expect(page).to_have_url(f"{url}/filing/{filing.pk}/uploads/")
    files = [
        ("petition", "don-khoi-kien.pdf", "application/pdf", PDF),
        ("evidence", "hop-dong-vay.pdf", "application/pdf", PDF.replace(b"Catalog", b"Catalog /Lang (vi)")),
        ("evidence", "bien-nhan-tien.png", "image/png", PNG),
    ]
    for kind, name, mime, content in files:
        page.wait_for_selector("#id_kind")  # the page after the last upload has loaded
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", {"name": name, "mimeType": mime, "buffer": content})
        page.locator("form[enctype] .actions button[type=submit]").click()
        expect(page.locator(".form-card")).to_contain_text(name)  # acknowledged once stored, with its hash
    assert filing.uploads.count() == 3
    citizen.shot("06-files")
    page.locator("a[href$='/review/'].btn-primary").click()
    expect(page.locator(".verdict-ok")).to_contain_text(court.name)
    # 120,000,000 × 5% = 6,000,000; the advance is half of it (NQ 326/2016, Điều 7 khoản 2)
    expect(page.locator(".fee-estimate")).to_contain_text("3.000.000")
    citizen.shot("07-review")
    page.locator(f"form[action='/filing/{filing.pk}/submit/'] button").click()
    expect(page).to_have_url(f"{url}/filing/{filing.pk}/")
    filing.refresh_from_db()
    case = filing.case
    assert case is not None
    assert case.status == Status.PETITION_RECEIVED
    assert case.case_files.count() == 3
    expect(page.locator(".summary")).to_contain_text(case.uid)

    # The citizen agrees to electronic service on the filing's page.
    page.fill("#id_email", EMAIL)
    page.locator("form.consent-form button[type=submit]").click()
    expect(page.locator(".consent-given")).to_contain_text(EMAIL)
    citizen.shot("08-filed")

    # 3. Background: the president assigns the judge and the clerk (their own pages are tested elsewhere).
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)

    # 4. The judge decides to accept and issues the advance-fee notice on the case page.
    judge_session = flow.Session(browser, url, judge)
    judge_session.goto(f"/cases/{case.pk}/")
    judge_session.take_step("Tiến hành thủ tục thụ lý", {"procedure": "ordinary"})
    judge_session.take_step("Thông báo nộp tạm ứng án phí", {})  # the amount the schedule gives
    notice = FeeNotice.objects.get(case=case)
    assert notice.amount == 3_000_000
    assert "5% × 120.000.000 = 6.000.000 đồng" in notice.computation
    assert notice.status == NoticeStatus.OPEN

    # The citizen is told by e-mail (the notification job, every 2 minutes where a beat runs) ...
    call_command("filing", "notify")
    fee_mail = [m for r, m in smtp.messages if r == [EMAIL] and "Đã thông báo nộp tạm ứng án phí" in _body(m)]
    assert len(fee_mail) == 1, [_body(m) for _r, m in smtp.messages]
    assert f"/filing/{filing.pk}/" in _body(fee_mail[0])
    # ... and reads the amount and the payment reference on the filing's page.
    page.goto(f"{url}/filing/{filing.pk}/")
    fee_row = page.locator("table.stack tbody tr", has_text=notice.reference)
    expect(fee_row).to_contain_text("3000000")
    expect(fee_row).to_contain_text(notice.due_on.strftime("%d/%m/%Y"))
    citizen.shot("09-fee-notice")

    # 5. The citizen pays at the bank; the clerk (password + authenticator code) imports the statement.
    clerk_session = flow.Session(browser, url, clerk)
    clerk_page = clerk_session.page
    assert "/twofactor/" not in clerk_page.url
    clerk_session.goto("/fees/payments/unmatched/")
    today = timezone.localdate()
    statement = (
        "transaction_id,date,amount,description\n"
        f"FT{today:%y%m%d}0001,{today:%d/%m/%Y},3.000.000,{CITIZEN.upper()} NOP TAM UNG AN PHI {notice.reference}\n"
        f"FT{today:%y%m%d}0002,{today:%d/%m/%Y},150.000,CHUYEN TIEN KHONG GHI MA\n"
    )
    clerk_page.set_input_files(
        "#id_statement", {"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement.encode()}
    )
    clerk_page.locator("form.statement-import button[type=submit]").click()
    expect(clerk_page.locator(".msg-success")).to_contain_text("sao-ke.csv")
    expect(clerk_page.locator(f"tr[data-line='FT{today:%y%m%d}0002']")).to_be_visible()  # left for the clerk
    expect(clerk_page.locator(f"tr[data-line='FT{today:%y%m%d}0001']")).to_have_count(0)  # paid the notice
    clerk_session.shot("filing-10-clerk-statement")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PAID
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID

    # 6. The judge accepts the case: the notice of acceptance is issued, signed by the court.
    judge_session.goto(f"/cases/{case.pk}/")
    judge_session.take_step("Thụ lý vụ án")
    case.refresh_from_db()
    assert case.status == Status.PREPARING
    assert case.acceptance_number == f"01/{today.year}/TLST-DS"
    acceptance = IssuedDocument.objects.get(case=case, kind=DocumentKind.ACCEPTANCE_NOTICE)
    assert acceptance.status == IssueStatus.ISSUED

    # 7. The clerk serves it electronically from the case page.
    clerk_session.goto(f"/cases/{case.pk}/")
    document = clerk_page.locator(f"#court-documents li[data-document='{acceptance.pk}']")
    expect(document).to_have_attribute("data-status", IssueStatus.ISSUED)
    document.locator(f"form[action='/eservice/documents/{acceptance.pk}/serve/'] button").click()
    expect(clerk_page.locator(".msg-success")).to_contain_text(CITIZEN)
    expect(clerk_page.locator(".msg-warning")).to_contain_text("Trần Thị Bình")  # not agreed: served another way
    clerk_session.shot("filing-11-clerk-served")
    service = Service.objects.get(issued_document=acceptance)
    assert service.party.user == user
    assert service.opened_at is None

    # 8. The citizen opens it from the e-mail's link, downloads the signed PDF, and reads the receipt.
    link = _link_in(smtp, EMAIL, r"http\S+/eservice/d/[\w-]+/")
    assert link.startswith(url)
    page.goto(link)
    expect(page.locator("h1")).to_have_text(service.title)
    citizen.shot("12-served-document")
    with page.expect_download() as download:
        page.locator(f"a[href='/eservice/d/{service.token}/file/']").click()
    signed = Path(download.value.path()).read_bytes()
    with ThreadPoolExecutor(1) as pool:  # pyHanko runs its own event loop; Playwright's holds this thread's
        checked = pool.submit(verify_pdf, signed).result()
    assert checked.trusted
    assert not checked.altered
    service = Service.objects.get(pk=service.pk)
    assert service.status == ServiceStatus.OPENED
    assert service.opened_at is not None
    assert service.made_available_at <= service.opened_at

    page.goto(f"{url}/filing/{filing.pk}/")
    served = page.locator(f"table.served tr[data-service='{service.pk}']")
    expect(served).to_contain_text(_local(service.opened_at))
    citizen.shot("13-filing-served")
    served.locator(f"a[href='/eservice/d/{service.token}/receipt/']").click()
    receipt = page.locator("dl")
    expect(receipt).to_contain_text(_local(service.made_available_at))
    expect(receipt).to_contain_text(_local(service.opened_at))
    code = page.locator("dl code").inner_text()
    citizen.shot("14-receipt")
    assert verify_receipt(code) == service
    page.goto(f"{url}/eservice/receipts/verify/?code={code}")
    expect(page.locator("p.ok")).to_contain_text(service.title)
    citizen.shot("15-receipt-verified")

    for session in (citizen, judge_session, clerk_session):
        session.context.close()


def _body(message: Any) -> str:
    return str(message.get_payload(decode=True).decode())


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
