"""PAdES signatures of court documents (pyHanko) and their verification.

Signing uses the court's key and certificate from the files named by ``SIGNING_KEY_FILE``,
``SIGNING_CERT_FILE`` and ``SIGNING_CHAIN_FILES``; with ``EVIDENCE_TSA_URL`` set the signature carries an
RFC 3161 timestamp (PAdES-B-T), so its time does not rest on the signer's clock. Verification trusts only the
roots in ``SIGNING_TRUST_ROOTS`` (PEM/DER files): a valid signature by anyone else is "intact, not trusted".
Nothing is fetched from the network while verifying (no OCSP/CRL: the court's roots are configured locally).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel, TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext

from ecourt.evidence.timestamps import configured_timestamper

FIELD_NAME = "ChuKyToaAn"  # the court's signature field


class SigningError(RuntimeError):
    pass


class VerificationError(ValueError):
    """The upload cannot be read as a PDF at all (not "altered": nothing to check)."""


def court_signer() -> signers.SimpleSigner:
    key_file = getattr(settings, "SIGNING_KEY_FILE", None)
    cert_file = getattr(settings, "SIGNING_CERT_FILE", None)
    if not key_file or not cert_file:
        raise SigningError(_("No court certificate is configured (SIGNING_KEY_FILE and SIGNING_CERT_FILE)."))
    chain = tuple(str(path) for path in getattr(settings, "SIGNING_CHAIN_FILES", []) or [])
    signer: signers.SimpleSigner | None = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        str(key_file), str(cert_file), ca_chain_files=chain
    )
    if signer is None:  # pyHanko logs the reason and returns None
        raise SigningError(_("The court's key or certificate could not be read."))
    return signer


def sign_pdf(
    pdf: bytes,
    *,
    signer: signers.Signer | None = None,
    timestamper: TimeStamper | None = None,
    reason: str = "",
) -> bytes:
    """``pdf`` with the court's PAdES signature over the whole file (plus a timestamp when a TSA is set)."""
    signer = signer or court_signer()
    timestamper = timestamper or configured_timestamper()
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, reason=reason or None
        ),
        signer=signer,
        timestamper=timestamper,
        output=out,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),  # invisible: the printed text is the document
    )
    return out.getvalue()


def trust_roots(paths: Sequence[Path | str] | None = None) -> list[Any]:
    files = getattr(settings, "SIGNING_TRUST_ROOTS", []) if paths is None else paths
    return [load_cert_from_pemder(str(path)) for path in files or []]  # type: ignore[no-untyped-call]


@dataclass
class TimestampReport:
    at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    authority: str


@dataclass
class SignatureReport:
    field: str
    signer: str
    signer_serial: str
    issuer: str
    signed_at: datetime | None  # the signer's own clock (not proof)
    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the signer's certificate chains to a configured root
    covers_whole_file: bool  # False: something was added after signing
    timestamp: TimestampReport | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_whole_file


@dataclass
class Verification:
    signed: bool
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def altered(self) -> bool:
        return any(not (s.intact and s.valid and s.covers_whole_file) for s in self.signatures)

    @property
    def trusted(self) -> bool:
        return self.signed and all(s.trusted for s in self.signatures)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["altered"] = self.altered
        data["trusted"] = self.trusted

        def iso(value: Any) -> Any:
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: iso(v) for k, v in value.items()}
            if isinstance(value, list):
                return [iso(v) for v in value]
            return value

        return dict(iso(data))


def _timestamp(status: TimestampSignatureStatus | None) -> TimestampReport | None:
    if status is None:
        return None
    return TimestampReport(
        at=status.timestamp,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        authority=status.signing_cert.subject.human_friendly if status.signing_cert else "",
    )


def _report(name: str, status: PdfSignatureStatus) -> SignatureReport:
    cert = status.signing_cert
    return SignatureReport(
        field=name,
        signer=cert.subject.human_friendly,
        signer_serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.human_friendly,
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        timestamp=_timestamp(status.timestamp_validity),
    )


def verify_pdf(data: bytes, roots: Sequence[Any] | None = None) -> Verification:
    """Check every signature of the PDF ``data``; raises VerificationError when it is not a readable PDF."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise VerificationError(_("This file is not a PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise VerificationError(_("This PDF cannot be read: %(error)s") % {"error": exc}) from exc
    if not embedded:
        return Verification(signed=False)
    roots = trust_roots() if roots is None else list(roots)
    reports = []
    # pyHanko logs a full PathBuildingError traceback for an untrusted signer; the report says it already.
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        for signature in embedded:
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            try:
                status = validate_pdf_signature(
                    signature,
                    signer_validation_context=context,
                    ts_validation_context=ValidationContext(trust_roots=roots, allow_fetching=False),
                )
            except Exception as exc:  # noqa: BLE001 - a damaged signature dictionary is "altered", not a crash
                reports.append(
                    SignatureReport(
                        field=signature.field_name,
                        signer="",
                        signer_serial="",
                        issuer="",
                        signed_at=None,
                        intact=False,
                        valid=False,
                        trusted=False,
                        covers_whole_file=False,
                        timestamp=None,
                        problem=f"{type(exc).__name__}: {exc}"[:300],
                    )
                )
                continue
            reports.append(_report(signature.field_name, status))
    finally:
        logger.setLevel(level)
    return Verification(signed=True, signatures=reports)
