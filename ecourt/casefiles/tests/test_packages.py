"""Export → verify → import of a whole case file, with a real signature (throwaway CA), real stored files and
a real RFC 3161 token; every kind of tampering refused with the database unchanged; idempotent re-import;
the access function with the judge of the case, a colleague not on it and an outsider."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from pyhanko.sign import signers

from ecourt.casefiles import package, services
from ecourt.casefiles.models import PackageExport, PackageImport
from ecourt.cases.access import CaseNotFound
from ecourt.cases.models import Case, CaseEvent, EventKind, Instance, Status
from ecourt.evidence import custody
from ecourt.evidence.models import CaseFile, CustodyAction, CustodyEvent, TimestampStatus
from ecourt.signing.services import trust_roots
from ecourt.signing.tests.pki import make_pki

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]


def export(case: Any, judge: Any, tmp_path: Path, purpose: str = "appeal") -> Path:
    return services.export_case(judge, case, tmp_path / "out" / "hồ sơ.zip", purpose=purpose).path


def counts() -> dict[str, int]:
    stored = Path(settings.MEDIA_ROOT) / "evidence"
    return {
        "cases": Case.objects.count(),
        "files": CaseFile.objects.count(),
        "custody": CustodyEvent.objects.count(),
        "events": CaseEvent.objects.count(),
        "imports": PackageImport.objects.count(),
        "stored": sum(1 for p in stored.rglob("*") if p.is_file()) if stored.exists() else 0,
    }


def rewrite(src: Path, dst: Path, change: Any) -> Path:
    """A copy of the package with ``change(name, data)`` applied to each member (None drops it)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return dst


