"""The OCR of a scanned original as a background job: the upload stores the file at once with its text
pending, the job ``judgments.read_original`` reads it (in-process here, as on the embedded default where no
broker is configured), the panel shows pending, failed and the text read, and a failure or a worker lost in
the middle loses nothing: the reading is queued again."""

from __future__ import annotations

import datetime
import io
import os
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from ecourt.jobs.models import Job, JobStatus
from ecourt.judgments import originals
from ecourt.judgments.access import JudgmentNotFound
from ecourt.judgments.models import ExtractionMethod, ExtractionStatus, Judgment, JudgmentFile, JudgmentPublication
from ecourt.judgments.tests.test_originals import (
    VIETNAMESE,
    _ocr_or_skip,
    docx_bytes,
    image_bytes,
    scan_image,
    stored_files,
    text_pdf,
)
from ecourt.judgments.tests.test_publication import case_judgment, effective_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(clerk: Any, president: Any, judge: Any, court: Any) -> Judgment:
    case = effective_case(clerk=clerk, president=president, judge=judge, court=court)
    return case_judgment(case, court, text="")


def panel(client: Any, judgment: Judgment) -> str:
    content: bytes = client.get(reverse("judgments:publication", args=[judgment.pk])).content
    return content.decode()


def words_missing(text: str, expected: str) -> list[str]:
    words = text.split()
    return [w for w in expected.split() if w not in words]


def test_a_scan_is_stored_at_once_and_read_by_the_job(
    client: Any, awaiting: Judgment, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ocr_or_skip()
    client.force_login(judge)
    with django_capture_on_commit_callbacks() as queued:
        original = originals.attach_original(
            awaiting, image_bytes(scan_image([VIETNAMESE]), "PNG"), "scan.png", actor=judge
        )

    # Stored and committed before any OCR: the row, the file, a queued job; no text yet.
    original.refresh_from_db()
    assert original.extraction == ExtractionStatus.PENDING
    assert original.text == ""
    assert original.method == ExtractionMethod.OCR
    assert len(stored_files()) == 1
    job = Job.objects.get(kind=originals.READ_JOB)
    assert (job.params, job.status, job.created_by_id) == ({"file": original.pk}, JobStatus.QUEUED, judge.pk)
    assert JudgmentPublication.objects.get(judgment=awaiting).source_text == ""
    assert 'data-extraction="pending"' in panel(client, awaiting)
    assert len(queued) == 1

    queued[0]()  # the commit hands the job to the worker: the real task, in-process (CELERY_TASK_ALWAYS_EAGER)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    original.refresh_from_db()
    assert original.extraction == ExtractionStatus.DONE
    assert original.ocr_pages == [1]
    assert words_missing(original.text, VIETNAMESE) == []
    # The text read becomes the signed text that publication anonymizes, as a text file's does at once.
    assert JudgmentPublication.objects.get(judgment=awaiting).source_text == original.text
    html = panel(client, awaiting)
    assert 'data-extraction="done"' in html
    assert "Phú Lộc" in html


def test_a_pdf_with_a_text_layer_and_a_docx_are_read_at_once(awaiting: Judgment, judge: Any) -> None:
    pdf = originals.attach_original(awaiting, text_pdf("BAN AN SO 01/2025/DS-ST"), "a.pdf", actor=judge)
    doc = originals.attach_original(awaiting, docx_bytes("BẢN ÁN SỐ: 02/2025/DS-ST"), "b.docx", actor=judge)
    assert (pdf.extraction, doc.extraction) == (ExtractionStatus.DONE, ExtractionStatus.DONE)
    assert "BAN AN SO 01/2025/DS-ST" in pdf.text
    assert "02/2025/DS-ST" in doc.text
    assert not Job.objects.filter(kind=originals.READ_JOB).exists()


def test_a_failed_reading_keeps_the_file_and_is_retried_from_the_panel(
    client: Any,
    awaiting: Judgment,
    judge: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A scanned page beside a text page (a mixed PDF); the worker has no OCR when the job runs."""
    _ocr_or_skip()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf("PHAN QUYET DINH: buoc bi don tra tien cho nguyen don"))))
    writer.append(PdfReader(io.BytesIO(image_bytes(scan_image([VIETNAMESE]), "PDF"))))
    out = io.BytesIO()
    writer.write(out)
    with django_capture_on_commit_callbacks() as queued:
        original = originals.attach_original(awaiting, out.getvalue(), "mixed.pdf", actor=judge)
    assert (original.extraction, original.method, original.ocr_pages) == (
        ExtractionStatus.PENDING,
        ExtractionMethod.MIXED,
        [2],
    )

    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", "/nonexistent")  # a worker without tesseract
    queued[0]()
    monkeypatch.setenv("PATH", path)

    original.refresh_from_db()
    assert original.extraction == ExtractionStatus.FAILED
    assert "OCR" in original.extraction_error
    assert Job.objects.get(kind=originals.READ_JOB).status == JobStatus.FAILED
    assert len(stored_files()) == 1  # nothing lost
    client.force_login(judge)
    html = panel(client, awaiting)
    assert 'data-extraction="failed"' in html
    assert 'value="retry_extraction"' in html

    url = reverse("judgments:publication", args=[awaiting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry_extraction", "file": original.pk})
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.extraction == ExtractionStatus.DONE
    assert original.extraction_error == ""
    first, second = original.text.split("\n\n", 1)
    assert "PHAN QUYET DINH" in first
    assert words_missing(second, VIETNAMESE) == []
    assert list(Job.objects.filter(kind=originals.READ_JOB).order_by("id").values_list("status", flat=True)) == [
        JobStatus.FAILED,
        JobStatus.SUCCEEDED,
    ]
    assert 'value="retry_extraction"' not in panel(client, awaiting)


def test_a_reading_lost_with_its_worker_is_queued_again_but_a_running_one_is_not(
    client: Any, awaiting: Judgment, judge: Any, colleague: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ocr_or_skip()
    with django_capture_on_commit_callbacks():  # the job is not run: a worker takes it, then dies
        original = originals.attach_original(
            awaiting, image_bytes(scan_image([VIETNAMESE]), "PNG"), "scan.png", actor=judge
        )
    job = Job.objects.get(kind=originals.READ_JOB)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    original.refresh_from_db()
    assert not originals.may_retry(original)
    with pytest.raises(originals.OriginalFileError):
        originals.retry_extraction(judge, original.pk)

    lost = timezone.now() - originals.STALE_AFTER - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(started_at=lost)
    assert originals.may_retry(original)
    with pytest.raises(JudgmentNotFound):  # only who may publish the judgment
        originals.retry_extraction(colleague, original.pk)
    with django_capture_on_commit_callbacks(execute=True):
        originals.retry_extraction(judge, original.pk)
    original.refresh_from_db()
    assert original.extraction == ExtractionStatus.DONE
    assert words_missing(original.text, VIETNAMESE) == []
    # The lost worker's delivery, if it ever comes back, finds the text read and changes nothing.
    assert originals.read_original(original.pk) == {"file": original.pk, "skipped": True}
    assert JudgmentFile.objects.get(pk=original.pk).text == original.text
