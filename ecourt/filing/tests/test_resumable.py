"""Files of a draft petition sent by the resumable upload: the test client speaks tus 1.0.0 to
/evidence/uploads/ (POST, PATCH in parts) as the page's script does, then posts the upload's id to
/filing/<pk>/uploads/resumable/. The file is listed with the draft like a one-request upload (same row,
same hash), enters the case file on submission (custody, OCR queued), and every refusal changes nothing."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ecourt.audit.models import Action, AuditEntry
from ecourt.evidence import ocr
from ecourt.evidence.models import CaseFile, CustodyEvent, FileKind, OcrStatus, TimestampStatus, Upload, UploadState
from ecourt.filing import services
from ecourt.filing.models import Filing, FilingStatus, FilingUpload, UploadKind
from ecourt.jobs.models import Job

from .conftest import EXE, PDF, PNG, upload

pytestmark = pytest.mark.django_db

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
TUS_URL = "/evidence/uploads/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def english_no_tsa(client: Any, settings: Any) -> None:
    client.cookies["django_language"] = "en"
    settings.EVIDENCE_TSA_URL = None


def metadata(**values: object) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def big_pdf(size: int) -> bytes:
    """A PDF of ``size`` bytes: a real tiny PDF followed by a comment of random bytes."""
    return PDF + b"%" + os.urandom(size - len(PDF) - 2) + b"\n"


def tus_create(client: Any, data: bytes, name: str, kind: str = "evidence", filing: Filing | None = None) -> Any:
    meta = {"filename": name, "kind": kind}
    if filing is not None:
        meta["filing"] = str(filing.pk)
    return client.post(TUS_URL, HTTP_UPLOAD_LENGTH=str(len(data)), HTTP_UPLOAD_METADATA=metadata(**meta), **TUS)


def tus_patch(client: Any, location: str, offset: int, body: bytes) -> Any:
    kind = "application/offset+octet-stream"
    extra = {"CONTENT_TYPE": kind, "HTTP_UPLOAD_OFFSET": str(offset), **TUS}
    return client.generic("PATCH", location, body, content_type=kind, **extra)


def tus_send(
    client: Any, data: bytes, name: str, *, chunk: int = 100_000, stop_at: int | None = None
) -> tuple[str, Any]:
    """Create an upload with no case and send ``data`` in parts (up to ``stop_at`` bytes); the upload's id
    and the last PATCH's answer."""
    created = tus_create(client, data, name)
    assert created.status_code == 201, created.content
    location = created["Location"]
    offset, response = 0, created
    end = len(data) if stop_at is None else stop_at
    while offset < end:
        response = tus_patch(client, location, offset, data[offset : min(offset + chunk, end)])
        assert response.status_code == 204, response.content
        offset = int(response["Upload-Offset"])
    return location.rstrip("/").rsplit("/", 1)[-1], response


def take(client: Any, filing: Filing, upload_id: str, kind: str = "evidence", **extra: Any) -> Any:
    return client.post(
        reverse("filing:take_resumable", args=[filing.pk]), {"upload": upload_id, "kind": kind}, **{**JSON, **extra}
    )


