"""Resumable uploads of case files: the tus 1.0.0 core protocol with its creation, termination and
expiration extensions (https://tus.io/protocols/resumable-upload); the views (views_tus.py) are thin.

An upload is a row (``Upload``) and a partial file ``MEDIA_ROOT/evidence/uploads/<id>.part``. ``offset``
is the number of bytes written *and fsynced*: a PATCH writes its body at the offset, fsyncs, and only then
moves the offset on (and answers). A crash or a kill in the middle of a PATCH leaves at most some bytes
past the offset in the partial file; the next PATCH cuts the file back to the offset before it writes, so
what was acknowledged is never lost and nothing is written twice. A PATCH that ends early (the client's
connection broke) keeps what arrived: it is fsynced and counted, and the client asks HEAD where to resume.

One PATCH at a time per upload: an exclusive ``flock`` on the partial file (released by the kernel if
the process dies) — a second one gets ``UploadBusyError`` (423). Once enough bytes are in to know the type,
a file that is not an accepted type or whose content does not match its name is refused at once (its
partial data removed), not after gigabytes. When the last byte arrives, the file is finished by the same
function as a one-request upload (``storage.finish_file``: type, SHA-256 read back in chunks, moved under
its hash) and received into its case (``services.receive_stored``: ``CaseFile``, custody event, RFC 3161
timestamp, OCR queued). An upload with no case (for a filing that is not a case yet) ends as a stored,
hashed file held by the upload (``take_completed``).

Only the user who created an upload may see or continue it; others get ``UploadNotFoundError`` (404).

Expiry (tus "expiration": ``Upload-Expires`` on every answer about an upload that will expire): an
unfinished upload expires ``EVIDENCE_UPLOAD_EXPIRE_HOURS`` after its last bytes; a completed upload with
no case that no draft petition took (``taken_at``, set by ``mark_taken``) expires
``EVIDENCE_UPLOAD_UNCLAIMED_DAYS`` after it completed. ``expire_stale`` (command ``evidence
expire-uploads``, scheduled hourly) removes them. The stored file of an unclaimed upload is removed only
when nothing else holds the same bytes (a ``CaseFile``, a draft's ``FilingUpload``, another upload) and
they were not stored again meanwhile: an upload that became evidence is never removed.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import fcntl
import os
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record

from .access import case_for_receiving
from .models import CaseFile, FileKind, Upload, UploadState
from .storage import CHUNK, HEAD, EvidenceFileError, Stored, check_head, finish_file, store_dir

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"
MB = 1024 * 1024
MAX_OPEN = 20  # unfinished uploads one user may hold at once (each may reserve gigabytes of disk)


class UploadError(ValueError):
    """A request the upload refuses; ``status`` is the HTTP status, the message says why."""

    status = 400


class UploadNotFoundError(UploadError):
    status = 404


class UploadTooLargeError(UploadError):
    status = 413


class OffsetMismatchError(UploadError):
    status = 409


class TooManyUploadsError(UploadError):
    status = 429


class UploadBusyError(UploadError):
    status = 423


class UploadGoneError(UploadError):
    status = 410


class UploadRefusedError(UploadError):
    """The file was refused (type, extension, size): its partial data is removed."""

    status = 415


def max_bytes() -> int:
    return int(settings.EVIDENCE_UPLOAD_MAX_MB) * MB


def expire_after() -> datetime.timedelta:
    return datetime.timedelta(hours=int(settings.EVIDENCE_UPLOAD_EXPIRE_HOURS))


def uploads_dir() -> Path:
    directory = store_dir() / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def partial_path(upload: Upload) -> Path:
    return uploads_dir() / f"{upload.pk}.part"


def unclaimed_after() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.EVIDENCE_UPLOAD_UNCLAIMED_DAYS))


def is_unclaimed(upload: Upload) -> bool:
    """Complete, made for no case, and not (yet) taken by a draft petition: it waits, then expires."""
    return (
        upload.state == UploadState.COMPLETE
        and upload.case_id is None
        and upload.item_id is None
        and upload.taken_at is None
    )


def expires_at(upload: Upload) -> datetime.datetime | None:
    """When the upload expires (tus ``Upload-Expires``); None for one that never does (its file is in a
    case or a draft took it) or is refused already."""
    if upload.state == UploadState.RECEIVING:
        return upload.updated_at + expire_after()
    if is_unclaimed(upload):
        return upload.updated_at + unclaimed_after()
    return None


def parse_metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs (a key alone has an empty value)."""
    metadata: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, encoded = pair.partition(" ")
        if not key or key in metadata:
            raise UploadError(_("Upload-Metadata is malformed."))
        try:
            value = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded.strip() else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise UploadError(_("Upload-Metadata is malformed.")) from exc
        metadata[key] = unicodedata.normalize("NFC", value)
    return metadata


