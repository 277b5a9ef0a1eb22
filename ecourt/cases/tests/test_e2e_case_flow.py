"""End to end, in headless Debian Chromium driven by Playwright against a live server.

A clerk records a petition on the intake page; the president assigns it on the assignments page,
accepting the even-load suggestion; the judge decides to accept it and issues the fee notice; the clerk
records the fee receipt; the judge accepts the case (thụ lý); the judge's docket then shows the case with
its next statutory deadline; a judge of another court who opens the case's address is refused.

Screenshots of every page go to var/screenshots/ (look at them when changing the templates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from ecourt.cases.models import Case, Status
from ecourt.conftest import ci_requires
from ecourt.courts.factories import CourtFactory, ProvincialCourtFactory
from ecourt.people.factories import staff
from ecourt.people.models import Role
from ecourt.twofactor.testing import pass_in_browser

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "mat-khau-thu-nghiem"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
HTMX = Path(settings.BASE_DIR) / "ecourt" / "static" / "vendor" / "htmx.min.js"


def _missing(what: str) -> None:
    if ci_requires(what):
        pytest.fail(f"{what} is required for the end-to-end tests")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Headless Chromium. While it is open, Playwright's sync API keeps an event loop in this thread;
    the ORM calls the test makes between browser actions are ordinary synchronous calls, so Django is
    told to allow them (only for as long as the browser is open: the test asks for the database first,
    so the database is emptied after the browser has closed)."""
    if not Path(CHROMIUM).exists():
        _missing("Chromium (apt-get install chromium)")
    if not HTMX.exists():
        _missing("HTMX (npm ci && npm run vendor)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Session:
    """One user's browser session."""

    def __init__(self, browser: Any, base_url: str, user: Any, *, language: str = "vi-VN") -> None:
        self.base_url = base_url
        self.context = browser.new_context(locale=language, viewport={"width": 1440, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.goto(f"{base_url}/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("form button[type=submit]")
        self.page.wait_for_load_state()
        pass_in_browser(self.page, user)  # the second factor of a court account (ecourt/twofactor)

    def goto(self, path: str) -> Any:
        return self.page.goto(f"{self.base_url}{path}")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def take_step(self, label: str, fill: dict[str, str] | None = None) -> None:
        """Open a step's HTMX form on the case page, fill it and confirm; wait for the page to reload."""
        from playwright.sync_api import expect

        page = self.page
        page.locator(".step-buttons a", has_text=label).click()
        form = page.locator("#step-panel form")
        expect(form).to_be_visible()
        for name, value in (fill or {}).items():
            field = form.locator(f"[name={name}]")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        form.locator("button[type=submit]").click()
        expect(page.locator(".msg-success")).to_contain_text(label)

    def close(self) -> None:
        self.context.close()


def test_a_petition_goes_from_intake_to_the_judges_docket(
    transactional_db: None, browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    provincial = ProvincialCourtFactory(name="Tòa án nhân dân Thành phố Hà Nội", short_name="TAND TP. Hà Nội")
    court = CourtFactory(
        parent=provincial, name="Tòa án nhân dân khu vực 1 - Hà Nội", short_name="TAND khu vực 1 - Hà Nội"
    )
    other_court = CourtFactory(
        parent=provincial, name="Tòa án nhân dân khu vực 7 - Hà Nội", short_name="TAND khu vực 7 - Hà Nội"
    )
    president = staff(court, Role.PRESIDENT, user__full_name="Phạm Quốc Hưng")
    clerk = staff(court, Role.CLERK, user__full_name="Đỗ Thị Thu Trang")
    judge = staff(court, Role.JUDGE, user__full_name="Nguyễn Thị Hoa")
    staff(court, Role.JUDGE, user__full_name="Lê Văn Đức")  # a colleague, created later: not suggested
    outsider = staff(other_court, Role.JUDGE, user__full_name="Hoàng Minh Tuấn")
    url = live_server.url

    # 1. The clerk records the petition, with a lawyer added through HTMX.
    clerk_session = Session(browser, url, clerk)
    page = clerk_session.page
    expect(page).to_have_url(re.compile(r"/docket/$"))
    clerk_session.shot("01-clerk-docket-empty")
    page.locator("nav.menu a", has_text="Nhận đơn mới").click()
    expect(page.locator("h1")).to_have_text("Nhận đơn khởi kiện")
    page.select_option("#id_case_type", "DS")
    page.fill("#id_subject", "Tranh chấp hợp đồng vay tài sản")
    page.fill("#id_summary", "Nguyên đơn yêu cầu bị đơn trả khoản vay 150 triệu đồng và tiền lãi.")
    page.fill("#id_value_in_dispute", "150.000.000")
    page.fill("#id_parties-0-name", "Nguyễn Văn An")
    page.fill("#id_parties-0-birth_year", "1978")
    page.fill("#id_parties-0-national_id", "001078012345")
    page.fill("#id_parties-0-address", "Số 12 phố Hàng Bài, phường Hoàn Kiếm, Thành phố Hà Nội")
    page.fill("#id_parties-1-name", "Trần Thị Bình")
    page.fill("#id_parties-1-address", "Số 5 ngõ 34 phố Kim Mã, phường Giảng Võ, Thành phố Hà Nội")
    page.locator("button[name=add_party]").click()
    expect(page.locator("#id_parties-2-name")).to_be_visible()
    assert page.input_value("#id_parties-0-name") == "Nguyễn Văn An"  # the rows typed are kept
    page.fill("#id_parties-2-name", "Lê Minh Châu")
    page.select_option("#id_parties-2-role", "lawyer")
    page.fill("#id_parties-2-represents", "1")
    clerk_session.shot("02-intake-form")
    page.locator(".actions button[name=save]").click()
    expect(page.locator(".msg-success")).to_contain_text("Đã ghi nhận đơn")
    case = Case.objects.get(subject="Tranh chấp hợp đồng vay tài sản")
    assert case.court == court
    assert case.status == Status.PETITION_RECEIVED
    assert list(case.parties.values_list("name", flat=True)) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"]
    lawyer = case.parties.get(name="Lê Minh Châu")
    assert lawyer.represents is not None
    assert lawyer.represents.name == "Nguyễn Văn An"
    assert case.value_in_dispute == 150_000_000
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator(".status")).to_have_text("Đã nhận đơn khởi kiện")
    clerk_session.shot("03-case-received")

    # 2. The president assigns it, accepting the suggestion.
    president_session = Session(browser, url, president)
    page = president_session.page
    expect(page).to_have_url(re.compile(r"/overview/$"))  # presidents land on the court overview
    president_session.shot("04-president-overview")
    page.locator("nav.menu a", has_text="Phân công").click()
    row = page.locator(f"#case-{case.pk}")
    expect(row.locator("select[name=judge] option:checked")).to_contain_text("Nguyễn Thị Hoa")
    expect(row.locator("select[name=judge] option:checked")).to_contain_text("gợi ý")
    president_session.shot("05-assignments")
    row.locator("button[type=submit]").click()
    expect(page.locator(".msg-success")).to_contain_text("Nguyễn Thị Hoa")
    case.refresh_from_db()
    assert case.judge == judge
    assert case.status == Status.PETITION_ASSIGNED

    # 3. The judge decides to accept and issues the fee notice; bad input is refused first.
    judge_session = Session(browser, url, judge)
    page = judge_session.page
    expect(page.locator("table.cases")).to_contain_text(case.uid)
    judge_session.goto(f"/cases/{case.pk}/")
    judge_session.take_step("Tiến hành thủ tục thụ lý", {"procedure": "ordinary"})
    page.locator(".step-buttons a", has_text="Thông báo nộp tạm ứng án phí").click()
    form = page.locator("#step-panel form")
    form.locator("[name=amount]").fill("ba trăm nghìn")
    form.locator("button[type=submit]").click()
    expect(page.locator("#step-panel .field-error")).to_contain_text("Nhập số tiền bằng đồng")
    judge_session.shot("06-fee-notice-bad-amount")
    case.refresh_from_db()
    assert case.status == Status.AWAITING_FEE_NOTICE  # nothing changed
    page.locator("#step-panel form [name=amount]").fill("3.750.000")
    page.locator("#step-panel form button[type=submit]").click()
    expect(page.locator(".msg-success")).to_contain_text("Thông báo nộp tạm ứng án phí")
    case.refresh_from_db()
    assert case.status == Status.FEE_NOTIFIED

    # 4. The clerk records the fee receipt.
    clerk_session.goto(f"/cases/{case.pk}/")
    clerk_session.take_step(
        "Ghi nhận biên lai tạm ứng án phí", {"receipt_number": "AA/2025/0012345", "amount": "3.750.000"}
    )

    # 5. The judge accepts the case (thụ lý): it gets its acceptance number.
    judge_session.goto(f"/cases/{case.pk}/")
    judge_session.take_step("Thụ lý vụ án")
    case.refresh_from_db()
    year = timezone.localdate().year
    assert case.status == Status.PREPARING
    assert case.acceptance_number == f"01/{year}/TLST-DS"
    expect(judge_session.page.locator(".numbers")).to_contain_text(case.acceptance_number)
    expect(judge_session.page.locator(".deadlines")).to_contain_text("Chuẩn bị xét xử")
    judge_session.shot("07-case-accepted")

    # 6. The judge's docket shows the case with its next deadline.
    page = judge_session.page
    judge_session.goto("/docket/")
    row = page.locator("table.cases tbody tr", has_text=case.uid)
    expect(row).to_contain_text(case.acceptance_number)
    assert case.next_deadline_on is not None
    assert case.next_deadline is not None
    expect(row).to_contain_text(case.next_deadline_on.strftime("%d/%m/%Y"))
    expect(row).to_contain_text(case.next_deadline.rule.name_vi)
    expect(row.locator(".dl")).to_be_visible()
    judge_session.shot("08-judge-docket")
    # The same docket in English.
    page.select_option("select[name=language]", "en")
    expect(page.locator("h1")).to_have_text("My docket")
    expect(page.locator("table.cases tbody tr", has_text=case.uid)).to_contain_text(
        case.next_deadline_on.strftime("%d/%m/%Y")
    )
    judge_session.shot("09-judge-docket-english")

    # 7. A judge of another court is refused: the case is reported as not found.
    outsider_session = Session(browser, url, outsider)
    response = outsider_session.goto(f"/cases/{case.pk}/")
    assert response.status == 404
    expect(outsider_session.page.locator("h1")).to_have_text("Không tìm thấy")
    assert "Tranh chấp hợp đồng vay tài sản" not in outsider_session.page.content()
    outsider_session.shot("10-outsider-refused")
    outsider_session.goto("/assignments/")
    expect(outsider_session.page.locator("h1")).to_have_text("Không được phép truy cập")

    for session in (clerk_session, president_session, judge_session, outsider_session):
        session.close()
