"""Files a party lodged with an online petition, entering the new case's file.

``ecourt/filing`` stores each upload with ``storage.receive_stream`` (hashed, type-checked) while the
petition is a draft; when it is submitted and the case opened, each stored file becomes a ``CaseFile``
here, with its receipt in the chain of custody and its text queued for reading, in the transaction that
opened the case. Only the filing service calls this, for the case it has just opened for the filer (who is
not assigned to the case, so ``services.receive`` would refuse them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from .models import CaseFile, FileKind
from .services import record_receipt
from .storage import EvidenceFileError, Stored, file_sha256


def attach_filed(
    actor: Any,
    case_id: int,
    *,
    name: str,
    path: str,
    sha256: str,
    size: int,
    content_type: str,
    kind: str = FileKind.EVIDENCE,
) -> CaseFile:
    """The stored file (``path`` under MEDIA_ROOT) as an item of the case, its hash checked again first;
    received by ``services.record_receipt`` like any other (custody event with channel "online", audit
    entry, the reading of its text queued for PDFs and scans). The timestamp is left to the caller, after
    its transaction commits (``filing.services._after_submit``). The same bytes already in the case give the
    existing item."""
    if not (Path(settings.MEDIA_ROOT) / path).is_file() or file_sha256(path) != sha256:
        raise EvidenceFileError(f"{name}: the stored copy is missing or changed")
    stored = Stored(path=path, sha256=sha256, size=size, content_type=content_type, suffix=Path(path).suffix)
    return record_receipt(actor, case_id, stored, name, kind=kind, channel="online", stamp=False)