def _integer(value: str | None, header: str) -> int:
    if value is None or not value.strip().isdigit():
        raise UploadError(_("%(header)s must be a non-negative integer.") % {"header": header})
    return int(value.strip())


def create(actor: Any, length_header: str | None, metadata_header: str) -> Upload:
    """A new upload (POST): ``Upload-Length`` within the limit, ``Upload-Metadata`` with ``filename`` and
    ``case`` (the case the file goes to; without it, the completed file waits to be taken by a filing) and
    optionally ``kind``. The size limit, the name's type and the right to add to the case are checked now."""
    length = _integer(length_header, "Upload-Length")
    metadata = parse_metadata(metadata_header)
    name = Path(metadata.get("filename") or metadata.get("name") or "").name[:255]
    if not name:
        raise UploadError(_("Upload-Metadata must give the file's name (filename)."))
    limit = max_bytes()
    if length > limit:
        raise UploadTooLargeError(
            _("%(name)s is %(size)s MB; files of at most %(limit)d MB are taken.")
            % {"name": name, "size": f"{length / MB:.1f}", "limit": limit // MB}
        )
    if length == 0:
        raise UploadError(_("%(name)s is empty.") % {"name": name})
    kind = metadata.get("kind") or FileKind.EVIDENCE
    if kind not in FileKind.values:
        raise UploadError(_("Unknown kind of file."))
    if Upload.objects.filter(created_by=actor, state=UploadState.RECEIVING).count() >= MAX_OPEN:
        raise TooManyUploadsError(
            _("You have %(n)d unfinished uploads; finish or cancel one before starting another.") % {"n": MAX_OPEN}
        )
    case_id: int | None = None
    if metadata.get("case"):
        if not metadata["case"].isdigit():
            raise UploadError(_("Upload-Metadata: case must be a case number id."))
        case_id = case_for_receiving(actor, int(metadata["case"])).pk
    now = timezone.now()
    with transaction.atomic():
        upload = Upload.objects.create(
            id=uuid.uuid4(),
            created_by=actor,
            case_id=case_id,
            kind=kind,
            name=name,
            length=length,
            metadata=metadata,
            created_at=now,
            updated_at=now,
        )
        path = partial_path(upload)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _fsync_dir(path.parent)
        record(actor, Action.CREATE, "evidence_upload", upload.pk, case_id=case_id, detail={"length": length})
    return upload


def get_for(actor: Any, upload_id: str | uuid.UUID) -> Upload:
    """The upload, for the user who created it only (anyone else: ``UploadNotFoundError``)."""
    try:
        key = uuid.UUID(str(upload_id))
    except ValueError as exc:
        raise UploadNotFoundError(_("No such upload.")) from exc
    upload = Upload.objects.filter(pk=key).first()
    if upload is None or not getattr(actor, "is_authenticated", False) or upload.created_by_id != actor.pk:
        if upload is not None and getattr(actor, "is_authenticated", False):
            record(actor, Action.DENIED, "evidence_upload", upload.pk, case_id=upload.case_id)
        raise UploadNotFoundError(_("No such upload."))
    return upload


def status(actor: Any, upload_id: str | uuid.UUID) -> Upload:
    """The upload as HEAD reports it; a refused one is ``UploadGoneError`` with the reason."""
    upload = get_for(actor, upload_id)
    if upload.state == UploadState.REFUSED:
        raise UploadGoneError(upload.error)
    return upload


@contextmanager
def _locked(upload: Upload) -> Iterator[IO[bytes]]:
    """The partial file opened for writing under an exclusive lock (``UploadBusyError`` when another request
    holds it); the kernel drops the lock if the process dies."""
    path = partial_path(upload)
    try:
        handle = path.open("r+b")
    except FileNotFoundError as exc:
        raise UploadGoneError(_("The data of this upload is no longer here; start it again.")) from exc
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UploadBusyError(_("Another request is writing to this upload; try again in a moment.")) from exc
        yield handle
    finally:
        handle.close()


def append(
    actor: Any,
    upload_id: str | uuid.UUID,
    offset_header: str | None,
    content_length: int | None,
    read: Callable[[int], bytes],
) -> Upload:
    """A PATCH: write the body (read with ``read(n)``) at ``Upload-Offset`` — which must be the upload's
    offset (``OffsetMismatchError``, 409) —, fsync, then move the offset on. When the last byte is in, the file
    is finished (``_complete``)."""
    upload = get_for(actor, upload_id)
    if upload.state == UploadState.REFUSED:
        raise UploadGoneError(upload.error)
    offset = _integer(offset_header, "Upload-Offset")
    if content_length is None:
        raise UploadError(_("A PATCH must have a Content-Length."))
    if upload.state == UploadState.COMPLETE:  # its answer was lost: say again that it is complete
        if offset != upload.offset or content_length:
            raise OffsetMismatchError(_("This upload is complete; its file is in the case file."))
        return upload
    with _locked(upload) as handle:
        upload.refresh_from_db()  # another request may have moved it while we waited for the lock
        if upload.state == UploadState.REFUSED:
            raise UploadGoneError(upload.error)
        if offset != upload.offset:
            raise OffsetMismatchError(
                _("Upload-Offset is %(sent)d but the upload has %(offset)d bytes; ask HEAD and resume from there.")
                % {"sent": offset, "offset": upload.offset}
            )
        if content_length > upload.length - upload.offset:
            raise UploadTooLargeError(
                _("The request carries %(n)d bytes but only %(left)d are left of the %(length)d announced.")
                % {"n": content_length, "left": upload.length - upload.offset, "length": upload.length}
            )
        if upload.state == UploadState.RECEIVING and content_length:
            written = _write(handle, upload.offset, content_length, read)
            if written:
                # Durable before acknowledged: the offset moves only over fsynced bytes.
                moved = Upload.objects.filter(pk=upload.pk, offset=upload.offset).update(
                    offset=upload.offset + written, updated_at=timezone.now()
                )
                if not moved:  # cannot happen under the lock; never count bytes twice
                    raise OffsetMismatchError(_("The upload moved while this request was writing; ask HEAD."))
                upload.refresh_from_db()
        if upload.state == UploadState.RECEIVING and not upload.content_type:
            _check_type(upload, handle)
        if upload.state == UploadState.RECEIVING and upload.offset == upload.length:
            _complete(actor, upload)
        upload.refresh_from_db()
    return upload


def _write(handle: IO[bytes], offset: int, content_length: int, read: Callable[[int], bytes]) -> int:
    """Write up to ``content_length`` bytes from ``read`` at ``offset`` (cutting away anything a crashed
    request left past it), fsync; the bytes written. A body that ends early keeps what arrived."""
    descriptor = handle.fileno()
    if os.fstat(descriptor).st_size != offset:
        os.ftruncate(descriptor, offset)
    handle.seek(offset)
    written = 0
    try:
        while written < content_length:
            try:
                chunk = read(min(CHUNK, content_length - written))
            except OSError:  # the connection broke: keep what arrived
                break
            if not chunk:
                break
            handle.write(chunk)
            written += len(chunk)
    finally:
        handle.flush()
        os.fsync(descriptor)
    return written


def _check_type(upload: Upload, handle: IO[bytes]) -> None:
    """Once the first bytes are in (all of them for a small file), refuse a file whose type is not taken
    or does not match its name, without waiting for the rest."""
    if upload.offset < min(HEAD, upload.length):
        return
    handle.seek(0)
    head = handle.read(HEAD)
    try:
        content_type = check_head(head, upload.name, complete=upload.offset == upload.length == len(head))
    except EvidenceFileError as exc:
        _refuse(upload, str(exc))
        raise UploadRefusedError(str(exc)) from exc
    Upload.objects.filter(pk=upload.pk).update(content_type=content_type)
    upload.content_type = content_type


def _refuse(upload: Upload, reason: str) -> None:
    partial_path(upload).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.REFUSED, error=reason[:500], updated_at=timezone.now())
    upload.state = UploadState.REFUSED
    upload.error = reason[:500]
    record(
        upload.created_by,
        Action.CHANGE,
        "evidence_upload",
        upload.pk,
        case_id=upload.case_id,
        detail={"refused": reason[:500]},
    )


