"""The case file package: one ZIP file, written and read as a stream, that can be checked offline.

Layout (format ``ecourt-casefile/1``)::

    manifest.json          every other member: path, size, SHA-256 (and, for a file, what it is)
    manifest.json.p7s      the court's detached CMS (PKCS #7) SignedData over the bytes of manifest.json
    case.json              the case record: metadata, parties, events, the chain of custody
    files/0001-<sha>.<ext> the bytes of each file of the case, as stored (named by position and hash)
    timestamps/0001.tst    the RFC 3161 timestamp token of that file, when it has one

Why a detached CMS signature: it is the standard for signing arbitrary data (RFC 5652, as used by S/MIME
and by ``openssl cms``), it signs the exact bytes of manifest.json, and anyone can check it without this
software: ``openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json
-CAfile ROOT.pem -purpose any``. The manifest names every member with its SHA-256, so checking the
signature and then every hash checks the whole package. ``verify_package`` does both, with no database.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from asn1crypto import cms, tsp  # type: ignore[import-untyped]
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from ecourt.audit.services import GENESIS, chained_hash

FORMAT = "ecourt-casefile/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
RECORD = "case.json"
CHUNK = 1024 * 1024
MAX_MANIFEST = 64 * 1024 * 1024  # a manifest (or case record) larger than this is not one of ours


class PackageError(ValueError):
    """A package that cannot be written or read; the message says why."""


def canonical_json(value: Any) -> bytes:
    """The one serialisation used for manifest.json and case.json (sorted keys, UTF-8, NFC text as given)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode("utf-8")


class PackageWriter:
    """Writes members one by one into a ZIP file, hashing each as it streams, and at the end the manifest
    and its signature. Nothing is held in memory beyond one chunk."""

    def __init__(self, out: IO[bytes], header: dict[str, Any]) -> None:
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
        self.header = header
        self.members: list[dict[str, Any]] = []

    def add_stream(self, path: str, chunks: Iterator[bytes], **entry: Any) -> dict[str, Any]:
        info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        digest = hashlib.sha256()
        size = 0
        with self.zip.open(info, "w", force_zip64=True) as member:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        row = {"path": path, "size": size, "sha256": digest.hexdigest(), **entry}
        self.members.append(row)
        return row

    def add_bytes(self, path: str, data: bytes, **entry: Any) -> dict[str, Any]:
        return self.add_stream(path, iter([data]), **entry)

    def finish(self, signer: signers.Signer) -> bytes:
        """Write manifest.json and its detached signature; returns the manifest's bytes."""
        manifest = canonical_json({**self.header, "format": FORMAT, "members": self.members})
        signed = asyncio.run(signer.async_sign_general_data(manifest, "sha256", detached=True))
        self.zip.writestr(zipfile.ZipInfo(MANIFEST, date_time=(1980, 1, 1, 0, 0, 0)), manifest)
        self.zip.writestr(zipfile.ZipInfo(SIGNATURE, date_time=(1980, 1, 1, 0, 0, 0)), signed.dump())
        self.zip.close()
        return manifest


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


# --- reading and verifying -------------------------------------------------------------------------


@dataclass
class Problem:
    code: str  # hash_mismatch, size_mismatch, missing_member, extra_member, damaged_member, bad_path,
    # duplicate_member, no_manifest, bad_manifest, no_signature, bad_signature, untrusted_signer,
    # bad_record, custody_chain, timestamp_mismatch, not_a_package
    message: str
    path: str = ""


@dataclass
class SignatureInfo:
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    signer: str = ""
    issuer: str = ""
    serial: str = ""


@dataclass
class Report:
    """The result of ``verify_package`` (the JSON of ``casefile verify --json``)."""

    file: str
    ok: bool = False
    package_id: str = ""
    format: str = ""
    purpose: str = ""
    created_at: str = ""
    court: dict[str, Any] = field(default_factory=dict)
    case: dict[str, Any] = field(default_factory=dict)
    manifest_sha256: str = ""
    members_checked: int = 0
    files: int = 0
    signature: SignatureInfo = field(default_factory=SignatureInfo)
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def add(self, code: str, message: str, path: str = "") -> None:
        self.problems.append(Problem(code, message, path))


