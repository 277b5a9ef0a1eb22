"""Streaming a received file to disk: hashed while written, its type read from its content.

The upload is copied chunk by chunk into a temporary file beside the store (same filesystem), hashing
as it goes, so a file is never held in memory. Only when the whole file is written, within the size
limit, and its content is one of the accepted types *and* agrees with its extension, is it moved into
place under its hash (``os.replace``, atomic). Anything refused leaves nothing behind.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 200 * 1024 * 1024  # a hearing's video is the largest evidence expected; bigger ones go by hand
CHUNK = 64 * 1024
READ_CHUNK = 1024 * 1024  # reading a stored file back to hash it
HEAD = 4096  # bytes kept from the start to recognise the type

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MP4 = "video/mp4"
MP3 = "audio/mpeg"
WAV = "audio/wav"
TEXT = "text/plain"  # UTF-8 only: recognised by its content (no control characters), named .txt
ZIP = "application/zip"  # only as an intermediate: a ZIP must be a DOCX or an XLSX

# Accepted types, with the extensions each may carry; the first is used in the storage name.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    TIFF: (".tif", ".tiff"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    MP4: (".mp4",),
    MP3: (".mp3",),
    WAV: (".wav",),
    TEXT: (".txt",),
}


class EvidenceFileError(ValueError):
    """A file that cannot be received; the message says why. Nothing was stored."""


@dataclass
class Stored:
    path: str  # relative to MEDIA_ROOT
    sha256: str
    size: int
    content_type: str
    suffix: str


def sniff(head: bytes) -> str | None:  # noqa: PLR0911 - one return per signature
    """The type announced by the first bytes of a file, or None for one not accepted."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    if head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    return None


def _office_type(path: Path) -> str | None:
    """DOCX or XLSX for an Office Open XML package, None for any other ZIP (or a broken one)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _chunks(upload: Any) -> Iterator[bytes]:
    """The upload's bytes in chunks: a Django ``UploadedFile`` (its ``chunks``), a binary file, or an
    iterable of bytes."""
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK)
    elif hasattr(upload, "read"):
        stream: IO[bytes] = upload
        while chunk := stream.read(CHUNK):
            yield chunk
    else:
        iterable: Iterable[bytes] = upload
        yield from iterable


def store_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


def storage_name(sha256: str, suffix: str) -> str:
    return f"evidence/{sha256[:2]}/{sha256}{suffix}"


def accepted_extensions() -> str:
    return ", ".join(sorted({e for exts in EXTENSIONS.values() for e in exts}))


def work_dir() -> Path:
    """Where files are written before they are checked and moved under their hash (same filesystem)."""
    work = store_dir() / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    return work


def check_head(head: bytes, name: str, *, complete: bool) -> str:
    """The type announced by ``head`` (the first bytes of a file named ``name``), checked against the
    accepted types and the extension; ``EvidenceFileError`` when refused. With ``complete`` false (the
    start of a resumable upload) a ZIP is only required to be named as an Office file: whether it is one is
    known at the end."""
    extension = Path(name).suffix.lower()
    content_type = sniff(head)
    if content_type is None and extension in EXTENSIONS[TEXT] and _looks_like_text(head, complete=complete):
        content_type = TEXT
    if content_type == ZIP:
        if extension not in EXTENSIONS[DOCX] + EXTENSIONS[XLSX]:
            raise EvidenceFileError(
                _("The content of %(name)s is %(type)s, which does not match its extension.")
                % {"name": name, "type": ZIP}
            )
        return ZIP
    if content_type is None:
        raise EvidenceFileError(
            _("%(name)s is not of an accepted type (%(accepted)s).") % {"name": name, "accepted": accepted_extensions()}
        )
    if extension not in EXTENSIONS[content_type]:
        # A disguised file (an executable named .pdf, a PDF named .jpg) is refused, not renamed.
        raise EvidenceFileError(
            _("The content of %(name)s is %(type)s, which does not match its extension.")
            % {"name": name, "type": content_type}
        )
    return content_type


def _looks_like_text(data: bytes, *, complete: bool) -> bool:
    """UTF-8 without control characters other than tab, line feed, carriage return and form feed (a
    character cut at the end of ``data`` is allowed unless ``complete``)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return not any((ord(c) < 32 and c not in "\t\n\r\f") or c == "\x7f" for c in text)


