"""The case page's export button (for the staff on the case only), the export download, archiving from the
page, and the page that verifies and imports an uploaded package."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecourt.casefiles import services
from ecourt.casefiles.models import PackageExport, PackageImport
from ecourt.casefiles.package import verify_package
from ecourt.cases.models import Case
from ecourt.signing.services import trust_roots

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_case_page_shows_the_export_button_to_the_judge_only(en, case, judge, colleague):
    en.force_login(judge)
    page = en.get(reverse("cases:detail", args=[case.pk]))
    assert reverse("casefiles:export", args=[case.pk]) in page.content.decode()
    en.force_login(colleague)
    page = en.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert reverse("casefiles:export", args=[case.pk]) not in page.content.decode()


def test_export_downloads_a_verifying_package(en, case, judge, tmp_path):
    en.force_login(judge)
    response = en.post(reverse("casefiles:export", args=[case.pk]), {"purpose": "archive"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    path = tmp_path / "downloaded.zip"
    path.write_bytes(b"".join(response.streaming_content))
    report = verify_package(path, trust_roots())
    assert report.ok
    assert report.purpose == "archive"
    assert PackageExport.objects.filter(case=case, purpose="archive").count() == 1


def test_export_refused_to_colleague_and_outsider(en, case, colleague, outsider):
    en.force_login(colleague)
    assert en.post(reverse("casefiles:export", args=[case.pk]), {"purpose": "appeal"}).status_code == 403
    en.force_login(outsider)
    assert en.post(reverse("casefiles:export", args=[case.pk]), {"purpose": "appeal"}).status_code == 404
    assert not PackageExport.objects.exists()


def _package(case, judge, tmp_path) -> bytes:
    return services.export_case(judge, case, tmp_path / "p.zip").path.read_bytes()


def test_upload_verify_then_import(en, case, judge, receiving_clerk, tmp_path):
    data = _package(case, judge, tmp_path)
    en.force_login(receiving_clerk)
    url = reverse("casefiles:import")
    assert en.get(url).status_code == 200
    checked = en.post(url, {"package": SimpleUploadedFile("p.zip", data), "action": "verify"})
    assert checked.status_code == 200
    assert 'data-ok="yes"' in checked.content.decode()
    assert not PackageImport.objects.exists()
    done = en.post(url, {"package": SimpleUploadedFile("p.zip", data), "action": "import"})
    assert done.status_code == 200
    imported = PackageImport.objects.get()
    assert f'data-imported="{imported.case_id}"' in done.content.decode()
    again = en.post(url, {"package": SimpleUploadedFile("p.zip", data), "action": "import"})
    assert "already imported" in again.content.decode()
    assert PackageImport.objects.count() == 1


def test_upload_of_a_tampered_package_is_refused(en, case, judge, receiving_clerk, tmp_path):
    data = _package(case, judge, tmp_path)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bad:
        for name in source.namelist():
            content = source.read(name)
            if name.startswith("files/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            bad.writestr(name, content)
    cases = Case.objects.count()
    en.force_login(receiving_clerk)
    response = en.post(
        reverse("casefiles:import"), {"package": SimpleUploadedFile("p.zip", out.getvalue()), "action": "import"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "does not match its SHA-256 in the manifest" in body
    assert 'data-problem="hash_mismatch"' in body
    assert Case.objects.count() == cases
    assert not PackageImport.objects.exists()


def test_import_page_refuses_staff_of_another_court(en, case, judge, outsider, tmp_path):
    data = _package(case, judge, tmp_path)
    en.force_login(outsider)
    response = en.post(reverse("casefiles:import"), {"package": SimpleUploadedFile("p.zip", data), "action": "import"})
    assert response.status_code == 403
    assert not PackageImport.objects.exists()