def _safe_path(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not name.startswith("/") and "\\" not in name and ".." not in path.parts


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MANIFEST:
        raise PackageError(_("%(name)s is too large.") % {"name": name})
    return archive.read(name)


def _check_signature(manifest: bytes, signature: bytes, roots: Sequence[Any], report: Report) -> None:
    try:
        signed_data = cms.ContentInfo.load(signature)["content"]
        logger = logging.getLogger("pyhanko")
        level = logger.level
        logger.setLevel(logging.CRITICAL)  # an untrusted signer is logged as a traceback; the report says it
        try:
            status = asyncio.run(
                async_validate_detached_cms(
                    manifest,
                    signed_data,
                    signer_validation_context=ValidationContext(trust_roots=list(roots), allow_fetching=False),
                )
            )
        finally:
            logger.setLevel(level)
    except Exception as exc:  # noqa: BLE001 - any unreadable signature is "bad", with the reason
        report.add("bad_signature", _("The manifest's signature cannot be read: %(error)s") % {"error": exc}, SIGNATURE)
        return
    cert = status.signing_cert
    report.signature = SignatureInfo(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        signer=cert.subject.human_friendly if cert is not None else "",
        issuer=cert.issuer.human_friendly if cert is not None else "",
        serial=format(cert.serial_number, "x") if cert is not None else "",
    )
    if not (status.intact and status.valid):
        report.add("bad_signature", _("The manifest's signature does not match manifest.json."), SIGNATURE)
    elif not status.trusted:
        report.add(
            "untrusted_signer",
            _("The manifest is signed by %(signer)s, whose certificate does not chain to a trusted root.")
            % {"signer": report.signature.signer},
            SIGNATURE,
        )


def _hash_member(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _check_custody(record: dict[str, Any], report: Report) -> None:
    """Recompute the exported chain of custody (same construction as ecourt/evidence/custody.py)."""
    prev = GENESIS
    for i, event in enumerate(record.get("custody", []), start=1):
        content = {k: event.get(k) for k in ("case", "seq", "item", "action", "actor_id", "actor_name", "at", "detail")}
        if event.get("seq") != i or event.get("prev_hash") != prev or chained_hash(prev, content) != event.get("hash"):
            report.add(
                "custody_chain",
                _("The chain of custody in case.json does not hold at event #%(seq)s.") % {"seq": i},
                RECORD,
            )
            return
        prev = str(event["hash"])


def _check_timestamp(archive: zipfile.ZipFile, entry: dict[str, Any], files: dict[str, str], report: Report) -> None:
    """A timestamp token must be over the SHA-256 of the file it belongs to."""
    target = str(entry.get("for", ""))
    try:
        token = cms.ContentInfo.load(_read_small(archive, entry["path"]))
        info = tsp.TSTInfo.load(token["content"]["encap_content_info"]["content"].parsed.dump())
        imprint = info["message_imprint"]
        covers = imprint["hash_algorithm"]["algorithm"].native == "sha256" and imprint[
            "hashed_message"
        ].native == bytes.fromhex(files.get(target, "00"))
    except Exception:  # noqa: BLE001 - unreadable token: reported as not covering the file
        covers = False
    if not covers:
        report.add(
            "timestamp_mismatch",
            _("The timestamp %(path)s does not cover %(file)s.") % {"path": entry["path"], "file": target},
            entry["path"],
        )


def verify_package(path: Path | str, roots: Sequence[Any]) -> Report:  # noqa: PLR0912, PLR0915 - one check per rule
    """Check the package at ``path`` offline: the manifest's signature (against ``roots``, asn1crypto
    certificates), that the members are exactly those the manifest lists, each one's size and SHA-256,
    the timestamps, and the chain of custody in case.json. ``report.ok`` only when nothing is wrong."""
    report = Report(file=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.add("not_a_package", _("This file is not a case file package (ZIP): %(error)s") % {"error": exc})
        return report
    with archive:
        names = [info.filename for info in archive.infolist()]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                report.add("duplicate_member", _("%(path)s appears twice in the package.") % {"path": name}, name)
            seen.add(name)
            if not _safe_path(name):
                report.add("bad_path", _("%(path)s is not a safe path inside a package.") % {"path": name}, name)
        if MANIFEST not in seen:
            report.add("no_manifest", _("The package has no manifest.json."), MANIFEST)
            return report
        try:
            manifest_bytes = _read_small(archive, MANIFEST)
            manifest = json.loads(manifest_bytes)
            members = manifest["members"]
            if not isinstance(members, list) or not all(
                isinstance(m, dict) and {"path", "size", "sha256"} <= m.keys() for m in members
            ):
                raise ValueError("members")
        except (PackageError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            report.add("bad_manifest", _("manifest.json cannot be read: %(error)s") % {"error": exc}, MANIFEST)
            return report
        report.manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        for key in ("package_id", "format", "purpose", "created_at"):
            setattr(report, key, str(manifest.get(key, "")))
        report.court = dict(manifest.get("court") or {})
        report.case = dict(manifest.get("case") or {})
        if report.format != FORMAT:
            report.add("bad_manifest", _("Unknown package format %(format)s.") % {"format": report.format}, MANIFEST)
        if SIGNATURE in seen:
            _check_signature(manifest_bytes, _read_small(archive, SIGNATURE), roots, report)
        else:
            report.add("no_signature", _("The package has no signature of its manifest."), SIGNATURE)

        listed = {str(m["path"]): m for m in members}
        for name in sorted(seen - set(listed) - {MANIFEST, SIGNATURE}):
            report.add("extra_member", _("%(path)s is in the package but not in the manifest.") % {"path": name}, name)
        hashes: dict[str, str] = {}
        for entry in members:
            name = str(entry["path"])
            if name not in seen:
                report.add(
                    "missing_member", _("%(path)s is listed in the manifest but missing.") % {"path": name}, name
                )
                continue
            try:
                sha, size = _hash_member(archive, name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                report.add("damaged_member", _("%(path)s is damaged: %(error)s") % {"path": name, "error": exc}, name)
                continue
            report.members_checked += 1
            if size != entry["size"]:
                report.add(
                    "size_mismatch",
                    _("%(path)s has %(size)d bytes; the manifest says %(expected)s.")
                    % {"path": name, "size": size, "expected": entry["size"]},
                    name,
                )
            if sha != entry["sha256"]:
                report.add(
                    "hash_mismatch",
                    _("%(path)s does not match its SHA-256 in the manifest: it was changed.") % {"path": name},
                    name,
                )
            else:
                hashes[name] = sha
            if entry.get("role") == "file":
                report.files += 1
        for entry in members:
            target = str(entry.get("for", ""))
            # A timestamp of a file already reported missing or changed adds nothing to that report.
            if (
                entry.get("role") == "timestamp"
                and entry["path"] in hashes
                and (target in hashes or target not in listed)
            ):
                _check_timestamp(archive, entry, hashes, report)
        if RECORD in hashes:
            try:
                record = json.loads(_read_small(archive, RECORD))
                _check_custody(record, report)
            except (ValueError, PackageError, TypeError, KeyError, AttributeError) as exc:
                report.add("bad_record", _("case.json cannot be read: %(error)s") % {"error": exc}, RECORD)
        elif RECORD not in listed:
            report.add("bad_record", _("The package has no case record (case.json)."), RECORD)
    report.ok = not report.problems
    return report


def read_json_member(path: Path | str, name: str) -> Any:
    with zipfile.ZipFile(path) as archive:
        return json.loads(_read_small(archive, name))


def member_chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            yield chunk


def timestamp_entry(token: bytes | None, at: datetime.datetime | None, tsa: str) -> dict[str, Any]:
    return {
        "at": at.isoformat() if at else None,
        "tsa": tsa,
        "token_sha256": hashlib.sha256(token).hexdigest() if token else None,
    }


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
