"""Resumable uploads (tus 1.0.0) through the views: creation, PATCH at the offset, HEAD, termination,
expiry; refusals (wrong offset, too large, disguised type, another user) change nothing. The judge of
the case, a colleague not on it and an outsider, as everywhere."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ecourt.cases.factories import accepted_case
from ecourt.evidence import custody, uploads
from ecourt.evidence.models import CaseFile, CustodyEvent, Upload, UploadState
from ecourt.evidence.tests.test_evidence import PDF

pytestmark = pytest.mark.django_db

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
URL = "/evidence/uploads/"


@pytest.fixture
def case(clerk, president, judge, court):
    return accepted_case(clerk=clerk, president=president, judge=judge, court=court)


@pytest.fixture(autouse=True)
def english_no_tsa(client, settings):
    client.cookies["django_language"] = "en"
    settings.EVIDENCE_TSA_URL = None


def metadata(**values: object) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def big_pdf(size: int) -> bytes:
    """A PDF of ``size`` bytes: a real tiny PDF followed by a comment of random bytes."""
    padding = os.urandom(size - len(PDF) - 2)
    return PDF + b"%" + padding + b"\n"


def create(client, case, data: bytes, name: str = "chứng cứ.pdf", **extra: object):
    return client.post(
        URL,
        HTTP_UPLOAD_LENGTH=str(len(data)),
        HTTP_UPLOAD_METADATA=metadata(filename=name, case=case.pk, **extra),
        **TUS,
    )


def patch(client, location: str, offset: int, body: bytes):
    # CONTENT_TYPE given as a header too: the test client leaves it out of an empty body's request.
    kind = "application/offset+octet-stream"
    extra = {"CONTENT_TYPE": kind, "HTTP_UPLOAD_OFFSET": str(offset), **TUS}
    return client.generic("PATCH", location, body, content_type=kind, **extra)


def head(client, location: str):
    return client.head(location, **TUS)


def partial_files() -> list[Path]:
    directory = Path(settings.MEDIA_ROOT) / "evidence" / "uploads"
    return sorted(directory.glob("*.part")) if directory.exists() else []


def test_options_lists_version_extensions_and_limit(client, judge, settings):
    settings.EVIDENCE_UPLOAD_MAX_MB = 10
    response = client.options(URL)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert response["Tus-Max-Size"] == str(10 * 1024 * 1024)


def test_upload_in_parts_is_received_into_the_case(client, case, judge):
    client.force_login(judge)
    data = big_pdf(300_000)
    created = create(client, case, data, kind="pleading")
    assert created.status_code == 201, created.content
    location = created["Location"]
    assert location.startswith("http://testserver/evidence/uploads/")
    assert created["Tus-Resumable"] == "1.0.0"
    assert created["Upload-Offset"] == "0"
    assert "GMT" in created["Upload-Expires"]
    assert len(partial_files()) == 1
    offset = 0
    for size in (100_000, 100_000, 100_000):
        response = patch(client, location, offset, data[offset : offset + size])
        assert response.status_code == 204, response.content
        offset = int(response["Upload-Offset"])
        state = head(client, location)
        assert (state.status_code, state["Upload-Offset"], state["Upload-Length"]) == (200, str(offset), str(len(data)))
        assert state["Cache-Control"] == "no-store"
    assert offset == len(data)
    assert response["Evidence-Upload-State"] == "complete"
    item = CaseFile.objects.get(pk=int(response["Evidence-File-Id"]))
    sha = hashlib.sha256(data).hexdigest()
    assert (item.sha256, item.size, item.content_type, item.name, item.kind) == (
        sha,
        len(data),
        "application/pdf",
        "chứng cứ.pdf",
        "pleading",
    )
    assert (Path(settings.MEDIA_ROOT) / item.path).read_bytes() == data
    assert partial_files() == []
    assert list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True)) == ["received"]
    assert custody.verify_custody(case.pk).ok
    status = client.get(location).json()
    assert (status["state"], status["file"], status["sha256"]) == ("complete", item.pk, sha)
    # A complete upload takes no more bytes; a PATCH at its end changes nothing.
    again = patch(client, location, len(data), b"")
    assert again.status_code == 204
    assert CaseFile.objects.count() == 1


def test_wrong_offset_is_409_and_changes_nothing(client, case, judge):
    client.force_login(judge)
    data = big_pdf(50_000)
    location = create(client, case, data)["Location"]
    assert patch(client, location, 0, data[:20_000]).status_code == 204
    for wrong in (0, 10_000, 30_000):
        refused = patch(client, location, wrong, data[wrong : wrong + 5_000])
        assert refused.status_code == 409
        assert "20000" in refused.json()["error"]
    assert head(client, location)["Upload-Offset"] == "20000"
    assert partial_files()[0].stat().st_size == 20_000
    assert patch(client, location, 20_000, data[20_000:]).status_code == 204
    assert CaseFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_bytes_left_by_a_crashed_request_are_cut_away_not_doubled(client, case, judge):
    """A request killed after writing but before moving the offset leaves bytes past it: the next PATCH
    at the acknowledged offset writes over them (the real kill -9 is in test_upload_crash.py)."""
    client.force_login(judge)
    data = big_pdf(40_000)
    location = create(client, case, data)["Location"]
    assert patch(client, location, 0, data[:10_000]).status_code == 204
    with partial_files()[0].open("ab") as part:
        part.write(data[10_000:17_000])  # written, never acknowledged
    assert head(client, location)["Upload-Offset"] == "10000"
    assert patch(client, location, 10_000, data[10_000:]).status_code == 204
    item = CaseFile.objects.get()
    assert item.size == len(data)
    assert item.sha256 == hashlib.sha256(data).hexdigest()


def test_too_large_is_refused_up_front_with_413(client, case, judge, settings):
    settings.EVIDENCE_UPLOAD_MAX_MB = 1
    client.force_login(judge)
    response = client.post(
        URL,
        HTTP_UPLOAD_LENGTH=str(5 * 1024 * 1024),
        HTTP_UPLOAD_METADATA=metadata(filename="video.mp4", case=case.pk),
        **TUS,
    )
    assert response.status_code == 413
    assert response.json()["error"] == "video.mp4 is 5.0 MB; files of at most 1 MB are taken."
    assert not Upload.objects.exists()
    assert partial_files() == []
    # More bytes than announced in a PATCH: 413, nothing written.
    data = big_pdf(10_000)
    location = create(client, case, data)["Location"]
    over = patch(client, location, 0, data + b"extra")
    assert over.status_code == 413
    assert head(client, location)["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    ("head_bytes", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 5000, "chứng cứ.pdf", "is not of an accepted type"),  # an executable named .pdf
        (PDF + b"%" + b"x" * 5000, "ảnh.jpg", "does not match its extension"),  # a PDF disguised as an image
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000, "note.txt", "does not match its extension"),
    ],
)
def test_disguised_type_is_refused_at_its_first_bytes(client, case, judge, head_bytes, name, message):
    client.force_login(judge)
    data = head_bytes + os.urandom(200_000)
    location = create(client, case, data, name=name)["Location"]
    refused = patch(client, location, 0, data[:8192])
    assert refused.status_code == 415
    assert message in refused.json()["error"]
    assert partial_files() == []  # the partial data is removed
    gone = head(client, location)
    assert gone.status_code == 410
    assert patch(client, location, 8192, data[8192:]).status_code == 410
    assert not CaseFile.objects.exists()
    assert not CustodyEvent.objects.exists()


def test_zip_that_is_not_an_office_file_is_refused_at_the_end(client, case, judge):
    client.force_login(judge)
    data = b"PK\x03\x04" + os.urandom(10_000)
    location = create(client, case, data, name="biên bản.docx")["Location"]
    refused = patch(client, location, 0, data)
    assert refused.status_code == 415
    assert "not of an accepted type" in refused.json()["error"]
    assert partial_files() == []
    assert not CaseFile.objects.exists()
    assert list((Path(settings.MEDIA_ROOT) / "evidence").rglob("*.docx")) == []


def test_text_files_are_utf8_throughout(client, case, judge):
    client.force_login(judge)
    text = ("Biên bản hòa giải ngày 12/3/2026.\n" * 300).encode()
    location = create(client, case, text, name="biên bản.txt")["Location"]
    assert patch(client, location, 0, text).status_code == 204
    assert CaseFile.objects.get().content_type == "text/plain"
    broken = ("Lời khai\n" * 1000).encode() + b"\xff\xfe"
    location = create(client, case, broken, name="lời khai.txt")["Location"]
    refused = patch(client, location, 0, broken)
    assert refused.status_code == 415
    assert "not a UTF-8 text file" in refused.json()["error"]
    assert CaseFile.objects.count() == 1


def test_only_the_creator_may_continue_and_only_people_on_the_case_may_start(
    client, case, judge, colleague, outsider, clerk, django_user_model
):
    client.force_login(judge)
    data = big_pdf(30_000)
    location = create(client, case, data)["Location"]
    assert patch(client, location, 0, data[:10_000]).status_code == 204
    for other in (colleague, outsider, clerk):
        client.force_login(other)
        assert head(client, location).status_code == 404
        assert patch(client, location, 10_000, data[10_000:]).status_code == 404
        assert client.delete(location, **TUS).status_code == 404
        assert client.get(location).status_code == 404
    client.logout()
    assert head(client, location).status_code == 401
    assert patch(client, location, 10_000, data[10_000:]).status_code == 401
    upload = Upload.objects.get()
    assert (upload.offset, upload.state) == (10_000, UploadState.RECEIVING)
    assert partial_files()[0].stat().st_size == 10_000
    # Starting an upload into the case: a colleague is refused, an outsider does not learn it exists.
    client.force_login(colleague)
    assert create(client, case, data).status_code == 403
    client.force_login(outsider)
    assert create(client, case, data).status_code == 404
    assert Upload.objects.count() == 1
    # The creator finishes it.
    client.force_login(judge)
    assert patch(client, location, 10_000, data[10_000:]).status_code == 204
    assert CaseFile.objects.get().uploaded_by == judge


def test_protocol_errors(client, case, judge):
    client.force_login(judge)
    data = big_pdf(5_000)
    missing_version = client.post(
        URL, HTTP_UPLOAD_LENGTH=str(len(data)), HTTP_UPLOAD_METADATA=metadata(filename="a.pdf", case=case.pk)
    )
    assert missing_version.status_code == 412
    assert missing_version["Tus-Version"] == "1.0.0"
    no_name = client.post(URL, HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA=metadata(case=case.pk), **TUS)
    assert no_name.status_code == 400
    bad_meta = client.post(URL, HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA="filename ***", **TUS)
    assert (bad_meta.status_code, bad_meta.json()["error"]) == (400, "Upload-Metadata is malformed.")
    bad_length = client.post(URL, HTTP_UPLOAD_LENGTH="-3", HTTP_UPLOAD_METADATA=metadata(filename="a.pdf"), **TUS)
    assert bad_length.status_code == 400
    location = create(client, case, data)["Location"]
    wrong_type = client.generic(
        "PATCH", location, data, content_type="application/octet-stream", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert wrong_type.status_code == 415
    assert head(client, "/evidence/uploads/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert Upload.objects.count() == 1


def test_termination_removes_the_partial_data(client, case, judge):
    client.force_login(judge)
    data = big_pdf(20_000)
    location = create(client, case, data)["Location"]
    assert patch(client, location, 0, data[:5_000]).status_code == 204
    assert client.delete(location, **TUS).status_code == 204
    assert partial_files() == []
    assert not Upload.objects.exists()
    assert head(client, location).status_code == 404


def test_upload_without_a_case_waits_to_be_taken(client, judge, citizen):
    """A filer's upload before the petition is a case: complete, hashed and stored, held by the upload."""
    client.force_login(citizen)
    data = big_pdf(12_000)
    created = client.post(
        URL, HTTP_UPLOAD_LENGTH=str(len(data)), HTTP_UPLOAD_METADATA=metadata(filename="đơn.pdf"), **TUS
    )
    assert created.status_code == 201
    assert patch(client, created["Location"], 0, data).status_code == 204
    upload = Upload.objects.get()
    taken = uploads.take_completed(citizen, upload.pk)
    assert taken.stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (Path(settings.MEDIA_ROOT) / taken.stored.path).read_bytes() == data
    assert not CaseFile.objects.exists()
    with pytest.raises(uploads.UploadNotFoundError):
        uploads.take_completed(judge, upload.pk)