def finish_file(temp: Path, name: str, *, sha256: str | None = None, head: bytes | None = None) -> Stored:
    """Check a complete file written at ``temp`` (under ``work_dir()`` or beside the store) and move it under
    its hash: the one end of both the one-request upload and the resumable one.

    Its type is read from its first bytes and must agree with ``name``'s extension (a ZIP must be a DOCX or
    an XLSX; a text file must be UTF-8 throughout); the SHA-256 is computed by reading the file back in
    chunks unless the caller hashed it while writing. Refused: ``EvidenceFileError`` and ``temp`` removed.
    Accepted: ``temp`` is gone (moved, or removed when the same bytes are stored already)."""
    try:
        size = temp.stat().st_size
        if size == 0:
            raise EvidenceFileError(_("%(name)s is empty.") % {"name": name})
        if head is None:
            with temp.open("rb") as source:
                head = source.read(HEAD)
        content_type = check_head(head, name, complete=size <= len(head))
        if content_type == ZIP:
            office = _office_type(temp)
            if office is None:
                raise EvidenceFileError(
                    _("%(name)s is not of an accepted type (%(accepted)s).")
                    % {"name": name, "accepted": accepted_extensions()}
                )
            content_type = check_head_office(office, name)
        if sha256 is None or content_type == TEXT:
            sha256 = _read_back(temp, name, text=content_type == TEXT)
        suffix = EXTENSIONS[content_type][0]
        relative = storage_name(sha256, suffix)
        final = Path(settings.MEDIA_ROOT) / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        # Content-addressed: the same bytes already stored are the same file; keep the copy in place.
        if final.exists():
            temp.unlink()
            # Stored again now: the expiry of an unclaimed upload holding the same bytes leaves them alone.
            os.utime(final)
        else:
            os.replace(temp, final)
            _fsync_dir(final.parent)
        return Stored(relative, sha256, size, content_type, suffix)
    finally:
        temp.unlink(missing_ok=True)


def check_head_office(office: str, name: str) -> str:
    if Path(name).suffix.lower() not in EXTENSIONS[office]:
        raise EvidenceFileError(
            _("The content of %(name)s is %(type)s, which does not match its extension.")
            % {"name": name, "type": office}
        )
    return office


def _read_back(path: Path, name: str, *, text: bool) -> str:
    """The SHA-256 of ``path`` read in chunks; for a text file, that it is UTF-8 throughout too."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if text else None
    with path.open("rb") as source:
        while chunk := source.read(READ_CHUNK):
            digest.update(chunk)
            if decoder is not None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise EvidenceFileError(_("%(name)s is not a UTF-8 text file.") % {"name": name}) from exc
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise EvidenceFileError(_("%(name)s is not a UTF-8 text file.") % {"name": name}) from exc
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def receive_stream(upload: Any, name: str, *, max_bytes: int = MAX_BYTES) -> Stored:
    """Write ``upload`` to the store under its hash; refuse (``EvidenceFileError``, nothing kept) a file
    that is empty, too large, of a type not accepted, or whose content does not match its extension."""
    handle, temp_name = tempfile.mkstemp(dir=work_dir(), prefix="receiving-")
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        head = b""
        with os.fdopen(handle, "wb") as out:
            for chunk in _chunks(upload):
                size += len(chunk)
                if size > max_bytes:
                    raise EvidenceFileError(
                        _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": max_bytes // (1024 * 1024)}
                    )
                if len(head) < HEAD:
                    head += chunk[: HEAD - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return finish_file(temp, name, sha256=digest.hexdigest(), head=head)
    finally:
        temp.unlink(missing_ok=True)


def file_sha256(relative: str) -> str:
    """The SHA-256 of a stored file, read back in chunks (to check it was not altered on disk)."""
    digest = hashlib.sha256()
    with (Path(settings.MEDIA_ROOT) / relative).open("rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
