"""The case file page and the preview of each file: inline for PDF and images (with nosniff and a CSP
that loads nothing), text as text, others download-only; every preview through the access function and
in the custody chain. The text of scans read by OCR in the background (tesseract -l vie), with its
pending, failed and retry states."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ecourt.cases.factories import accepted_case
from ecourt.evidence import ocr, services
from ecourt.evidence.models import CaseFile, CustodyEvent, OcrStatus
from ecourt.evidence.tests.test_evidence import PDF, _docx
from ecourt.jobs.models import Job, JobStatus
from ecourt.judgments.tests.test_originals import VIETNAMESE, _ocr_or_skip, image_bytes, scan_image, text_pdf

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def case(clerk, president, judge, court):
    return accepted_case(clerk=clerk, president=president, judge=judge, court=court)


@pytest.fixture(autouse=True)
def english_no_tsa(client, settings):
    client.cookies["django_language"] = "en"
    settings.EVIDENCE_TSA_URL = None


def actions(case) -> list[tuple[str, dict[str, object]]]:
    return list(CustodyEvent.objects.filter(case=case).values_list("action", "detail"))


def test_pdf_preview_inline_with_safe_headers(client, case, judge, colleague, outsider):
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "đơn khởi kiện.pdf")
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk]))
    assert page.status_code == 200
    assert f'<iframe src="/evidence/files/{item.pk}/inline/"'.encode() in page.content
    assert item.sha256.encode() in page.content
    inline = client.get(reverse("evidence:inline", args=[item.pk]))
    assert inline.status_code == 200
    assert b"".join(inline.streaming_content) == PDF
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in inline["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert inline["Cache-Control"] == "private, no-store"
    assert actions(case) == [
        (
            "received",
            {"name": "đơn khởi kiện.pdf", "sha256": item.sha256, "size": len(PDF), "content_type": "application/pdf"},
        ),
        ("viewed", {}),
        ("viewed", {"inline": True}),
    ]
    # A colleague of the court may not open it; an outsider does not learn it exists. Nothing recorded.
    for other, status in ((colleague, 403), (outsider, 404)):
        client.force_login(other)
        assert client.get(reverse("evidence:preview", args=[item.pk])).status_code == status
        assert client.get(reverse("evidence:inline", args=[item.pk])).status_code == status
    assert len(actions(case)) == 3


def test_image_inline_is_sandboxed(client, case, judge):
    item = services.receive(judge, case.pk, io.BytesIO(PNG), "ảnh hiện trường.png")
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk]))
    assert f'<img src="/evidence/files/{item.pk}/inline/"'.encode() in page.content
    inline = client.get(reverse("evidence:inline", args=[item.pk]))
    assert inline["Content-Type"] == "image/png"
    assert inline["Content-Security-Policy"].endswith("sandbox")
    assert inline["X-Content-Type-Options"] == "nosniff"


def test_text_shown_as_text_and_escaped(client, case, judge):
    text = "Biên bản lấy lời khai <script>alert(1)</script>\nNgày 12/3/2026".encode()
    item = services.receive(judge, case.pk, io.BytesIO(text), "lời khai.txt")
    assert item.content_type == "text/plain"
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk]))
    content = page.content.decode()
    assert "Biên bản lấy lời khai &lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    inline = client.get(reverse("evidence:inline", args=[item.pk]))
    assert inline["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in inline["Content-Security-Policy"]


def test_other_types_are_download_only(client, case, judge):
    item = services.receive(judge, case.pk, io.BytesIO(_docx()), "biên bản.docx")
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk]))
    assert b"cannot be shown in the browser" in page.content
    assert b"/inline/" not in page.content
    assert client.get(reverse("evidence:inline", args=[item.pk])).status_code == 404
    assert [a for a, _d in actions(case)] == ["received", "viewed"]  # the page view only


def test_case_file_page_lists_files_and_offers_the_resumable_form(client, case, judge, colleague, outsider):
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "đơn.pdf")
    client.force_login(judge)
    page = client.get(reverse("evidence:receive", args=[case.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("evidence:preview", args=[item.pk]) in content
    assert 'id="evidence-upload"' in content
    assert 'data-endpoint="/evidence/uploads/"' in content
    assert "js/tus-upload.js" in content
    client.force_login(colleague)
    assert client.get(reverse("evidence:receive", args=[case.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("evidence:receive", args=[case.pk])).status_code == 404


def test_one_request_upload_still_works(client, case, judge):
    client.force_login(judge)
    response = client.post(reverse("evidence:receive", args=[case.pk]), {"file": SimpleUploadedFile("đơn.pdf", PDF)})
    assert response.status_code == 201
    assert response.json()["ocr"] == "pending"


def test_ocr_of_a_scan_after_receipt(client, case, judge, django_capture_on_commit_callbacks):
    _ocr_or_skip()
    scan = image_bytes(scan_image([VIETNAMESE]), "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        item = services.receive(judge, case.pk, io.BytesIO(scan), "biên bản scan.png")
    assert item.ocr_status == OcrStatus.PENDING  # the receipt did not wait for it
    item.refresh_from_db()
    assert item.ocr_status == OcrStatus.DONE, item.ocr_error
    assert "Tòa án nhân dân" in item.ocr_text
    assert item.ocr_method == "ocr"
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk])).content.decode()
    assert "Text read from the file" in page
    assert "Tòa án nhân dân" in page
    # A PDF with a text layer is read without OCR.
    with django_capture_on_commit_callbacks(execute=True):
        layered = services.receive(judge, case.pk, io.BytesIO(text_pdf("Ban an so 12/2026/DS-ST")), "bản án.pdf")
    layered.refresh_from_db()
    assert (layered.ocr_status, layered.ocr_method) == (OcrStatus.DONE, "text_layer")
    assert "Ban an so 12/2026/DS-ST" in layered.ocr_text


def test_ocr_failure_is_recorded_and_retried(
    client, case, judge, colleague, monkeypatch, django_capture_on_commit_callbacks
):
    _ocr_or_skip()
    scan = image_bytes(scan_image([VIETNAMESE]), "PNG")
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", "/nonexistent")  # a worker without tesseract
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        item = services.receive(judge, case.pk, io.BytesIO(scan), "scan.png")
    item.refresh_from_db()
    assert item.ocr_status == OcrStatus.FAILED
    assert "OCR is not installed" in item.ocr_error
    assert Job.objects.get(kind=ocr.READ_JOB).status == JobStatus.FAILED
    client.force_login(judge)
    page = client.get(reverse("evidence:preview", args=[item.pk])).content.decode()
    assert "OCR is not installed" in page
    assert "Read the text again" in page
    # A colleague may not ask for it; the judge of the case may, once the worker has tesseract.
    client.force_login(colleague)
    assert client.post(reverse("evidence:retry_ocr", args=[item.pk])).status_code == 403
    monkeypatch.setenv("PATH", path)
    client.force_login(judge)
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("evidence:retry_ocr", args=[item.pk]))
    assert (retried.status_code, retried["Location"]) == (302, reverse("evidence:preview", args=[item.pk]))
    item.refresh_from_db()
    assert item.ocr_status == OcrStatus.DONE
    assert "Tòa án nhân dân" in item.ocr_text
    # Done: no retry offered or taken.
    assert client.post(reverse("evidence:retry_ocr", args=[item.pk])).status_code == 409
    assert CaseFile.objects.count() == 1