def test_stale_uploads_expire_with_their_data(client, case, judge, settings):
    settings.EVIDENCE_UPLOAD_EXPIRE_HOURS = 24
    client.force_login(judge)
    data = big_pdf(20_000)
    old = create(client, case, data)["Location"]
    assert patch(client, old, 0, data[:5_000]).status_code == 204
    fresh = create(client, case, big_pdf(20_000))["Location"]
    done = create(client, case, data)["Location"]
    assert patch(client, done, 0, data).status_code == 204
    stale = timezone.now() - datetime.timedelta(hours=25)
    Upload.objects.exclude(state=UploadState.COMPLETE).filter(pk=old.rstrip("/").rsplit("/", 1)[1]).update(
        updated_at=stale
    )
    Upload.objects.filter(state=UploadState.COMPLETE).update(updated_at=stale)
    orphan = Path(settings.MEDIA_ROOT) / "evidence" / "uploads" / "0b6f3c1e-0000-4000-8000-000000000000.part"
    orphan.write_bytes(b"left by a crash")
    os.utime(orphan, (stale.timestamp(), stale.timestamp()))
    call_command("evidence", "expire-uploads")
    assert head(client, old).status_code == 404
    assert head(client, fresh).status_code == 200
    assert client.get(done).json()["state"] == "complete"  # complete: kept (its file is in the case)
    assert not orphan.exists()
    assert len(partial_files()) == 1
    assert CaseFile.objects.count() == 1


def test_unfinished_uploads_per_user_are_limited(client, case, judge, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_OPEN", 2)
    client.force_login(judge)
    data = big_pdf(5_000)
    first = create(client, case, data)["Location"]
    assert create(client, case, data).status_code == 201
    refused = create(client, case, data)
    assert refused.status_code == 429
    assert refused.json()["error"] == "You have 2 unfinished uploads; finish or cancel one before starting another."
    assert patch(client, first, 0, data).status_code == 204  # one finished: room for another
    assert create(client, case, data).status_code == 201
