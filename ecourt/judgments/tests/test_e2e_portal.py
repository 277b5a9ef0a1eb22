"""End to end, in headless Chromium: a citizen (not signed in) searches judgments without diacritics,
narrows by case type, sees the words found highlighted, opens a judgment and follows a citation to the
provision it cites; at desktop and phone widths.

Screenshots go to var/screenshots/judgments-*.png (look at them when changing the templates).
"""

from __future__ import annotations

from typing import Any

import pytest

from ecourt.cases.tests import test_e2e_case_flow as flow

from .portal_data import build

pytestmark = pytest.mark.e2e
browser = flow.browser  # headless Chromium, as the cases flow opens it

WIDTHS = {"desktop": {"width": 1440, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_citizen_searches_filters_and_opens_a_judgment(
    transactional_db: None, browser: Any, live_server: Any, device: str
) -> None:
    from playwright.sync_api import expect

    portal = build()
    context = browser.new_context(locale="vi-VN", viewport=WIDTHS[device])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/judgments/")
    expect(page.locator("ol.hits > li")).to_have_count(20)  # everything, newest first, 20 a page
    page.fill("#id_q", "hop dong")
    page.locator(".law-search-box button[type=submit]").click()
    expect(page.locator("ol.hits > li")).to_have_count(3)
    expect(page.locator("ol.hits mark").first).to_be_visible()
    expect(page.locator("ol.hits mark").first).to_have_text("hợp")  # found with its diacritics
    page.locator(".facets a[href*='case_type=DS']").click()
    expect(page.locator("ol.hits > li")).to_have_count(1)
    expect(page.locator(".facets strong[aria-current]").first).to_be_visible()
    expect(page.locator("ol.hits .snippet mark").first).to_be_visible()
    flow.SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(flow.SHOTS / f"judgments-search-{device}.png"), full_page=True)
    page.locator("ol.hits h3 a").first.click()
    expect(page).to_have_url(f"{live_server.url}/judgments/{portal.credit.pk}/")
    cite = page.locator(".judgment-text a.cite").first
    expect(cite).to_have_attribute("href", "/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10")
    expect(page.locator(".similar-list a").first).to_be_visible()
    page.screenshot(path=str(flow.SHOTS / f"judgments-detail-{device}.png"), full_page=True)
    # nothing wider than the screen on a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS[device]["width"]
    cite.click()
    expect(page).to_have_url(f"{live_server.url}/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10")
    context.close()
