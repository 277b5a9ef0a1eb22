"""The case file: streamed, hash-addressed storage; the custody chain; RFC 3161 timestamps from a
real local TSA (certomancer); the access function with the judge of the case, a colleague not on it
and an outsider."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

from ecourt.cases.access import CaseNotFound
from ecourt.cases.factories import accepted_case
from ecourt.evidence import custody, services, timestamps
from ecourt.evidence.models import CaseFile, CustodyAction, CustodyEvent, CustodyHead, TimestampStatus
from ecourt.evidence.storage import EvidenceFileError, receive_stream
from ecourt.evidence.tests.tsa import TestTSA

pytestmark = pytest.mark.django_db

# A real (tiny) PDF: the bytes received are hashed and stored as they are.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def case(clerk, president, judge, court):
    return accepted_case(clerk=clerk, president=president, judge=judge, court=court)


@pytest.fixture
def tsa(tmp_path):
    directory = tmp_path / "tsa"
    directory.mkdir()
    return TestTSA.create(directory)


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_receipt_streams_hashes_and_stores_by_hash(case, judge, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "đơn khởi kiện.pdf")
    sha = hashlib.sha256(PDF).hexdigest()
    assert (item.sha256, item.size, item.content_type) == (sha, len(PDF), "application/pdf")
    assert item.path == f"evidence/{sha[:2]}/{sha}.pdf"
    assert (Path(settings.MEDIA_ROOT) / item.path).read_bytes() == PDF
    assert _stored_files() == [Path(settings.MEDIA_ROOT) / item.path]  # no temporary file left
    assert item.uploaded_by == judge
    assert item.name == "đơn khởi kiện.pdf"
    # No TSA: recorded as pending, never with a made-up time.
    assert item.timestamp_status == TimestampStatus.PENDING
    assert item.timestamp_at is None
    assert not item.timestamp_token
    events = list(CustodyEvent.objects.filter(case=case))
    assert [(e.seq, e.action, e.actor_id) for e in events] == [(1, CustodyAction.RECEIVED, judge.pk)]
    # The same bytes again: the same item.
    assert services.receive(judge, case.pk, io.BytesIO(PDF), "copy.pdf").pk == item.pk


def test_docx_is_recognised_from_its_content(case, judge, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(_docx()), "biên bản.docx")
    assert item.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "chứng cứ.pdf", "not of an accepted type"),  # an executable named .pdf
        (PDF, "ảnh.jpg", "does not match its extension"),  # a PDF disguised as an image
        (b"", "trống.pdf", "is empty"),
        (b"PK\x03\x04" + b"\x00" * 50, "x.docx", "not of an accepted type"),  # a ZIP that is not a DOCX
    ],
)
def test_refused_file_leaves_nothing(case, judge, data, name, message):
    with translation.override("en"), pytest.raises(EvidenceFileError, match=message):
        services.receive(judge, case.pk, io.BytesIO(data), name)
    assert not CaseFile.objects.exists()
    assert not CustodyEvent.objects.exists()
    assert _stored_files() == []


def test_size_limit_is_checked_while_streaming():
    chunks = iter([PDF] + [b"0" * 1024] * 10)
    with translation.override("en"), pytest.raises(EvidenceFileError, match="larger than"):
        receive_stream(chunks, "big.pdf", max_bytes=4096)
    assert _stored_files() == []


def test_chain_verifies_and_detects_tampering_and_deletion(case, judge, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "a.pdf")
    services.view(judge, item.pk)
    _, handle = services.open_download(judge, item.pk)
    assert handle.read() == PDF
    handle.close()
    services.transfer(judge, item.pk, to="Tòa án nhân dân cấp cao tại Hà Nội", reason="kháng cáo")
    services.record_export(judge, item.pk, package="hồ sơ phúc thẩm")
    actions = list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["received", "viewed", "downloaded", "transferred", "exported"]
    assert custody.verify_custody(case.pk).ok
    assert custody.verify_custody(case.pk).checked == 5

    with pytest.raises(ValueError, match="append-only"):
        CustodyEvent.objects.get(case=case, seq=2).save()
    # Changed behind the model's back (a direct UPDATE): found.
    CustodyEvent.objects.filter(case=case, seq=3).update(detail={"by": "someone else"})
    report = custody.verify_custody(case.pk)
    assert (report.ok, report.broken_at) == (False, 3)


def test_chain_detects_removed_events(case, judge, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "a.pdf")
    services.view(judge, item.pk)
    services.view(judge, item.pk)
    CustodyEvent.objects.filter(case=case, seq=2).delete()  # queryset delete bypasses the model
    assert custody.verify_custody(case.pk).broken_at == 2
    CustodyEvent.objects.filter(case=case, seq=3).delete()  # now the last ones are gone: the head says so
    report = custody.verify_custody(case.pk)
    assert not report.ok
    assert "head records #3" in report.reason
    assert CustodyHead.objects.get(case=case).seq == 3


def test_access_judge_colleague_outsider(case, judge, colleague, outsider, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "a.pdf")
    assert services.view(judge, item.pk) == item
    # A colleague of the court sees the case but not its evidence; an outsider does not learn it exists.
    with pytest.raises(PermissionDenied):
        services.view(colleague, item.pk)
    with pytest.raises(CaseNotFound):
        services.open_download(outsider, item.pk)
    with pytest.raises(PermissionDenied):
        services.receive(colleague, case.pk, io.BytesIO(_docx()), "b.docx")
    with pytest.raises(CaseNotFound):
        services.receive(outsider, case.pk, io.BytesIO(_docx()), "b.docx")
    # Refusals add nothing to the chain.
    assert CustodyEvent.objects.filter(case=case).count() == 2


def test_timestamp_with_in_process_tsa_is_stored_and_verifiable(case, judge, tsa, settings):
    settings.EVIDENCE_TSA_URL = None
    item = services.receive(judge, case.pk, io.BytesIO(PDF), "a.pdf")
    assert item.timestamp_status == TimestampStatus.PENDING
    item = timestamps.stamp(item, tsa.dummy())
    assert item.timestamp_status == TimestampStatus.STAMPED
    assert item.timestamp_at is not None
    check = timestamps.verify_timestamp(item, [tsa.root()])
    assert check.ok
    assert check.gen_time == item.timestamp_at
    # The token does not cover other bytes.
    item.sha256 = hashlib.sha256(b"other").hexdigest()
    assert not timestamps.verify_timestamp(item, [tsa.root()]).ok
    assert list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "received",
        "timestamped",
    ]
    assert custody.verify_custody(case.pk).ok


def test_timestamp_from_certomancer_over_http_and_pending_retry(case, judge, tsa, settings):
    # Received while no TSA is configured: pending; the job stamps it once one is.
    settings.EVIDENCE_TSA_URL = None
    pending = services.receive(judge, case.pk, io.BytesIO(_docx()), "b.docx")
    assert pending.timestamp_status == TimestampStatus.PENDING
    assert timestamps.stamp_pending() == {"pending": 1, "stamped": 0}
    with tsa.serve() as url:
        settings.EVIDENCE_TSA_URL = url
        item = services.receive(judge, case.pk, io.BytesIO(PDF), "a.pdf")
        assert item.timestamp_status == TimestampStatus.STAMPED, item.timestamp_error
        assert item.timestamp_tsa == url
        assert timestamps.stamp_pending() == {"pending": 0, "stamped": 1}
    pending.refresh_from_db()
    for stamped in (item, pending):
        assert timestamps.verify_timestamp(stamped, [tsa.root()]).ok
    # A TSA that does not answer: still pending, with the reason, for the next retry.
    settings.EVIDENCE_TSA_URL = url
    third = services.receive(judge, case.pk, io.BytesIO(PDF + b"%x\n"), "c.pdf")
    assert third.timestamp_status == TimestampStatus.PENDING
    assert third.timestamp_attempts == 1
    assert third.timestamp_error


def test_upload_and_download_views(client, case, judge, colleague, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.EVIDENCE_TSA_URL = None
    client.force_login(judge)
    url = reverse("evidence:receive", args=[case.pk])
    response = client.post(url, {"file": SimpleUploadedFile("đơn.pdf", PDF), "kind": "evidence"})
    assert response.status_code == 201
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["timestamp"] == "pending"
    refused = client.post(url, {"file": SimpleUploadedFile("ảnh.png", PDF)}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    download = client.get(reverse("evidence:download", args=[body["id"]]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(colleague)
    assert client.get(reverse("evidence:download", args=[body["id"]])).status_code == 403
    actions = list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["received", "downloaded"]