def test_large_evidence_goes_through_tus_into_the_draft_and_the_case(
    client: Any, filer: Any, draft: Filing, settings: Any
) -> None:
    settings.FILING_MAX_FILE_BYTES = 200_000  # the one-request form's limit; the resumable path allows more
    client.force_login(filer)
    data = big_pdf(450_000)
    sha = hashlib.sha256(data).hexdigest()

    # The plain form refuses a file over its limit, with the reason, and keeps nothing.
    refused = client.post(
        reverse("filing:uploads", args=[draft.pk]), {"kind": "evidence", "file": upload("to.pdf", data)}
    )
    assert refused.status_code == 422
    assert "to.pdf is larger than" in refused.content.decode()
    assert draft.uploads.count() == 2

    upload_id, last = tus_send(client, data, "bản ghi cuộc họp.pdf")
    assert last["Evidence-Upload-State"] == "complete"
    assert last["Evidence-Sha256"] == sha
    upload_row = Upload.objects.get(pk=upload_id)
    assert (upload_row.created_by, upload_row.case_id, upload_row.state) == (filer, None, UploadState.COMPLETE)

    answer = take(client, draft, upload_id)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["name"], body["size"], body["sha256"], body["kind"]) == (
        "bản ghi cuộc họp.pdf",
        len(data),
        sha,
        "evidence",
    )
    assert body["redirect"] == reverse("filing:uploads", args=[draft.pk])
    item = FilingUpload.objects.get(pk=body["id"])
    assert (item.filing, item.kind, item.content_type, item.size, item.sha256) == (
        draft,
        UploadKind.EVIDENCE,
        "application/pdf",
        len(data),
        sha,
    )
    assert hashlib.sha256((Path(settings.MEDIA_ROOT) / item.path).read_bytes()).hexdigest() == sha
    page = client.get(body["redirect"]).content.decode()  # the page the script reloads
    assert "bản ghi cuộc họp.pdf received" in page
    assert f"SHA-256 {sha}" in page

    # The same upload again: the same bytes are attached once.
    again = take(client, draft, upload_id)
    assert again.status_code == 422
    assert "already attached" in again.json()["error"]

    assert client.post(reverse("filing:submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == FilingStatus.SUBMITTED
    item.refresh_from_db()
    assert item.case_file is not None
    case_file = item.case_file
    assert (case_file.case_id, case_file.sha256, case_file.size, case_file.kind) == (
        draft.case_id,
        sha,
        len(data),
        FileKind.EVIDENCE,
    )
    received = CustodyEvent.objects.get(item=case_file, action="received")
    assert received.detail["channel"] == "online"
    assert received.detail["sha256"] == sha
    # Received like any other case file: the text of a PDF queued for reading, the timestamp pending.
    assert case_file.ocr_status == OcrStatus.PENDING
    assert Job.objects.filter(kind=ocr.READ_JOB, params__item=case_file.pk).count() == 1
    assert case_file.timestamp_status == TimestampStatus.PENDING
    png = CaseFile.objects.get(case=draft.case, name="hop-dong.png")
    assert Job.objects.filter(kind=ocr.READ_JOB, params__item=png.pk).count() == 1


def test_the_petition_itself_through_tus_and_the_petition_rule(
    client: Any, filer: Any, court_map: dict[str, Any]
) -> None:
    client.force_login(filer)
    filing = services.create_draft(filer, court=court_map["one"], case_type="DS")
    image = PNG + os.urandom(150_000)
    image_id, _last = tus_send(client, image, "đơn.png")
    refused = take(client, filing, image_id, kind="petition")
    assert refused.status_code == 422
    assert refused.json()["error"] == "The petition itself must be a PDF or a Word (.docx) document."
    assert not filing.uploads.exists()

    petition = big_pdf(160_000)
    petition_id, _last = tus_send(client, petition, "đơn khởi kiện.pdf")
    assert take(client, filing, petition_id, kind="petition").status_code == 201
    listed = filing.uploads.get()
    assert (listed.kind, listed.name, listed.sha256) == (
        UploadKind.PETITION,
        "đơn khởi kiện.pdf",
        hashlib.sha256(petition).hexdigest(),
    )
    assert "Upload the petition document." not in services.problems(filing)
    bad_kind = take(client, filing, image_id, kind="judgment")
    assert bad_kind.status_code == 422
    assert bad_kind.json()["error"] == "Unknown kind of file."


def test_another_users_upload_is_not_found(client: Any, filer: Any, other_citizen: Any, draft: Filing) -> None:
    client.force_login(other_citizen)
    upload_id, _last = tus_send(client, big_pdf(120_000), "của người khác.pdf")
    client.force_login(filer)
    refused = take(client, draft, upload_id)
    assert refused.status_code == 404
    assert "No such upload" in refused.json()["error"]
    assert draft.uploads.count() == 2
    assert AuditEntry.objects.filter(
        actor_id=filer.pk, action=Action.DENIED, object_type="evidence_upload", object_id=upload_id
    ).exists()
    # Nor can the other citizen use their own upload on the filer's draft (not found either).
    client.force_login(other_citizen)
    assert take(client, draft, upload_id).status_code == 404
    assert draft.uploads.count() == 2


def test_unknown_incomplete_and_refused_uploads_are_refused(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    for unknown in ("", "not-a-uuid", "6d1f0f8e-8f6b-4f38-9a43-3f3c1c1d2a11"):
        answer = take(client, draft, unknown)
        assert answer.status_code == 404
        assert "No such upload" in answer.json()["error"]

    data = big_pdf(300_000)
    upload_id, _last = tus_send(client, data, "dở dang.pdf", stop_at=100_000)
    incomplete = take(client, draft, upload_id)
    assert incomplete.status_code == 409
    assert incomplete.json()["error"] == (
        "dở dang.pdf is not fully uploaded yet (100000 of 300000 bytes); choose it again to resume."
    )

    # A disguised file is refused by the upload itself at its first bytes, then here with the reason.
    disguised = EXE + os.urandom(150_000)
    created = tus_create(client, disguised, "hợp đồng.pdf")
    location = created["Location"]
    stopped = tus_patch(client, location, 0, disguised[:100_000])
    assert stopped.status_code == 415
    assert "is not of an accepted type" in stopped.json()["error"]
    disguised_id = location.rstrip("/").rsplit("/", 1)[-1]
    assert Upload.objects.get(pk=disguised_id).state == UploadState.REFUSED
    refused = take(client, draft, disguised_id)
    assert refused.status_code == 409
    assert refused.json()["error"].startswith("hợp đồng.pdf was refused: ")
    assert "is not of an accepted type" in refused.json()["error"]
    assert draft.uploads.count() == 2


def test_the_filings_own_limits(client: Any, filer: Any, draft: Filing, settings: Any) -> None:
    client.force_login(filer)
    settings.FILING_MAX_FILES = 2  # the draft has its petition and one piece of evidence already
    upload_id, _last = tus_send(client, big_pdf(120_000), "thêm.pdf")
    full = take(client, draft, upload_id)
    assert full.status_code == 422
    assert full.json()["error"] == "A petition can carry at most 2 files."

    settings.FILING_MAX_FILES = 30
    settings.EVIDENCE_UPLOAD_MAX_MB = 2
    large = big_pdf(int(1.5 * 1024 * 1024))
    large_id, _last = tus_send(client, large, "lớn.pdf", chunk=600_000)
    settings.EVIDENCE_UPLOAD_MAX_MB = 1  # lowered after the upload finished: checked again when taken
    too_large = take(client, draft, large_id)
    assert too_large.status_code == 409
    assert too_large.json()["error"] == "lớn.pdf is 1.5 MB; files of at most 1 MB are taken."
    assert draft.uploads.count() == 2


def test_a_submitted_petition_takes_no_more_files(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    services.submit(filer, draft.pk)
    upload_id, _last = tus_send(client, big_pdf(120_000), "muộn.pdf")
    late = take(client, draft, upload_id)
    assert late.status_code == 409
    assert late.json()["error"] == "This petition has been submitted and can no longer be changed."
    assert draft.uploads.count() == 2


def test_posted_as_a_plain_form_it_answers_like_the_upload_step(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    upload_id, _last = tus_send(client, big_pdf(120_000), "biên bản.pdf")
    url = reverse("filing:take_resumable", args=[draft.pk])
    response = client.post(url, {"upload": upload_id, "kind": "evidence"}, follow=True)
    assert response.redirect_chain == [(reverse("filing:uploads", args=[draft.pk]), 302)]
    assert "biên bản.pdf received" in response.content.decode()
    response = client.post(url, {"upload": "nothing", "kind": "evidence"}, follow=True)
    assert "No such upload" in response.content.decode()
    assert draft.uploads.count() == 3


def test_access_staff_and_other_filers(client: Any, filer: Any, other_citizen: Any, draft: Filing, judge: Any) -> None:
    client.force_login(filer)
    upload_id, _last = tus_send(client, big_pdf(120_000), "a.pdf")
    client.logout()
    anonymous = client.post(
        reverse("filing:take_resumable", args=[draft.pk]), {"upload": upload_id, "kind": "evidence"}
    )
    assert anonymous.status_code == 302  # to sign in
    client.force_login(judge)
    assert take(client, draft, upload_id).status_code == 403
    client.force_login(other_citizen)
    assert take(client, draft, upload_id).status_code == 404
    assert client.get(reverse("filing:take_resumable", args=[draft.pk])).status_code == 405
    assert draft.uploads.count() == 2


def test_the_page_offers_both_paths(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    page = client.get(reverse("filing:uploads", args=[draft.pk])).content.decode()
    # Without JavaScript: the multipart form, unchanged.
    assert f'action="{reverse("filing:uploads", args=[draft.pk])}" enctype="multipart/form-data"' in page
    assert 'name="file"' in page
    # With it: the tus client and the page script, the endpoints and the messages they need.
    assert "/static/js/tus-upload.js" in page
    assert "/static/filing/resumable.js" in page
    assert 'data-endpoint="/evidence/uploads/"' in page
    assert f'data-take="{reverse("filing:take_resumable", args=[draft.pk])}"' in page
    assert "Connection lost; resuming in {seconds} s…" in page
    assert "Resuming the earlier upload at {percent}%…" in page
    assert "up to 4096 MB a file" in page