def _complete(actor: Any, upload: Upload) -> None:
    """The last byte is in: finish the file (type, hash, stored under it) and receive it into its case.
    Called with the partial file locked; run again by the next PATCH if a crash interrupted it."""
    from . import services

    path = partial_path(upload)
    if not path.exists():
        raise UploadGoneError(_("The data of this upload is no longer here; start it again."))
    # finish_file moves (or removes) the file it is given: hand it a link, so that a crash before the
    # receipt is committed leaves the partial file for the next try.
    work = store_dir() / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    link = work / f"upload-{upload.pk}"
    link.unlink(missing_ok=True)
    os.link(path, link)
    try:
        stored = finish_file(link, upload.name)
    except EvidenceFileError as exc:
        _refuse(upload, str(exc))
        raise UploadRefusedError(str(exc)) from exc
    item: CaseFile | None = None
    if upload.case_id is not None:
        # Refused here (the user was taken off the case meanwhile): the partial data stays until it expires.
        item = services.receive_stored(actor, upload.case_id, stored, upload.name, kind=upload.kind)
    with transaction.atomic():
        Upload.objects.filter(pk=upload.pk).update(
            state=UploadState.COMPLETE,
            sha256=stored.sha256,
            path=stored.path,
            content_type=stored.content_type,
            item=item,
            updated_at=timezone.now(),
        )
        record(
            actor,
            Action.CHANGE,
            "evidence_upload",
            upload.pk,
            case_id=upload.case_id,
            detail={"complete": True, "sha256": stored.sha256, "item": item.pk if item else None},
        )
    path.unlink(missing_ok=True)


