"""A real server killed in the middle of a resumable upload: nothing acknowledged is lost, nothing is
written twice.

``python -m ecourt runserver --noreload`` runs in a subprocess on this test's database and media
directory. The test sends the first part of a file, then starts a PATCH and, while the server is writing
its body, kills the server with SIGKILL. A new server process reports by HEAD the offset acknowledged
before the kill (not the bytes written after it), the upload resumes from there, and the file received is
the source byte for byte (SHA-256), once.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings

from ecourt.cases.factories import accepted_case
from ecourt.evidence import custody
from ecourt.evidence.models import CaseFile, CustodyEvent, Upload
from ecourt.evidence.tests.server import free_port, server
from ecourt.evidence.tests.test_evidence import PDF

MB = 1024 * 1024
CSRF = "k" * 32  # a CSRF secret of the right form, sent as the cookie and the header


def source_file(path: Path, size: int) -> str:
    """A PDF of ``size`` bytes on disk (random after the header); its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        out.write(PDF + b"%")
        digest.update(PDF + b"%")
        left = size - len(PDF) - 1
        while left:
            chunk = os.urandom(min(MB, left))
            out.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def test_kill_9_in_the_middle_of_an_upload_loses_and_doubles_nothing(
    transactional_db, client, clerk, president, judge, court, tmp_path
):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    client.force_login(judge)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    size = 24 * MB
    source = tmp_path / "source.pdf"
    sha = source_file(source, size)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = requests.Session()
    web.cookies.set(settings.SESSION_COOKIE_NAME, session)
    web.cookies.set(settings.CSRF_COOKIE_NAME, CSRF)
    web.headers.update({"Tus-Resumable": "1.0.0", "X-CSRFToken": CSRF, "Referer": base + "/"})
    log = tmp_path / "server.log"
    meta = ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}"
        for key, value in (("filename", "chứng cứ lớn.pdf"), ("case", str(case.pk)))
    )

    with server(port, log) as first:
        created = web.post(f"{base}/evidence/uploads/", headers={"Upload-Length": str(size), "Upload-Metadata": meta})
        assert created.status_code == 201, created.text
        location = created.headers["Location"]
        upload = Upload.objects.get()
        partial = Path(settings.MEDIA_ROOT) / "evidence" / "uploads" / f"{upload.pk}.part"
        with source.open("rb") as data:
            first_part = data.read(8 * MB)
        acknowledged = web.patch(
            location,
            data=first_part,
            headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        )
        assert acknowledged.status_code == 204, acknowledged.text
        assert acknowledged.headers["Upload-Offset"] == str(8 * MB)

        # The second part: announce 8 MB, send 3 MB, and kill the server while it is writing them.
        parts = urlsplit(location)
        raw = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        raw.putrequest("PATCH", parts.path)
        for name, value in {
            "Tus-Resumable": "1.0.0",
            "Upload-Offset": str(8 * MB),
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(8 * MB),
            "X-CSRFToken": CSRF,
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}",
        }.items():
            raw.putheader(name, value)
        raw.endheaders()
        with source.open("rb") as data:
            data.seek(8 * MB)
            raw.send(data.read(3 * MB))
        deadline = time.monotonic() + 30
        while partial.stat().st_size <= 8 * MB + MB:  # the server is writing the unacknowledged bytes
            assert time.monotonic() < deadline, "the server wrote nothing of the second part"
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        raw.close()
        assert first.returncode == -signal.SIGKILL

    written_before_restart = partial.stat().st_size
    assert written_before_restart > 8 * MB  # bytes past the acknowledged offset are on disk
    upload.refresh_from_db()
    assert upload.offset == 8 * MB  # ... but were never acknowledged

    with server(port, log):
        state = web.head(location)
        assert state.status_code == 200
        assert state.headers["Upload-Offset"] == str(8 * MB)
        offset = int(state.headers["Upload-Offset"])
        with source.open("rb") as data:
            data.seek(offset)
            while offset < size:
                part = data.read(5 * MB)
                response = web.patch(
                    location,
                    data=part,
                    headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
                )
                assert response.status_code == 204, response.text
                offset = int(response.headers["Upload-Offset"])
        assert response.headers["Evidence-Upload-State"] == "complete"
        assert response.headers["Evidence-Sha256"] == sha
        result = web.get(location).json()

    item = CaseFile.objects.get()
    assert result["file"] == item.pk
    assert (item.sha256, item.size) == (sha, size)
    stored = Path(settings.MEDIA_ROOT) / item.path
    digest = hashlib.sha256()
    with stored.open("rb") as data:
        while chunk := data.read(MB):
            digest.update(chunk)
    assert digest.hexdigest() == sha
    assert stored.stat().st_size == size  # nothing doubled
    assert not partial.exists()
    assert list(CustodyEvent.objects.filter(case=case).values_list("action", flat=True)) == ["received"]
    assert custody.verify_custody(case.pk).ok
