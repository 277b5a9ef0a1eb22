"""Files of a draft petition sent by the resumable upload (tus 1.0.0, ``ecourt/evidence/uploads.py``).

The page's script sends a file to ``/evidence/uploads/`` without a ``case`` (the petition is no case yet):
the evidence side stores it in parts, refuses a disguised or untaken type from its first bytes, and once
the last byte is in, hashes it and keeps it under its hash. The script then posts the upload's id here, and
``take`` lists that stored file with the draft through ``services.add_stored`` — the same rules and the
same ``FilingUpload`` row as a one-request upload (the petition PDF or DOCX, ``FILING_MAX_FILES``, the
same bytes once). Taking it marks the upload taken (``uploads.mark_taken``, in the same transaction), so
it no longer expires; one left untaken expires after ``EVIDENCE_UPLOAD_UNCLAIMED_DAYS``.

Size: a one-request upload is held to ``FILING_MAX_FILE_BYTES`` (50 MB by default: one HTTP request that
cannot resume); a resumable one to the resumable limit of the evidence side, ``EVIDENCE_UPLOAD_MAX_MB``
(4 GB by default), the same limit as for a file added to a case's file later — a filer's video or scan
bundle must not be refused at filing that the court would take once the case is open. The tus creation
already refuses a larger ``Upload-Length``; ``take`` checks again in case the setting was lowered since.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ecourt.evidence import uploads
from ecourt.evidence.models import UploadState

from .models import Filing, FilingUpload
from .services import FilingError, add_stored


class ResumableError(FilingError):
    """The upload cannot be taken; ``status`` is the HTTP status for the page's script."""

    status = 409


class UnknownUploadError(ResumableError):
    status = 404


def max_bytes() -> int:
    """The largest file a draft takes by the resumable upload (``EVIDENCE_UPLOAD_MAX_MB``)."""
    return uploads.max_bytes()


def take(filing: Filing, user: Any, upload_id: str | uuid.UUID, *, kind: str) -> FilingUpload:
    """List ``user``'s completed resumable upload ``upload_id`` with the draft ``filing`` as a file of
    ``kind`` (petition, evidence). Refused, with the reason and nothing changed: an upload that is not the
    user's own or does not exist (404), one still receiving, refused by the type check, or made for a
    case's file (409), and whatever the filing's rules refuse (``FilingError``)."""
    try:
        upload = uploads.get_for(user, upload_id)  # another user's upload: not found (and audited)
    except uploads.UploadNotFoundError as exc:
        raise UnknownUploadError(_("No such upload: it may have expired; choose the file again.")) from exc
    if upload.state == UploadState.REFUSED:
        raise ResumableError(_("%(name)s was refused: %(reason)s") % {"name": upload.name, "reason": upload.error})
    if upload.state != UploadState.COMPLETE:
        raise ResumableError(
            _("%(name)s is not fully uploaded yet (%(offset)d of %(length)d bytes); choose it again to resume.")
            % {"name": upload.name, "offset": upload.offset, "length": upload.length}
        )
    if upload.case_id is not None:
        raise ResumableError(_("This upload was made for a case's file, not for a petition."))
    taken = uploads.take_completed(user, upload.pk)
    stored = taken.stored
    if stored.size > max_bytes():
        raise ResumableError(
            _("%(name)s is %(size)s MB; files of at most %(limit)d MB are taken.")
            % {"name": upload.name, "size": f"{stored.size / uploads.MB:.1f}", "limit": max_bytes() // uploads.MB}
        )
    with transaction.atomic():
        # Locked and marked taken with the draft's row: the expiry of unclaimed uploads (which locks the same
        # row) either runs before — the upload is gone — or finds it taken and leaves it and its file alone.
        if uploads.mark_taken(upload.pk) is None:
            raise UnknownUploadError(_("No such upload: it may have expired; choose the file again."))
        if not (Path(settings.MEDIA_ROOT) / stored.path).is_file():
            raise UnknownUploadError(
                _("The stored copy of %(name)s is missing; upload it again.") % {"name": upload.name}
            )
        return add_stored(filing, stored, name=upload.name, kind=kind)
