"""End to end in headless Chromium (Playwright): the case file page's script uploads a file in parts and
resumes on its own after the server was killed (SIGKILL) and started again in the middle of the upload.

The server is ``python -m ecourt runserver --noreload`` in a subprocess (tests/server.py) so that it can be
killed; the judge's session is made by the test client and given to the browser as its cookie.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from ecourt.cases.factories import accepted_case
from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.evidence import custody
from ecourt.evidence.models import CaseFile, CustodyEvent, Upload
from ecourt.evidence.tests.server import english_page, free_port, kill_once_a_part_is_received, server
from ecourt.evidence.tests.test_evidence import PDF

pytestmark = pytest.mark.e2e

MB = 1024 * 1024
browser = flow.browser  # headless Chromium, as the cases flow opens it


def test_page_script_resumes_after_the_server_is_killed(
    transactional_db: None,
    browser: Any,
    client: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(judge)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    source = tmp_path / "biên bản phiên họp.pdf"
    data = PDF + b"%" + os.urandom(24 * MB)
    source.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"

    context, page = english_page(browser, session, base)
    with server(port, log) as first:
        page.goto(f"{base}/evidence/cases/{case.pk}/files/")
        page.set_input_files("#evidence-file", str(source))
        page.click("#evidence-upload button[type=submit]")
        # Once the first 8 MB part is acknowledged, kill the server while the next parts are under way.
        kill_once_a_part_is_received(first, log, 8 * MB)
    acknowledged = Upload.objects.get().offset
    assert acknowledged < len(data)
    expect(page.locator("#evidence-status")).to_contain_text("Connection lost", timeout=30_000)
    with server(port, log):
        expect(page.locator("#evidence-status")).to_contain_text(f"Received: {source.name}", timeout=120_000)
        expect(page.locator("#evidence-status")).to_contain_text(sha)
    item = CaseFile.objects.get()
    assert (item.sha256, item.size) == (sha, len(data))
    assert (Path(settings.MEDIA_ROOT) / item.path).stat().st_size == len(data)
    assert list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True)) == ["received"]
    assert custody.verify_custody(case.pk).ok
    context.close()
