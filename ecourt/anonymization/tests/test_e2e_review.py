"""End to end, in headless Chromium: a judge opens the reviewer page of a judgment, keeps a name the
rules replaced, selects a name the rules missed and replaces it everywhere, then withdraws a decision.

The screenshot goes to var/screenshots/anonymization-review.png (look at it when changing the template).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from ecourt.anonymization.models import Decision
from ecourt.anonymization.tests.test_review import TEXT
from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.judgments.models import Judgment
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.e2e
browser = flow.browser  # headless Chromium, as the cases flow opens it

SELECT_WORDS = """(words) => {
  const pane = document.querySelector('.pane-original .anon-text');
  const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    node.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
  return false;
}"""


def test_a_judge_keeps_one_replacement_and_adds_another(
    transactional_db: None, browser: Any, live_server: Any, court: Any
) -> None:
    from playwright.sync_api import expect

    judge = staff(court, Role.JUDGE, user__full_name="Trần Thị Mai")
    judgment = Judgment.objects.create(
        number="01/2026/DS-ST", court=court, court_name="Tòa án nhân dân thử", text=TEXT,
        source="test", source_id="e2e", checksum="0" * 64,
    )  # fmt: skip
    session = flow.Session(browser, live_server.url, judge)
    page = session.page
    session.goto(f"/anonymization/judgments/{judgment.pk}/")
    original = page.locator(".pane-original .anon-text")
    anonymized = page.locator(".pane-anonymized .anon-text")
    expect(anonymized.locator("mark.k-person").first).to_be_visible()
    expect(anonymized.locator("mark.k-person", has_text=re.compile(r"Hồ Văn K$"))).to_have_count(3)

    # keep "Hồ Văn Khánh" as written: every occurrence, in both panes
    original.locator("mark.k-person", has_text="Hồ Văn Khánh").first.locator("button.anon-undo").click()
    expect(anonymized.locator("mark.k-kept")).to_have_count(3)
    expect(anonymized).not_to_contain_text(re.compile(r"Hồ Văn K(?!hánh)"))
    expect(page.locator(".decision-list li")).to_have_count(1)

    # select a name the rules missed, and replace it everywhere
    assert page.evaluate(SELECT_WORDS, "Phạm Hữu Tài")
    expect(page.locator("#id_original")).to_have_value("Phạm Hữu Tài")
    page.select_option("#id_kind", "person")
    page.locator("#anon-add button[type=submit]").click()
    expect(anonymized.locator("mark.k-person", has_text="Phạm Hữu T")).to_have_count(2)
    expect(original.locator("mark.k-person", has_text="Phạm Hữu Tài")).to_have_count(2)
    expect(page.locator(".decision-list li")).to_have_count(2)
    assert set(Decision.objects.values_list("action", "decided_by")) == {("undo", judge.pk), ("add", judge.pk)}
    flow.SHOTS.mkdir(parents=True, exist_ok=True)
    session.shot("anonymization-review")
    page.screenshot(path="/tmp/anonymization-review.png", full_page=True)

    # withdraw the "keep": the rules apply again
    page.locator(".decision-list li", has_text="Hồ Văn Khánh").locator("button").click()
    expect(page.locator(".decision-list li")).to_have_count(1)
    expect(anonymized.locator("mark.k-kept")).to_have_count(0)
    expect(anonymized.locator("mark.k-person", has_text=re.compile(r"Hồ Văn K$"))).to_have_count(3)
    session.close()
