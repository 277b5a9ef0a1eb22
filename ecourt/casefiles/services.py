"""Export of a case file as a signed package, its import at the receiving court, and archiving.

Export writes the package to a temporary file beside ``out`` (streamed: one chunk in memory at a time),
then, in one transaction, records an ``exported`` custody event per file (``evidence.services.record_export``),
a case event and the ``PackageExport``; only then is the package moved to ``out``.

Import checks everything first (``package.verify_package``) and changes nothing for a package that does
not verify. Then, in three phases:

1. stage: each file is copied out of the package into ``MEDIA_ROOT/casefiles/staging/<manifest sha>/``,
   hashed again while copied;
2. store: each staged file goes through evidence storage (``receive_stream``: hashed on write, stored by
   its hash, atomic); its hash must be the manifest's;
3. one database transaction: the case at the receiving court (or the appeal case already open there),
   its ``CaseFile`` rows, a ``received`` custody event per file naming the package, a case event and the
   ``PackageImport`` (unique on the manifest's SHA-256).

A crash in phase 1 or 2 leaves a staging folder and content-addressed files that nothing refers to; a
crash in phase 3 rolls the transaction back. Running the import again removes the staging folder, reuses
the stored files (same hash, same path) and completes; once the ``PackageImport`` exists, the same
package is "already imported" and nothing is added.

An import holds an exclusive ``flock`` on ``staging/<manifest sha>.lock`` from before it stages until it
ends (the kernel drops it when the process dies, killed or not). Two imports of the same package therefore
run one after the other (the second then finds it imported), and ``clean_staging`` — run at the start of
every import, and by ``casefile clean-staging`` (cron, or the beat task ``casefiles-clean-staging``) —
removes a staging folder only when it can take that lock itself: never the folder of an import running.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.access import CaseNotFound
from ecourt.cases.models import Case, CaseEvent, EventKind, Instance, Status
from ecourt.cases.services.packages import open_case_from_package
from ecourt.cases.services.steps import TransitionError, write_event
from ecourt.courts.models import Court
from ecourt.courts.selectors import appellate_court
from ecourt.evidence import custody
from ecourt.evidence.models import CaseFile, CustodyAction, CustodyEvent, CustodyHead, TimestampStatus
from ecourt.evidence.services import record_export
from ecourt.evidence.storage import EvidenceFileError, receive_stream
from ecourt.signing.services import SigningError, VerificationError, court_signer, trust_roots, verify_pdf

from . import access, retention
from .models import CaseArchive, DestructionDecision, PackageExport, PackageImport, Purpose
from .package import (
    RECORD,
    PackageError,
    PackageWriter,
    Report,
    canonical_json,
    file_chunks,
    member_chunks,
    read_json_member,
    verify_package,
)

# Test-only: seconds to sleep after each staged file, or inside the transaction before it commits, so a test
# can kill the import mid-way (tests/test_crash.py).
DELAY_ENV = "ECOURT_CASEFILES_IMPORT_DELAY_S"
COMMIT_DELAY_ENV = "ECOURT_CASEFILES_IMPORT_COMMIT_DELAY_S"
ARCHIVABLE = frozenset({Status.EFFECTIVE, Status.RETURNED})


class PackageRefusedError(ValueError):
    """The package did not verify (or cannot be imported here); nothing was changed."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


def find_case(reference: str | int) -> Case:
    """A case by its id or its national identifier (uid), or by its acceptance or judgment number."""
    text = str(reference).strip()
    case = None
    if text.isdigit():
        case = Case.objects.filter(pk=int(text)).first()
    case = case or Case.objects.filter(uid=text).first()
    case = case or Case.objects.filter(acceptance_number=text).order_by("-id").first()
    case = case or Case.objects.filter(judgment_number=text).order_by("-id").first()
    if case is None:
        raise CaseNotFound(_("No such case: %(ref)s") % {"ref": text})
    return case


def _case_event(actor: Any, case: Case, kind: str, data: dict[str, Any]) -> CaseEvent:
    """One event in the case's history (the status does not change), with its audit entry; in the
    caller's transaction, the case locked."""
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    event = write_event(
        locked,
        kind,
        actor=actor,
        on=timezone.localdate(),
        status_before=locked.status,
        data=json.loads(json.dumps(data, default=str)),
    )
    record(
        actor,
        Action.TRANSITION,
        "case",
        case.pk,
        case_id=case.pk,
        detail={"step": kind, "event": event.seq, "status": [locked.status, locked.status]},
    )
    return event


