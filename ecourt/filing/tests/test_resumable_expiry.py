"""Expiry of resumable uploads made for a petition (no case): a completed upload that no draft took is
removed with its stored file after ``EVIDENCE_UPLOAD_UNCLAIMED_DAYS``; one a draft took, and stored bytes
that a case file or a draft holds, are never removed. tus ``Upload-Expires`` tells the client when."""

from __future__ import annotations

import datetime
import hashlib
import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ecourt.cases.factories import accepted_case
from ecourt.evidence import services as evidence
from ecourt.evidence import uploads
from ecourt.evidence.models import CaseFile, Upload, UploadState
from ecourt.filing.models import Filing, FilingUpload

from .test_resumable import TUS, big_pdf, take, tus_send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_no_tsa(client: Any, settings: Any) -> None:
    client.cookies["django_language"] = "en"
    settings.EVIDENCE_TSA_URL = None
    settings.EVIDENCE_UPLOAD_UNCLAIMED_DAYS = 7


def _age(upload_id: str, days: float) -> None:
    """As if the upload completed ``days`` ago: its row and its stored file."""
    moment = timezone.now() - datetime.timedelta(days=days)
    Upload.objects.filter(pk=upload_id).update(updated_at=moment)
    stored = _stored(upload_id)
    os.utime(stored, (moment.timestamp(), moment.timestamp()))


def _stored(upload_id: str) -> Path:
    return Path(settings.MEDIA_ROOT) / Upload.objects.get(pk=upload_id).path


def test_a_completed_upload_no_draft_took_expires_with_its_file(client: Any, filer: Any) -> None:
    client.force_login(filer)
    old, _answer = tus_send(client, big_pdf(150_000), "bảng kê.pdf")
    fresh, _answer = tus_send(client, big_pdf(150_000), "ảnh chụp.pdf")
    old_file, fresh_file = _stored(old), _stored(fresh)
    _age(old, 8)
    _age(fresh, 6)
    call_command("evidence", "expire-uploads")
    assert not Upload.objects.filter(pk=old).exists()
    assert not old_file.exists()
    assert client.head(f"/evidence/uploads/{old}/", **TUS).status_code == 404
    assert Upload.objects.filter(pk=fresh, state=UploadState.COMPLETE).exists()
    assert fresh_file.exists()


def test_the_completed_upload_says_when_it_expires_until_a_draft_takes_it(
    client: Any, filer: Any, draft: Filing
) -> None:
    client.force_login(filer)
    upload_id, last = tus_send(client, big_pdf(150_000), "bảng kê.pdf")
    upload = Upload.objects.get(pk=upload_id)
    expected = upload.updated_at + datetime.timedelta(days=7)
    assert abs(parsedate_to_datetime(last["Upload-Expires"]) - expected) < datetime.timedelta(seconds=2)
    head = client.head(f"/evidence/uploads/{upload_id}/", **TUS)
    assert abs(parsedate_to_datetime(head["Upload-Expires"]) - expected) < datetime.timedelta(seconds=2)
    assert take(client, draft, upload_id).status_code == 201
    assert Upload.objects.get(pk=upload_id).taken_at is not None
    assert "Upload-Expires" not in client.head(f"/evidence/uploads/{upload_id}/", **TUS)


def test_an_upload_a_draft_took_is_never_removed(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    data = big_pdf(150_000)
    upload_id, _answer = tus_send(client, data, "bảng kê.pdf")
    assert take(client, draft, upload_id).status_code == 201
    stored = _stored(upload_id)
    _age(upload_id, 400)
    call_command("evidence", "expire-uploads")
    assert Upload.objects.filter(pk=upload_id).exists()
    assert stored.read_bytes() == data
    assert FilingUpload.objects.filter(filing=draft, sha256=hashlib.sha256(data).hexdigest()).exists()


def test_bytes_that_are_evidence_of_a_case_stay_when_the_upload_expires(
    client: Any, filer: Any, clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    """The store keeps the same bytes once: an unclaimed upload of a file that is also in a case's file
    (or in a draft) goes, its row only; the stored file stays."""
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    data = big_pdf(150_000)
    from io import BytesIO

    item = evidence.receive(judge, case.pk, BytesIO(data), "chứng cứ.pdf")
    client.force_login(filer)
    upload_id, _answer = tus_send(client, data, "cùng tệp.pdf")
    assert Upload.objects.get(pk=upload_id).path == item.path
    _age(upload_id, 8)
    result = uploads.expire_stale()
    assert result["unclaimed"] == 1
    assert not Upload.objects.filter(pk=upload_id).exists()
    assert (Path(settings.MEDIA_ROOT) / item.path).read_bytes() == data
    assert CaseFile.objects.get(pk=item.pk).sha256 == hashlib.sha256(data).hexdigest()


def test_an_upload_for_a_case_is_not_unclaimed(client: Any, judge: Any, clerk: Any, president: Any, court: Any) -> None:
    """An upload made for a case became a CaseFile when complete: it never expires."""
    from ecourt.evidence.tests.test_uploads import create, patch

    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(judge)
    data = big_pdf(20_000)
    location = create(client, case, data)["Location"]
    answer = patch(client, location, 0, data)
    assert answer.status_code == 204
    assert "Upload-Expires" not in answer
    Upload.objects.update(updated_at=timezone.now() - datetime.timedelta(days=400))
    uploads.expire_stale()
    item = CaseFile.objects.get()
    assert Upload.objects.get().item_id == item.pk
    assert (Path(settings.MEDIA_ROOT) / item.path).read_bytes() == data


def test_taking_an_expired_upload_is_refused_and_changes_nothing(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    upload_id, _answer = tus_send(client, big_pdf(150_000), "bảng kê.pdf")
    files = draft.uploads.count()
    _age(upload_id, 8)
    assert uploads.expire_stale()["unclaimed"] == 1
    answer = take(client, draft, upload_id)
    assert answer.status_code == 404
    assert "expired" in answer.json()["error"]
    assert draft.uploads.count() == files