def first_file(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(n for n in archive.namelist() if n.startswith("files/"))


def test_round_trip_export_verify_import(case, judge, receiving_clerk, provincial_court, tmp_path, pki):
    sources = list(CaseFile.objects.filter(case=case).order_by("id"))
    path = export(case, judge, tmp_path)

    # The export left an 'exported' custody event per file and one case event; the chain still holds.
    exported = CustodyEvent.objects.filter(case=case, action=CustodyAction.EXPORTED)
    assert sorted(exported.values_list("item_id", flat=True)) == [f.pk for f in sources]
    record = PackageExport.objects.get(case=case)
    assert {e.detail["package"] for e in exported} == {str(record.package_id)}
    assert case.events.filter(kind=EventKind.CASE_FILE_EXPORTED).count() == 1
    assert custody.verify_custody(case.pk).ok

    report = package.verify_package(path, trust_roots())
    assert report.ok, report.problems
    assert report.files == len(sources)
    assert report.signature.trusted
    assert "Hà Nội" in report.signature.signer
    assert report.case["uid"] == case.uid
    manifest = package.read_json_member(path, "manifest.json")
    assert manifest["to_court"]["code"] == provincial_court.code
    entries = [m for m in manifest["members"] if m["role"] == "file"]
    assert sorted(m["sha256"] for m in entries) == sorted(f.sha256 for f in sources)
    ours = next(m for m in entries if m["file"]["name"] == "quyết định.pdf")
    (signature,) = ours["file"]["signatures"]  # the PDF's own PAdES signature, as checked at export
    assert signature["intact"]
    assert signature["trusted"]
    assert signature["covers_whole_file"]
    assert ours["path"] in [m["for"] for m in manifest["members"] if m["role"] == "timestamp"]
    record_json = package.read_json_member(path, "case.json")
    assert len(record_json["parties"]) == case.parties.count()
    assert record_json["parties"][0]["national_id"]  # the full party record goes to the appellate court

    result = services.import_package(receiving_clerk, path)
    assert not result.already
    new = result.imported.case
    assert (new.court, new.instance, new.status) == (provincial_court, Instance.PT, Status.FILE_RECEIVED)
    assert new.parent == case
    assert new.subject == case.subject
    assert [p.name for p in new.parties.order_by("position")] == [p.name for p in case.parties.order_by("position")]
    items = list(CaseFile.objects.filter(case=new))
    assert sorted(i.sha256 for i in items) == sorted(f.sha256 for f in sources)
    for item in items:
        assert (Path(settings.MEDIA_ROOT) / item.path).is_file()
    stamped = {i.sha256: i.timestamp_token for i in items if i.timestamp_status == TimestampStatus.STAMPED}
    assert stamped == {f.sha256: f.timestamp_token for f in sources if f.timestamp_status == TimestampStatus.STAMPED}
    assert ours["sha256"] in stamped  # the RFC 3161 token travelled with the file
    chain = list(CustodyEvent.objects.filter(case=new).order_by("seq"))
    assert [e.action for e in chain] == [CustodyAction.RECEIVED] * len(sources)
    assert {e.detail["import"] for e in chain} == {str(record.package_id)}
    assert custody.verify_custody(new.pk).ok
    assert new.events.filter(kind=EventKind.CASE_FILE_IMPORTED).count() == 1
    assert not (services.staging_root() / report.manifest_sha256).exists()


def test_reimport_is_idempotent(case, judge, receiving_clerk, tmp_path):
    path = export(case, judge, tmp_path)
    first = services.import_package(receiving_clerk, path)
    before = counts()
    again = services.import_package(receiving_clerk, path)
    assert again.already
    assert again.imported.pk == first.imported.pk
    assert counts() == before


def test_import_joins_the_appeal_case_already_open(case, judge, receiving_clerk, provincial_court, tmp_path):
    """In one national system the appeal case may already exist (send_to_appellate_court): the files join it."""
    from ecourt.cases.services.intake import open_related_case

    appeal_case = open_related_case(
        source=case,
        court=provincial_court,
        instance=Instance.PT,
        status=Status.FILE_RECEIVED,
        event=EventKind.FILE_RECEIVED,
        on=case.received_on,
        actor=None,
        parent=case,
    )
    path = export(case, judge, tmp_path)
    cases_before = Case.objects.count()
    result = services.import_package(receiving_clerk, path)
    assert result.imported.case == appeal_case
    assert not result.imported.created_case
    assert Case.objects.count() == cases_before
    assert CaseFile.objects.filter(case=appeal_case).count() == CaseFile.objects.filter(case=case).count()


def _flip_stored_byte(src: Path, dst: Path) -> Path:
    """Flip one byte inside a stored member's data in the ZIP itself (its CRC no longer matches)."""
    data = bytearray(src.read_bytes())
    marker = data.find(b"%PDF-")
    data[marker + 20] ^= 0x01
    dst.write_bytes(bytes(data))
    return dst


def _resign_with_other_key(src: Path, dst: Path, tmp_path: Path) -> Path:
    """The same manifest, validly signed by a certificate of another CA (same court name)."""
    (tmp_path / "other-pki").mkdir()
    other = make_pki(tmp_path / "other-pki")
    signer = signers.SimpleSigner.load(str(other.court_key), str(other.court_cert), ca_chain_files=())
    assert signer is not None
    with zipfile.ZipFile(src) as archive:
        manifest = archive.read("manifest.json")
    signed = asyncio.run(signer.async_sign_general_data(manifest, "sha256", detached=True)).dump()

    def change(name: str, data: bytes) -> bytes:
        return bytes(signed) if name == "manifest.json.p7s" else data

    return rewrite(src, dst, change)


TAMPERINGS = {
    "flipped byte in a file": "hash_mismatch",
    "flipped byte in the ZIP": "damaged_member",
    "removed member": "missing_member",
    "added member": "extra_member",
    "edited manifest": "bad_signature",
    "wrong signature": "bad_signature",
    "signer not trusted": "untrusted_signer",
    "edited custody in case.json": "hash_mismatch",
}


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_tampered_package_is_refused_and_nothing_changes(case, judge, receiving_clerk, tmp_path, tampering):
    good = export(case, judge, tmp_path)
    bad = tmp_path / "bad.zip"
    target = first_file(good)
    if tampering == "flipped byte in a file":
        rewrite(good, bad, lambda n, d: d[:30] + bytes([d[30] ^ 1]) + d[31:] if n == target else d)
    elif tampering == "flipped byte in the ZIP":
        _flip_stored_byte(good, bad)
    elif tampering == "removed member":
        rewrite(good, bad, lambda n, d: None if n == target else d)
    elif tampering == "added member":
        rewrite(good, bad, lambda n, d: d)
        with zipfile.ZipFile(bad, "a") as archive:
            archive.writestr("files/9999-extra.pdf", b"%PDF-1.4 extra")
    elif tampering == "edited manifest":

        def edit(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["case"]["uid"] = "00000-DS-ST-2020-000001"
            return package.canonical_json(manifest)

        rewrite(good, bad, edit)
    elif tampering == "wrong signature":
        # the court's genuine signature of another package of the same case
        second = export(case, judge, tmp_path / "second")
        with zipfile.ZipFile(second) as archive:
            foreign = archive.read("manifest.json.p7s")
        rewrite(good, bad, lambda n, d: foreign if n == "manifest.json.p7s" else d)
    elif tampering == "signer not trusted":
        _resign_with_other_key(good, bad, tmp_path)
    elif tampering == "edited custody in case.json":

        def edit_record(name: str, data: bytes) -> bytes:
            if name != "case.json":
                return data
            record = json.loads(data)
            record["custody"][0]["actor_name"] = "ai đó"
            return package.canonical_json(record)

        rewrite(good, bad, edit_record)
    before = counts()
    with translation.override("en"):
        report = package.verify_package(bad, trust_roots())
        assert not report.ok
        assert TAMPERINGS[tampering] in {p.code for p in report.problems}, report.problems
        with pytest.raises(services.PackageRefusedError, match="does not verify; nothing was imported"):
            services.import_package(receiving_clerk, bad)
    assert counts() == before
    assert not PackageImport.objects.exists()


def test_edited_custody_is_caught_by_the_chain_even_with_a_matching_manifest(case, judge, tmp_path):
    """case.json's chain of custody is recomputed offline: an edit shows even if the hashes were redone."""
    good = export(case, judge, tmp_path)
    record = package.read_json_member(good, "case.json")
    record["custody"][0]["actor_name"] = "ai đó"
    report = package.Report(file="x")
    package._check_custody(record, report)
    assert [p.code for p in report.problems] == ["custody_chain"]
    package._check_custody(package.read_json_member(good, "case.json"), report := package.Report(file="x"))
    assert report.problems == []


def test_not_a_package(tmp_path, court_settings):
    path = tmp_path / "x.zip"
    path.write_bytes(b"%PDF-1.4 not a zip")
    with translation.override("en"):
        report = package.verify_package(path, [])
    assert [p.code for p in report.problems] == ["not_a_package"]


def test_export_access(case, judge, colleague, outsider, tmp_path):
    with pytest.raises(PermissionDenied):
        services.export_case(colleague, case, tmp_path / "a.zip")
    with pytest.raises(CaseNotFound):
        services.export_case(outsider, case, tmp_path / "b.zip")
    assert not PackageExport.objects.exists()
    assert not CustodyEvent.objects.filter(action=CustodyAction.EXPORTED).exists()
    assert not list(tmp_path.glob("*.zip"))
    assert not list(tmp_path.glob(".casefile-*"))


def test_import_only_by_the_receiving_registry(case, judge, outsider, tmp_path):
    path = export(case, judge, tmp_path)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.import_package(outsider, path)
    assert counts() == before


def test_archive_package_is_not_imported(case, judge, receiving_clerk, provincial_court, tmp_path):
    path = export(case, judge, tmp_path, purpose="archive")
    assert package.verify_package(path, trust_roots()).ok
    with translation.override("en"), pytest.raises(services.PackageRefusedError, match="made for the archive"):
        services.import_package(receiving_clerk, path, court_code=provincial_court.code)


def test_cli_verify_offline_and_with_openssl(case, judge, tmp_path, pki):
    good = export(case, judge, tmp_path)
    bad = rewrite(good, tmp_path / "bad.zip", lambda n, d: None if n == first_file(good) else d)
    env = {"DJANGO_SETTINGS_MODULE": "ecourt.settings", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    env["ECOURT_DATA_DIR"] = str(tmp_path / "no-database")  # no database is needed to verify
    command = [sys.executable, "-m", "ecourt", "casefile", "verify", "--json", "--trust", str(pki.root_cert)]
    ok = subprocess.run(
        [*command, str(good)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["ok"] is True
    refused = subprocess.run(
        [*command, str(bad)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert refused.returncode == 1
    assert [p["code"] for p in json.loads(refused.stdout)["problems"]] == ["missing_member"]
    # The signature is a standard detached CMS: openssl checks it with nothing of ours.
    if shutil.which("openssl"):
        with zipfile.ZipFile(good) as archive:
            archive.extract("manifest.json", tmp_path / "x")
            archive.extract("manifest.json.p7s", tmp_path / "x")
        openssl = ["openssl", "cms", "-verify", "-binary", "-inform", "DER"]
        openssl += ["-in", str(tmp_path / "x/manifest.json.p7s"), "-content", str(tmp_path / "x/manifest.json")]
        openssl += ["-CAfile", str(pki.root_cert), "-purpose", "any", "-out", "/dev/null"]
        check = subprocess.run(openssl, capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
