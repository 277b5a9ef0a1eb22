"""End to end in headless Chromium (Playwright): on the files step of a draft petition the page's script
sends a file with the resumable upload, goes on by itself after the server was killed (SIGKILL) and started
again in the middle, then has the file listed with the draft; the reloaded page shows it with its SHA-256.

Uses the server and browser set-up of the evidence app's end-to-end test (a real ``runserver`` process).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from ecourt.cases.tests import test_e2e_case_flow as flow
from ecourt.evidence.models import Upload
from ecourt.evidence.tests.server import english_page, free_port, kill_once_a_part_is_received, server
from ecourt.filing.models import Filing, UploadKind

from .conftest import PDF

pytestmark = pytest.mark.e2e
MB = 1024 * 1024
browser = flow.browser  # headless Chromium, as the cases flow opens it


def test_filing_page_uploads_in_parts_resumes_and_lists_the_file(
    transactional_db: None,
    browser: Any,
    client: Any,
    filer: Any,
    draft: Filing,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    client.force_login(filer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    source = tmp_path / "ghi âm buổi làm việc.pdf"
    data = PDF + b"%" + os.urandom(24 * MB)
    source.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    context, page = english_page(browser, session, base)
    with server(port, log) as first:
        page.goto(f"{base}/filing/{draft.pk}/uploads/")
        expect(page.locator("#filing-resumable-note")).to_be_visible()
        page.select_option("#id_kind", "evidence")
        page.set_input_files("#id_file", str(source))
        page.click("#filing-upload button[type=submit]")
        kill_once_a_part_is_received(first, log, 8 * MB)
    assert Upload.objects.get().offset < len(data)
    expect(page.locator("#filing-upload-status")).to_contain_text("Connection lost", timeout=30_000)
    with server(port, log):
        expect(page.locator(".file-list")).to_contain_text(f"SHA-256 {sha}", timeout=120_000)
        expect(page.locator("body")).to_contain_text(f"{source.name} received")
    item = draft.uploads.get(sha256=sha)
    assert (item.kind, item.name, item.size) == (UploadKind.EVIDENCE, source.name, len(data))
    assert (Path(settings.MEDIA_ROOT) / item.path).stat().st_size == len(data)
    context.close()