def terminate(actor: Any, upload_id: str | uuid.UUID) -> None:
    """DELETE (termination): an unfinished upload and its data are removed; a complete one stays (its file
    is in the case)."""
    upload = get_for(actor, upload_id)
    if upload.state == UploadState.COMPLETE:
        raise UploadError(_("This upload is complete; its file is in the case file."))
    with _locked_if_present(upload):
        partial_path(upload).unlink(missing_ok=True)
        Upload.objects.filter(pk=upload.pk).delete()
    record(actor, Action.CHANGE, "evidence_upload", upload.pk, case_id=upload.case_id, detail={"terminated": True})


@contextmanager
def _locked_if_present(upload: Upload) -> Iterator[None]:
    """The partial file locked if there is one (a refused upload has none); ``UploadBusyError`` if held."""
    try:
        handle = partial_path(upload).open("r+b")
    except FileNotFoundError:
        yield
        return
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UploadBusyError(_("Another request is writing to this upload; try again in a moment.")) from exc
        yield


@dataclass
class TakenFile:
    """A completed upload's stored file, for a filing to attach (it then becomes a ``CaseFile`` by
    ``services.receive_stored`` once the filing is a case)."""

    upload: Upload
    stored: Stored


def take_completed(actor: Any, upload_id: str | uuid.UUID) -> TakenFile:
    """The stored file of ``actor``'s completed upload (``UploadError`` if it is not complete)."""
    upload = get_for(actor, upload_id)
    if upload.state != UploadState.COMPLETE:
        raise UploadError(_("This upload is not complete yet."))
    suffix = Path(upload.path).suffix
    return TakenFile(upload, Stored(upload.path, upload.sha256, upload.length, upload.content_type, suffix))