# --- export ----------------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def case_record(case: Case, purpose: str) -> dict[str, Any]:
    """The case record (case.json). Parties are given in full (name, role, year of birth, ID number,
    address, who represents whom) for both purposes: the appellate court and the archive each receive the
    whole case file by law; accounts of the system (user ids) are not part of it."""
    parties = list(case.parties.order_by("position", "id"))
    events = list(case.events.select_related("actor").order_by("seq"))
    files = list(CaseFile.objects.filter(case=case).select_related("uploaded_by").order_by("received_at", "id"))
    chain = list(CustodyEvent.objects.filter(case=case).order_by("seq"))
    head = CustodyHead.objects.filter(case=case).first()
    return {
        "purpose": purpose,
        "case": {
            "id": case.pk,
            "uid": case.uid,
            "number": case.display_number,
            "case_type": case.case_type,
            "instance": case.instance,
            "status": case.status,
            "procedure": case.procedure,
            "gravity": case.gravity,
            "court_code": case.court.code,
            "court_name": case.court.name,
            "subject": case.subject,
            "summary": case.summary,
            "value_in_dispute": str(case.value_in_dispute) if case.value_in_dispute is not None else None,
            "sealed": case.sealed,
            "in_camera": case.in_camera,
            "fee_exempt": case.fee_exempt,
            "received_on": _iso(case.received_on),
            "accepted_on": _iso(case.accepted_on),
            "acceptance_number": case.acceptance_number,
            "decided_on": _iso(case.decided_on),
            "judgment_number": case.judgment_number,
            "outcome": case.outcome,
            "effective_on": _iso(case.effective_on),
            "parent_uid": case.parent.uid if case.parent_id and case.parent else None,
        },
        "parties": [
            {
                "id": p.pk,
                "kind": p.kind,
                "role": p.role,
                "name": p.name,
                "birth_year": p.birth_year,
                "national_id": p.national_id,
                "address": p.address,
                "represents": p.represents_id,
            }
            for p in parties
        ],
        "events": [
            {
                "seq": e.seq,
                "kind": e.kind,
                "occurred_on": _iso(e.occurred_on),
                "recorded_at": _iso(e.recorded_at),
                "actor": e.actor.get_username() if e.actor else "",
                "status_before": e.status_before,
                "status_after": e.status_after,
                "document_number": e.document_number,
                "data": e.data,
            }
            for e in events
        ],
        "appeals": [
            {
                "kind": a.kind,
                "appellant": a.appellant_name,
                "lodged_on": _iso(a.lodged_on),
                "late": a.late,
                "grounds": a.grounds,
            }
            for a in case.appeals.order_by("lodged_on", "id")
        ],
        "files": [
            {
                "id": f.pk,
                "name": f.name,
                "kind": f.kind,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                "uploaded_by": f.uploaded_by.get_username(),
                "received_at": _iso(f.received_at),
            }
            for f in files
        ],
        "custody": [
            {
                "case": e.case_id,
                "seq": e.seq,
                "item": e.item_id,
                "action": e.action,
                "actor_id": e.actor_id,
                "actor_name": e.actor_name,
                "at": e.at.isoformat(),
                "detail": e.detail,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in chain
        ],
        "custody_head": {"seq": head.seq, "hash": head.hash} if head else None,
    }


def _pdf_signatures(path: Path, size: int) -> list[dict[str, Any]] | None:
    """The embedded signatures of a PDF as the exporting court sees them (None: not checked, too large)."""
    if size > int(getattr(settings, "SIGNING_VERIFY_MAX_BYTES", 20 * 1024 * 1024)):
        return None
    try:
        result = verify_pdf(path.read_bytes())
    except VerificationError as exc:
        return [{"problem": str(exc)}]
    signatures: list[dict[str, Any]] = result.as_json()["signatures"]
    return signatures


@dataclass
class ExportResult:
    export: PackageExport
    path: Path
    manifest_sha256: str


def export_case(actor: Any, case: Case, out: Path, *, purpose: str = Purpose.APPEAL) -> ExportResult:
    """Write the whole case file of ``case`` to ``out`` as a signed package (see ``package``)."""
    if purpose not in Purpose.values:
        raise PackageError(_("Unknown purpose %(purpose)s: appeal or archive.") % {"purpose": purpose})
    access.case_for_export(actor, case)
    try:
        signer = court_signer()
    except SigningError as exc:
        raise PackageError(str(exc)) from exc
    package_id = uuid.uuid4()
    today = timezone.localdate()
    header: dict[str, Any] = {
        "package_id": str(package_id),
        "created_at": timezone.now().isoformat(),
        "purpose": purpose,
        "exported_by": actor.get_username(),
        "court": {"code": case.court.code, "name": case.court.name},
        "case": {"id": case.pk, "uid": case.uid, "number": case.display_number, "case_type": case.case_type},
    }
    if purpose == Purpose.APPEAL:
        target = appellate_court(case.court, today)
        header["to_court"] = {"code": target.code, "name": target.name} if target else None
    files = list(CaseFile.objects.filter(case=case).order_by("received_at", "id"))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=out.parent, prefix=".casefile-", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            writer = PackageWriter(stream, header)
            writer.add_bytes(RECORD, canonical_json(case_record(case, purpose)), role="record")
            for index, item in enumerate(files, start=1):
                source = Path(settings.MEDIA_ROOT) / item.path
                suffix = Path(item.path).suffix
                member = f"files/{index:04d}-{item.sha256[:16]}{suffix}"
                info: dict[str, Any] = {
                    "id": item.pk,
                    "name": item.name,
                    "kind": item.kind,
                    "content_type": item.content_type,
                    "received_at": item.received_at.isoformat(),
                    "uploaded_by": item.uploaded_by.get_username(),
                }
                if item.content_type == "application/pdf":
                    info["signatures"] = _pdf_signatures(source, item.size)
                try:
                    row = writer.add_stream(member, file_chunks(source), role="file", file=info)
                except OSError as exc:
                    raise PackageError(
                        _("The stored file %(name)s cannot be read: %(error)s") % {"name": item.name, "error": exc}
                    ) from exc
                if row["sha256"] != item.sha256:
                    raise PackageError(
                        _("The stored file %(name)s no longer matches the hash recorded when it was received.")
                        % {"name": item.name}
                    )
                if item.timestamp_status == TimestampStatus.STAMPED and item.timestamp_token:
                    writer.add_bytes(
                        f"timestamps/{index:04d}.tst",
                        bytes(item.timestamp_token),
                        role="timestamp",
                        at=item.timestamp_at.isoformat() if item.timestamp_at else None,
                        tsa=item.timestamp_tsa,
                        **{"for": member},
                    )
            manifest = writer.finish(signer)
            stream.flush()
            os.fsync(stream.fileno())
        manifest_sha = hashlib.sha256(manifest).hexdigest()
        with transaction.atomic():
            for item in files:
                record_export(actor, item.pk, package=str(package_id))
            export = PackageExport.objects.create(
                package_id=package_id,
                case=case,
                purpose=purpose,
                manifest_sha256=manifest_sha,
                file_count=len(files),
                size=temp.stat().st_size,
                created_by=actor,
            )
            _case_event(
                actor,
                case,
                EventKind.CASE_FILE_EXPORTED,
                {"package": str(package_id), "purpose": purpose, "files": len(files), "manifest_sha256": manifest_sha},
            )
            os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return ExportResult(export, out, manifest_sha)


# --- import ----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: PackageImport
    already: bool
    report: Report


# A package uploaded through the page is copied here while it is verified and imported; a copy this old
# was left by a worker killed mid-request (the request would have removed it or kept it under its hash).
RECEIVED_STALE_AFTER = datetime.timedelta(days=1)


def staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "casefiles" / "staging"


def _lock_path(key: str) -> Path:
    return staging_root() / f"{key}.lock"


def _take_lock(path: Path, *, wait: bool) -> int | None:
    """An exclusive ``flock`` on ``path`` (created if need be): the open descriptor, or None when another
    process holds it and ``wait`` is false. A lock file removed by a cleanup while this one waited for it is
    not the lock any more: the new file is locked instead."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(descriptor)
            return None
        try:
            current = os.stat(path).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            current = False
        if current:
            return descriptor
        os.close(descriptor)


@contextmanager
def _import_lock(key: str) -> Iterator[None]:
    """Held for the whole import of the package ``key``; waits for another import of the same package."""
    staging_root().mkdir(parents=True, exist_ok=True)
    descriptor = _take_lock(_lock_path(key), wait=True)
    assert descriptor is not None  # a waiting lock always returns one
    try:
        yield
    finally:
        _lock_path(key).unlink(missing_ok=True)  # still held: a waiting import locks a fresh file
        os.close(descriptor)


def clean_staging(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove the staging folders (and lock files) of imports that are not running — interrupted ones —
    and page uploads of packages left in ``casefiles/received`` for longer than ``RECEIVED_STALE_AFTER``.
    A folder whose lock another process holds is an import running: it is counted as busy and left."""
    removed = busy = 0
    root = staging_root()
    keys = sorted(
        {p.name for p in root.iterdir() if p.is_dir()} | {p.stem for p in root.glob("*.lock") if p.is_file()}
        if root.is_dir()
        else set()
    )
    for key in keys:
        descriptor = _take_lock(_lock_path(key), wait=False)
        if descriptor is None:
            busy += 1
            continue
        try:
            folder = root / key
            if folder.is_dir():
                shutil.rmtree(folder)
                removed += 1
            _lock_path(key).unlink(missing_ok=True)
        finally:
            os.close(descriptor)
    cutoff = (now or timezone.now()) - RECEIVED_STALE_AFTER
    received = 0
    for upload in (Path(settings.MEDIA_ROOT) / "casefiles" / "received").glob("upload-*.zip"):
        try:
            if upload.stat().st_mtime < cutoff.timestamp():
                upload.unlink()
                received += 1
        except FileNotFoundError:
            continue
    return {"removed": removed, "busy": busy, "received": received}


def _staged_name(index: int, entry: dict[str, Any]) -> str:
    """The name evidence storage sees: the original name's stem with the stored file's extension."""
    original = Path(str(entry.get("file", {}).get("name") or "file"))
    return f"{original.stem or 'file'}{Path(entry['path']).suffix}"[:255]


def _target_court(manifest: dict[str, Any], code: str | None) -> Court:
    code = code or (
        (manifest.get("to_court") or {}).get("code") if isinstance(manifest.get("to_court"), dict) else None
    )
    if not code:
        raise PackageRefusedError(_("The package names no receiving court; give one (--court CODE)."))
    court = Court.objects.filter(code=code).first()
    if court is None:
        raise PackageRefusedError(_("No court with code %(code)s.") % {"code": code})
    return court


def import_package(
    actor: Any, path: Path | str, *, court_code: str | None = None, roots: Sequence[Any] | None = None
) -> ImportResult:
    """Import the package at ``path`` at the receiving court (see the module docstring)."""
    path = Path(path)
    report = verify_package(path, trust_roots() if roots is None else roots)
    if not report.ok:
        raise PackageRefusedError(
            _("The package does not verify; nothing was imported: %(problems)s")
            % {"problems": "; ".join(p.message for p in report.problems)},
            report,
        )
    key = report.manifest_sha256
    with _import_lock(key):
        clean_staging()  # interrupted imports of other packages (this one's lock is ours: left alone)
        return _import_verified(actor, path, report, court_code)


def _import_verified(  # noqa: PLR0912, PLR0915 - the phases are one procedure
    actor: Any, path: Path, report: Report, court_code: str | None
) -> ImportResult:
    """Phases 1 to 3 of the import of a verified package, under its lock."""
    key = report.manifest_sha256
    staging = staging_root() / key
    done = PackageImport.objects.filter(manifest_sha256=key).first()
    if done is not None:
        shutil.rmtree(staging, ignore_errors=True)
        return ImportResult(done, True, report)
    manifest = read_json_member(path, "manifest.json")
    if manifest.get("purpose") != Purpose.APPEAL:
        raise PackageRefusedError(
            _("This package was made for the archive; only a package made for an appeal is imported at a court."),
            report,
        )
    court = _target_court(manifest, court_code)
    access.check_may_import(actor, court)
    record_data = read_json_member(path, RECORD)
    entries = [m for m in manifest["members"] if m.get("role") == "file"]
    tokens = {m["for"]: m for m in manifest["members"] if m.get("role") == "timestamp"}

    # Phase 1: stage (a leftover folder from an interrupted run is removed first).
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    delay = float(os.environ.get(DELAY_ENV) or 0)
    with zipfile.ZipFile(path) as archive:
        for index, entry in enumerate(entries, start=1):
            digest = hashlib.sha256()
            with (staging / f"{index:04d}").open("wb") as out:
                for chunk in member_chunks(archive, entry["path"]):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != entry["sha256"]:
                shutil.rmtree(staging, ignore_errors=True)
                raise PackageRefusedError(_("%(path)s changed while it was read.") % {"path": entry["path"]}, report)
            if delay:
                time.sleep(delay)
        token_bytes = {name: archive.read(member["path"]) for name, member in tokens.items()}

    # Phase 2: store through evidence storage (hashed again on write).
    stored = []
    for index, entry in enumerate(entries, start=1):
        try:
            with (staging / f"{index:04d}").open("rb") as staged:
                result = receive_stream(staged, _staged_name(index, entry))
        except EvidenceFileError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise PackageRefusedError(
                _("%(path)s cannot be stored: %(error)s") % {"path": entry["path"], "error": exc}, report
            ) from exc
        if result.sha256 != entry["sha256"]:
            shutil.rmtree(staging, ignore_errors=True)
            raise PackageRefusedError(_("%(path)s was stored with a different hash.") % {"path": entry["path"]}, report)
        stored.append((entry, result))

    # Phase 3: one transaction.
    source = record_data["case"]
    package_info = {"id": manifest["package_id"], "manifest_sha256": key, "from_court": manifest.get("court")}
    try:
        with transaction.atomic():
            Court.objects.select_for_update().get(pk=court.pk)  # one import at a time per court
            done = PackageImport.objects.filter(manifest_sha256=key).first()
            if done is not None:
                shutil.rmtree(staging, ignore_errors=True)
                return ImportResult(done, True, report)
            parent = Case.objects.filter(uid=source["uid"]).first()
            target = (
                Case.objects.filter(parent=parent, court=court, instance=Instance.PT).order_by("id").first()
                if parent is not None
                else None
            )
            created = target is None
            if target is None:
                target = open_case_from_package(
                    actor=actor,
                    court=court,
                    record=record_data,
                    package=package_info,
                    received_on=timezone.localdate(),
                    parent=parent,
                )
            head = record_data.get("custody_head") or {}
            for entry, result in stored:
                info = entry.get("file") or {}
                token_entry = tokens.get(entry["path"])
                token = token_bytes.get(entry["path"])
                at = parse_datetime(str(token_entry.get("at"))) if token_entry and token_entry.get("at") else None
                item, new = CaseFile.objects.get_or_create(
                    case=target,
                    sha256=result.sha256,
                    defaults={
                        "kind": info.get("kind") or "other",
                        "name": str(info.get("name") or Path(entry["path"]).name)[:255],
                        "content_type": result.content_type,
                        "size": result.size,
                        "path": result.path,
                        "uploaded_by": actor,
                        "received_at": timezone.now(),
                        "timestamp_status": TimestampStatus.STAMPED if token else TimestampStatus.PENDING,
                        "timestamp_token": token,
                        "timestamp_at": at,
                        "timestamp_tsa": str(token_entry.get("tsa") or "") if token_entry else "",
                    },
                )
                if new:
                    custody.append(
                        item,
                        CustodyAction.RECEIVED,
                        actor,
                        {
                            "import": manifest["package_id"],
                            "manifest_sha256": key,
                            "from_case": source["uid"],
                            "from_court": source.get("court_name", ""),
                            "source_item": info.get("id"),
                            "source_custody_head": head.get("hash"),
                            "sha256": result.sha256,
                            "size": result.size,
                        },
                    )
            imported = PackageImport.objects.create(
                manifest_sha256=key,
                package_id=manifest["package_id"],
                source_case_uid=source["uid"],
                source_court=str(source.get("court_name", ""))[:300],
                case=target,
                created_case=created,
                file_count=len(stored),
                imported_by=actor,
            )
            _case_event(
                actor,
                target,
                EventKind.CASE_FILE_IMPORTED,
                {**package_info, "files": len(stored), "from_case": source["uid"]},
            )
            if os.environ.get(COMMIT_DELAY_ENV):
                time.sleep(float(os.environ[COMMIT_DELAY_ENV]))
    except IntegrityError:
        done = PackageImport.objects.filter(manifest_sha256=key).first()
        if done is None:
            raise
        return ImportResult(done, True, report)
    except TransitionError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageRefusedError(str(exc), report) from exc
    shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(imported, False, report)


# --- archive and retention --------------------------------------------------------------------------


PERIOD_FROM_TABLE = "table"
PERIOD_SET_ON_ARCHIVING = "set_on_archiving"
BASIS_MAX = CaseArchive._meta.get_field("retention_source").max_length or 300  # the longest basis recorded


def _explicit_period(years: int | None, permanent: bool, basis: str) -> bool:
    """Check a period set on archiving (``years`` or ``permanent``, with its ``basis``); True when one is
    set. Refused (``TransitionError``) when it is malformed or its basis is missing."""
    if years is not None and permanent:
        raise TransitionError(_("Set either a number of years or permanent retention, not both."))
    if years is not None and (isinstance(years, bool) or not 1 <= years <= retention.MAX_YEARS):
        raise TransitionError(
            _("A retention period is a whole number of years between 1 and %(max)d.") % {"max": retention.MAX_YEARS}
        )
    explicit = years is not None or permanent
    if explicit and not basis:
        raise TransitionError(
            _(
                "A retention period set on archiving needs its basis: the instrument and the item it comes "
                "from (e.g. the circular and its item)."
            )
        )
    if basis and not explicit:
        raise TransitionError(
            _("A basis is given but no retention period: set the number of years or permanent retention.")
        )
    if len(basis) > BASIS_MAX:
        raise TransitionError(_("The basis is at most %(max)d characters.") % {"max": BASIS_MAX})
    return explicit


def archive_case(
    actor: Any,
    case: Case,
    *,
    on: datetime.date | None = None,
    years: int | None = None,
    permanent: bool = False,
    basis: str = "",
) -> CaseArchive:
    """Mark a closed case archived, with its retention period and the day it is due for review; refused
    for a case still open or one already archived.

    The period is the retention table's for the case type (``retention``), or one the archivist sets for
    this file (``years`` or ``permanent``, with ``basis``: the instrument and item it comes from). A period
    set on archiving is recorded with the version ``retention.SET_ON_ARCHIVING`` and its basis; it may be
    longer than the table's period (a file kept longer, or permanently, for a feature of the case), never
    shorter. With no period set, a type whose period is not entered is refused."""
    access.case_for_archiving(actor, case)
    day = on or timezone.localdate()
    if case.status not in ARCHIVABLE:
        raise TransitionError(
            _("Only a case in legal effect or a returned petition can be archived (status: %(status)s).")
            % {"status": case.get_status_display()}
        )
    if CaseArchive.objects.filter(case=case).exists():
        raise TransitionError(_("This case file is already archived."))
    basis = basis.strip()
    explicit = _explicit_period(years, permanent, basis)
    table: retention.Period | None
    try:
        table = retention.period_for(case.case_type, day)
    except retention.RetentionNotConfiguredError:
        if not explicit:
            raise
        table = None  # nothing entered for this type: the period set on archiving stands alone
    if explicit:
        chosen = None if permanent else years
        # shorter: a number of years against a permanent table period, or fewer years than the table's
        if table is not None and chosen is not None and (table.years is None or chosen < table.years):
            raise TransitionError(
                _(
                    "The retention period set (%(set)s) is shorter than the retention table's period for case "
                    "type %(type)s (%(table)s, version %(version)s); a file may be kept longer than the "
                    "table's period, never shorter."
                )
                % {
                    "set": retention.describe(chosen),
                    "table": retention.describe(table.years),
                    "type": case.case_type,
                    "version": table.version,
                }
            )
        period = retention.Period(case.case_type, chosen, retention.SET_ON_ARCHIVING, basis)
    else:
        assert table is not None
        period = table
    last = case.events.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    closed_on = case.effective_on or last or case.received_on
    review_on = retention.add_years(closed_on, period.years) if period.years is not None else None
    data: dict[str, Any] = {
        "retention_years": period.years,
        "permanent": period.years is None,
        "review_on": review_on,
        "retention_version": period.version,
        "basis": period.basis,
        "period_from": PERIOD_SET_ON_ARCHIVING if explicit else PERIOD_FROM_TABLE,
    }
    if explicit:  # what the table said, for the record (None: not entered)
        data["table_version"] = table.version if table is not None else None
        data["table_period"] = None if table is None else (retention.PERMANENT if table.years is None else table.years)
    with transaction.atomic():
        archive = CaseArchive.objects.create(
            case=case,
            archived_on=day,
            closed_on=closed_on,
            retention_years=period.years,
            retention_version=period.version,
            retention_source=period.basis[:BASIS_MAX],
            review_on=review_on,
            archived_by=actor,
        )
        _case_event(actor, case, EventKind.CASE_ARCHIVED, data)
    return archive


def due_for_review(as_of: datetime.date | None = None, court: Court | None = None) -> QuerySet[CaseArchive]:
    """Archived files whose retention period has run out by ``as_of`` and that are not destroyed."""
    rows = CaseArchive.objects.filter(
        review_on__isnull=False, review_on__lte=as_of or timezone.localdate(), destroyed_at__isnull=True
    ).select_related("case", "case__court")
    if court is not None:
        rows = rows.filter(case__court=court)
    return rows.order_by("review_on", "case_id")


def destroy_case_file(
    actor: Any,
    case: Case,
    *,
    decision_number: str,
    decided_on: datetime.date,
    reason: str = "",
    today: datetime.date | None = None,
) -> DestructionDecision:
    """Remove the stored bytes of an archived case's files, once its retention period has run out and on a
    decision taken after that day. Refused, changing nothing, in every other case. The records (the case,
    the file list with hashes, the chain of custody, the decision) are kept."""
    access.case_for_destruction(actor, case)
    today = today or timezone.localdate()
    archive = CaseArchive.objects.filter(case=case).first()
    if archive is None:
        raise TransitionError(_("This case file is not archived; nothing is destroyed."))
    if archive.destroyed_at is not None:
        raise TransitionError(_("This case file was already destroyed."))
    if archive.review_on is None:
        raise TransitionError(_("This case file is kept permanently; it is never destroyed."))
    if today < archive.review_on:
        raise TransitionError(
            _("The retention period runs until %(day)s; the file cannot be destroyed before then.")
            % {"day": archive.review_on.isoformat()}
        )
    if not decision_number.strip():
        raise TransitionError(_("A decision to destroy the file (its number and date) must be recorded."))
    if decided_on < archive.review_on or decided_on > today:
        raise TransitionError(
            _("The decision must be dated between the end of the retention period (%(day)s) and today.")
            % {"day": archive.review_on.isoformat()}
        )
    items = list(CaseFile.objects.filter(case=case))
    kept_elsewhere = set(
        CaseFile.objects.exclude(case=case)
        .exclude(case__in=CaseArchive.objects.filter(destroyed_at__isnull=False).values("case"))
        .filter(path__in=[i.path for i in items])
        .values_list("path", flat=True)
    )
    removable = [i.path for i in items if i.path not in kept_elsewhere]
    with transaction.atomic():
        locked = CaseArchive.objects.select_for_update().get(pk=archive.pk)
        if locked.destroyed_at is not None:
            raise TransitionError(_("This case file was already destroyed."))
        decision = DestructionDecision.objects.create(
            archive=locked,
            number=decision_number.strip(),
            decided_on=decided_on,
            reason=reason.strip(),
            recorded_by=actor,
            files_removed=len(removable),
        )
        locked.destroyed_at = timezone.now()
        locked.save(update_fields=["destroyed_at"])
        _case_event(
            actor,
            case,
            EventKind.CASE_FILE_DESTROYED,
            {"decision": decision.number, "decided_on": decided_on, "files_removed": len(removable)},
        )

        def remove() -> None:
            for relative in removable:
                (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)

        transaction.on_commit(remove)
    return decision
