"""Files a party lodged with an online petition, entering the new case's file.

``ecourt/filing`` stores each upload with ``storage.receive_stream`` (hashed, type-checked) while the
petition is a draft; when it is submitted and the case opened, each stored file becomes a ``CaseFile``
here, with its receipt in the chain of custody, in the transaction that opened the case. Only the filing
service calls this, for the case it has just opened for the filer (who is not assigned to the case, so
``services.receive`` would refuse them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record

from . import custody
from .models import CaseFile, CustodyAction, FileKind
from .storage import EvidenceFileError, file_sha256


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
    """The stored file (``path`` under MEDIA_ROOT) as an item of the case, its hash checked again first.
    The same bytes already in the case give the existing item."""
    if not (Path(settings.MEDIA_ROOT) / path).is_file() or file_sha256(path) != sha256:
        raise EvidenceFileError(f"{name}: the stored copy is missing or changed")
    existing = CaseFile.objects.filter(case_id=case_id, sha256=sha256).first()
    if existing is not None:
        return existing
    item = CaseFile.objects.create(
        case_id=case_id,
        kind=kind,
        name=Path(name).name[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
        path=path,
        uploaded_by=actor,
        received_at=timezone.now(),
    )
    custody.append(
        item,
        CustodyAction.RECEIVED,
        actor,
        {"name": item.name, "sha256": sha256, "size": size, "content_type": content_type, "channel": "online"},
    )
    record(actor, Action.CREATE, "case_file", item.pk, case_id=case_id, detail={"sha256": sha256})
    return item