def mark_taken(upload_id: str | uuid.UUID) -> Upload | None:
    """In the caller's transaction: the completed upload locked and marked taken by a draft (it no longer
    expires); None when it is gone (expired meanwhile) or not complete. The expiry locks the same row
    before it removes one, so an upload is either taken or removed, never both."""
    upload = Upload.objects.select_for_update().filter(pk=upload_id, state=UploadState.COMPLETE).first()
    if upload is None:
        return None
    if upload.taken_at is None:
        upload.taken_at = timezone.now()
        Upload.objects.filter(pk=upload.pk).update(taken_at=upload.taken_at)
    return upload


def _unclaimed_rows(cutoff: datetime.datetime) -> Any:
    return Upload.objects.filter(
        state=UploadState.COMPLETE,
        case__isnull=True,
        item__isnull=True,
        taken_at__isnull=True,
        updated_at__lt=cutoff,
    )


def _bytes_held(path: str) -> bool:
    """Whether anything still refers to the stored file ``path`` (the store keeps the same bytes once)."""
    from ecourt.filing.models import FilingUpload  # filing builds on evidence; read here only

    return (
        CaseFile.objects.filter(path=path).exists()
        or Upload.objects.filter(path=path).exists()
        or FilingUpload.objects.filter(path=path).exists()
    )


def _expire_unclaimed(upload: Upload, cutoff: datetime.datetime) -> bool:
    """Remove one unclaimed upload (row locked, checked again) and its stored file unless the same bytes are
    held by something else or were stored again since ``cutoff``."""
    with transaction.atomic():
        locked = _unclaimed_rows(cutoff).select_for_update().filter(pk=upload.pk).first()
        if locked is None:  # taken (or removed) meanwhile
            return False
        locked.delete()
        held = bool(locked.path) and _bytes_held(locked.path)
        record(
            locked.created_by,
            Action.CHANGE,
            "evidence_upload",
            locked.pk,
            detail={"expired": "unclaimed", "sha256": locked.sha256, "file_kept": held},
        )
    if locked.path and not held:
        stored = Path(settings.MEDIA_ROOT) / locked.path
        try:
            if stored.stat().st_mtime < cutoff.timestamp():  # newer: the same bytes were just stored again
                stored.unlink()
        except FileNotFoundError:
            pass
    return True


def expire_stale(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove unfinished and refused uploads whose last bytes came longer ago than
    ``EVIDENCE_UPLOAD_EXPIRE_HOURS``, with their partial data; completed uploads with no case that no draft
    took within ``EVIDENCE_UPLOAD_UNCLAIMED_DAYS`` (their stored file too, when nothing else holds it); and
    partial files no row knows of (a crash between creating the file and committing the row)."""
    moment = now or timezone.now()
    unclaimed_cutoff = moment - unclaimed_after()
    unclaimed = sum(
        _expire_unclaimed(upload, unclaimed_cutoff) for upload in _unclaimed_rows(unclaimed_cutoff).iterator()
    )
    cutoff = moment - expire_after()
    removed = 0
    for upload in Upload.objects.filter(
        state__in=[UploadState.RECEIVING, UploadState.REFUSED], updated_at__lt=cutoff
    ).iterator():
        try:
            with _locked_if_present(upload):
                partial_path(upload).unlink(missing_ok=True)
                Upload.objects.filter(pk=upload.pk, updated_at__lt=cutoff).delete()
        except UploadBusyError:
            continue  # being written right now: not stale
        removed += 1
    known = {str(pk) for pk in Upload.objects.values_list("pk", flat=True)}
    orphans = 0
    for part in uploads_dir().glob("*.part"):
        if part.stem not in known and part.stat().st_mtime < cutoff.timestamp():
            part.unlink(missing_ok=True)
            orphans += 1
    return {"expired": removed, "unclaimed": unclaimed, "orphans": orphans}


def _fsync_dir(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
