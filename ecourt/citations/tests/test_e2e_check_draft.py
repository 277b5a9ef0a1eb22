"""End to end, in headless Chromium: a reviewer signs in, uploads a DOCX draft with a date, and sees
each citation highlighted in the draft with its verdict and the text in force beside it.

The screenshot goes to var/screenshots/check-draft.png (look at it when changing the template).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.citations.tests.drafts import docx_bytes
from ecourt.citations.tests.test_verification import NEW_1, decrees  # noqa: F401 - the fixture
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.e2e
browser = flow.browser  # headless Chromium, as the cases flow opens it

DRAFT = [
    "BỘ TƯ PHÁP",
    "NGHỊ ĐỊNH (dự thảo) sửa đổi quy định về hòa giải",
    "Căn cứ khoản 1, khoản 2 Điều 5 Nghị định số 12/2026/NĐ-CP;",
    "Căn cứ Nghị định số 77/2026/NĐ-CP;",
    "Điều 1. Phạm vi điều chỉnh",
    "Nghị định này sửa đổi Điều 9 Nghị định số 12/2026/NĐ-CP; khoản 1 Điều này áp dụng từ ngày ký.",
]


@pytest.mark.usefixtures("decrees")
def test_a_reviewer_uploads_a_draft_and_sees_the_verdicts(
    transactional_db: None, browser: Any, live_server: Any, court: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    reviewer = staff(court, Role.JUDGE, user__full_name="Trần Thị Mai")
    draft = tmp_path / "du-thao-nghi-dinh.docx"
    draft.write_bytes(docx_bytes(DRAFT))
    session = flow.Session(browser, live_server.url, reviewer)
    page = session.page
    session.goto("/citations/check/")
    expect(page.locator("h1")).to_be_visible()
    page.set_input_files("#id_draft", str(draft))
    page.fill("#id_day", "01/08/2027")
    page.locator(".check-form button[type=submit]").click()
    expect(page.locator(".check-result")).to_be_visible()
    # six citations: clause 1 amended, clause 2 repealed, a decree not in the corpus, "Nghị định này"
    # (the draft itself), an article that does not exist, and "khoản 1 Điều này"
    expect(page.locator("ol.verdicts > li")).to_have_count(6)
    chain = page.locator("mark.cite.v-repealed").first
    expect(chain).to_contain_text("khoản 1, khoản 2 Điều 5 Nghị định số 12/2026/NĐ-CP")
    expect(chain.locator(".cite-n.v-amended")).to_have_text("1")
    expect(chain.locator(".cite-n.v-repealed")).to_have_text("2")
    expect(page.locator("mark.cite.v-not_found")).to_have_count(2)
    expect(page.locator("mark.cite.v-internal")).to_have_count(2)
    first = page.locator("#verdict-1")
    expect(first).to_have_class("verdict v-amended")
    expect(first.locator(".provision-text").first).to_contain_text(NEW_1)
    expect(first).to_contain_text("30/2027/NĐ-CP")
    chain.locator("a.cite-ref").nth(1).click()  # the footnote number leads to its verdict
    expect(page).to_have_url(f"{live_server.url}/citations/check/#verdict-2")
    flow.SHOTS.mkdir(parents=True, exist_ok=True)
    session.shot("check-draft")
    page.screenshot(path="/tmp/check-draft.png", full_page=True)
    session.close()
