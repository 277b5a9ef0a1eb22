"""RFC 3161 timestamps over a received file's SHA-256 (pyHanko's client).

The TSA is ``settings.EVIDENCE_TSA_URL`` (env ``EVIDENCE_TSA_URL``). With none configured, or when the
TSA does not answer, the file stays ``pending`` (never a made-up time) and the job
``evidence.timestamp_pending`` (scheduled, see settings/tasks.py) asks again.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms, tsp  # type: ignore[import-untyped]
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko.sign.validation.status import TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext

from . import custody
from .models import CaseFile, CustodyAction, TimestampStatus

TIMEOUT_S = 10


class TimestampError(RuntimeError):
    pass


def configured_timestamper() -> TimeStamper | None:
    url = getattr(settings, "EVIDENCE_TSA_URL", None)
    return HTTPTimeStamper(url, timeout=TIMEOUT_S) if url else None


def stamp(item: CaseFile, timestamper: TimeStamper | None = None) -> CaseFile:
    """Ask the TSA for a token over ``item``'s hash and store it; on no TSA or a failure the item stays
    pending with the reason (the job retries). Returns the item as stored."""
    timestamper = timestamper or configured_timestamper()
    if item.timestamp_status == TimestampStatus.STAMPED:
        return item
    if timestamper is None:
        CaseFile.objects.filter(pk=item.pk).update(timestamp_error=_("No timestamp authority is configured."))
        item.refresh_from_db()
        return item
    tsa = getattr(timestamper, "url", "") or type(timestamper).__name__
    try:
        token = asyncio.run(timestamper.async_timestamp(bytes.fromhex(item.sha256), "sha256"))
        gen_time = _check(token.dump(), item.sha256, None)
    except Exception as exc:  # noqa: BLE001 - a TSA down, a timeout, a bad answer: all retried later
        CaseFile.objects.filter(pk=item.pk).update(
            timestamp_attempts=item.timestamp_attempts + 1,
            timestamp_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        item.refresh_from_db()
        return item
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=item.pk)
        if locked.timestamp_status == TimestampStatus.STAMPED:  # another run got there first
            return locked
        locked.timestamp_token = token.dump()
        locked.timestamp_at = gen_time
        locked.timestamp_tsa = str(tsa)[:300]
        locked.timestamp_status = TimestampStatus.STAMPED
        locked.timestamp_attempts += 1
        locked.timestamp_error = ""
        locked.save()
        custody.append(
            locked,
            CustodyAction.TIMESTAMPED,
            None,
            {
                "tsa": locked.timestamp_tsa,
                "gen_time": gen_time.isoformat(),
                "token_sha256": hashlib.sha256(locked.timestamp_token).hexdigest(),
            },
        )
    return locked


def _check(token_der: bytes, sha256: str, validation_context: ValidationContext | None) -> datetime.datetime:
    """The genTime of ``token_der`` after checking it covers ``sha256``; with a validation context, its
    signature and certificate path too."""
    token = cms.ContentInfo.load(token_der)
    signed_data = token["content"]
    info = tsp.TSTInfo.load(signed_data["encap_content_info"]["content"].parsed.dump())
    imprint = info["message_imprint"]
    if imprint["hash_algorithm"]["algorithm"].native != "sha256" or imprint["hashed_message"].native != bytes.fromhex(
        sha256
    ):
        raise TimestampError(_("The timestamp does not cover this file."))
    if validation_context is not None:
        status = TimestampSignatureStatus(
            **asyncio.run(
                validate_tst_signed_data(signed_data, validation_context, lambda _algorithm: bytes.fromhex(sha256))
            )
        )
        if not (status.intact and status.valid and status.trusted):
            raise TimestampError(_("The timestamp's signature is not valid or not trusted."))
    gen_time: datetime.datetime = info["gen_time"].native
    return gen_time


@dataclass
class TimestampCheck:
    ok: bool
    gen_time: datetime.datetime | None = None
    reason: str = ""


def verify_timestamp(item: CaseFile, trust_roots: list[Any]) -> TimestampCheck:
    """Whether ``item``'s stored token is a valid timestamp of its hash by a TSA under ``trust_roots``
    (asn1crypto certificates)."""
    if item.timestamp_status != TimestampStatus.STAMPED or not item.timestamp_token:
        return TimestampCheck(False, reason=_("The file has no timestamp yet."))
    try:
        gen_time = _check(bytes(item.timestamp_token), item.sha256, ValidationContext(trust_roots=trust_roots))
    except Exception as exc:  # noqa: BLE001 - any failure (malformed token, bad path) means not valid
        return TimestampCheck(False, reason=str(exc))
    return TimestampCheck(True, gen_time)


def stamp_pending(limit: int = 200) -> dict[str, int]:
    """Timestamp the files still pending (the job ``evidence.timestamp_pending``)."""
    timestamper = configured_timestamper()
    if timestamper is None:
        return {"pending": CaseFile.objects.filter(timestamp_status=TimestampStatus.PENDING).count(), "stamped": 0}
    stamped = 0
    for item in CaseFile.objects.filter(timestamp_status=TimestampStatus.PENDING).order_by("id")[:limit]:
        if stamp(item, timestamper).timestamp_status == TimestampStatus.STAMPED:
            stamped += 1
    return {"pending": CaseFile.objects.filter(timestamp_status=TimestampStatus.PENDING).count(), "stamped": stamped}
