"""Writes of the filing app: the draft step by step, the uploads, and the submission that opens the case.

Every function takes the filing already loaded for its owner (``selectors.filing_for_user``) and
refuses anything but a draft. Bad input raises ``FilingError`` (its message is shown) and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.cases.models import CaseType, PartyKind, PartyRole
from ecourt.cases.services.intake import PartyInput, validate_parties
from ecourt.cases.services.online import receive_online_petition
from ecourt.cases.services.steps import TransitionError
from ecourt.courts.models import Court
from ecourt.evidence.filed import attach_filed
from ecourt.evidence.models import CaseFile, FileKind
from ecourt.evidence.storage import DOCX, PDF, EvidenceFileError, Stored, receive_stream
from ecourt.vietnamese import normalize

from . import jurisdiction, territory
from .models import Filing, FilingStatus, FilingUpload, UploadKind
from .selectors import may_file

# Case types filed online: the civil-procedure and administrative ones (a criminal case comes from the procuracy).
ONLINE_CASE_TYPES = (CaseType.DS, CaseType.HNGD, CaseType.KDTM, CaseType.LD, CaseType.HC)
ONLINE_ROLES = (PartyRole.PLAINTIFF, PartyRole.DEFENDANT, PartyRole.RELATED, PartyRole.REPRESENTATIVE, PartyRole.LAWYER)
PETITION_TYPES = frozenset({PDF, DOCX})
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files go through the resumable upload (ecourt/evidence)
DEFAULT_MAX_FILES = 30


class FilingError(ValueError):
    """Input that cannot be accepted; the message says why. Nothing was changed."""


def max_file_bytes() -> int:
    return int(getattr(settings, "FILING_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


def max_files() -> int:
    return int(getattr(settings, "FILING_MAX_FILES", DEFAULT_MAX_FILES))


def _editable(filing: Filing) -> None:
    if filing.status != FilingStatus.DRAFT:
        raise FilingError(_("This petition has been submitted and can no longer be changed."))


def _check_court(court: Court | None, case_type: str) -> None:
    if case_type not in ONLINE_CASE_TYPES:
        raise FilingError(_("Choose a case type that can be filed online."))
    if court is None or not court.is_active_on(timezone.localdate()):
        raise FilingError(_("Choose a court operating today."))


def create_draft(user: Any, *, court: Court | None, case_type: str) -> Filing:
    """A new draft petition owned by ``user``."""
    if not may_file(user):
        raise FilingError(_("Online filing is for citizens, businesses and lawyers signed in with the e-ID."))
    _check_court(court, case_type)
    return Filing.objects.create(filer=user, court=court, case_type=case_type)


def save_court(filing: Filing, *, court: Court | None, case_type: str) -> Filing:
    _editable(filing)
    _check_court(court, case_type)
    filing.court = court
    filing.case_type = case_type
    filing.save(update_fields=["court", "case_type", "updated_at"])
    return filing


def party_inputs(rows: list[dict[str, Any]]) -> list[PartyInput]:
    """The party rows as the cases app takes them; the address written out with the commune and province."""
    inputs = []
    for row in rows:
        place = territory.place_label(str(row.get("commune") or ""))
        address = ", ".join(part for part in (str(row.get("address") or "").strip(), place) if part)
        represents = row.get("represents")
        inputs.append(
            PartyInput(
                name=normalize(str(row.get("name") or "")).strip(),
                role=str(row.get("role") or ""),
                kind=str(row.get("kind") or PartyKind.PERSON),
                birth_year=row.get("birth_year"),
                national_id=str(row.get("national_id") or ""),
                address=address[:300],
                represents=int(represents) - 1 if represents else None,
            )
        )
    return inputs


def save_parties(filing: Filing, rows: list[dict[str, Any]], *, filer_party: int | None) -> Filing:
    """Keep the parties (``rows``: cleaned party forms, ``represents`` 1-based) and which one the filer is,
    after the cases app's own checks of a party list."""
    _editable(filing)
    if not rows:
        raise FilingError(_("Add at least one party."))
    for number, row in enumerate(rows, 1):
        if row.get("role") not in ONLINE_ROLES:
            raise FilingError(_("Party no. %(n)s: choose a role.") % {"n": number})
        commune = str(row.get("commune") or "")
        if commune and (
            territory.commune(commune) is None or territory.commune(commune).province_code != row.get("province")  # type: ignore[union-attr]
        ):
            raise FilingError(_("Party no. %(n)s: the commune is not in the province chosen.") % {"n": number})
    if filer_party is None or not 1 <= filer_party <= len(rows):
        raise FilingError(_("Say which party you are (yourself, or the party you act for as lawyer)."))
    try:
        validate_parties(party_inputs(rows), case_type=filing.case_type)
    except TransitionError as exc:
        raise FilingError(str(exc)) from exc
    clean = []
    for row in rows:
        clean.append(
            {
                "name": normalize(str(row.get("name") or "")).strip(),
                "role": row.get("role"),
                "kind": row.get("kind") or PartyKind.PERSON,
                "birth_year": row.get("birth_year"),
                "national_id": row.get("national_id") or "",
                "address": normalize(str(row.get("address") or "")).strip(),
                "province": row.get("province") or "",
                "commune": row.get("commune") or "",
                "represents": row.get("represents"),
            }
        )
    filing.parties = clean
    filing.filer_party = filer_party
    filing.save(update_fields=["parties", "filer_party", "updated_at"])
    return filing


def save_claims(filing: Filing, *, subject: str, claims: str, value_in_dispute: Decimal | None) -> Filing:
    _editable(filing)
    subject = normalize(subject).strip()
    claims = normalize(claims).strip()
    if not subject:
        raise FilingError(_("Write the legal relation in dispute."))
    if not claims:
        raise FilingError(_("Write what you ask the court to decide."))
    if value_in_dispute is not None and value_in_dispute < 0:
        raise FilingError(_("The value in dispute cannot be negative."))
    filing.subject = subject
    filing.claims = claims
    filing.value_in_dispute = value_in_dispute
    filing.save(update_fields=["subject", "claims", "value_in_dispute", "updated_at"])
    return filing


def add_upload(filing: Filing, upload: Any, *, name: str, kind: str) -> FilingUpload:
    """Store ``upload`` under its hash (type checked from the content, size limited) and list it with the
    filing. Raises ``FilingError`` with the reason; a refused file leaves nothing behind."""
    _check_room(filing, kind)
    name = Path(name or "file").name[:255]
    try:
        stored = receive_stream(upload, name, max_bytes=max_file_bytes())
    except EvidenceFileError as exc:
        raise FilingError(str(exc)) from exc
    return add_stored(filing, stored, name=name, kind=kind)


def _check_room(filing: Filing, kind: str) -> None:
    _editable(filing)
    if kind not in UploadKind.values:
        raise FilingError(_("Unknown kind of file."))
    if filing.uploads.count() >= max_files():
        raise FilingError(_("A petition can carry at most %(n)d files.") % {"n": max_files()})


def add_stored(filing: Filing, stored: Stored, *, name: str, kind: str) -> FilingUpload:
    """List a file already checked, hashed and stored under its hash (a one-request upload, or a completed
    resumable one: ``resumable.take``) with the filing, after the filing's own rules (a draft, at most
    ``FILING_MAX_FILES``, the petition PDF or DOCX, the same bytes once). The filing row is locked meanwhile."""
    name = Path(name or "file").name[:255]
    with transaction.atomic():
        Filing.objects.select_for_update().filter(pk=filing.pk).first()
        filing.refresh_from_db(fields=["status"])
        _check_room(filing, kind)
        if kind == UploadKind.PETITION and stored.content_type not in PETITION_TYPES:
            raise FilingError(_("The petition itself must be a PDF or a Word (.docx) document."))
        existing = filing.uploads.filter(sha256=stored.sha256).first()
        if existing is not None:
            raise FilingError(
                _("%(name)s is already attached (as %(other)s).") % {"name": name, "other": existing.name}
            )
        return FilingUpload.objects.create(
            filing=filing,
            kind=kind,
            name=name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            path=stored.path,
        )


def remove_upload(filing: Filing, upload_id: int) -> None:
    """Take a file off the draft (the stored copy stays: other filings may hold the same bytes)."""
    _editable(filing)
    deleted, _rows = filing.uploads.filter(pk=upload_id).delete()
    if not deleted:
        raise FilingError(_("No such file in this petition."))


def problems(filing: Filing) -> list[str]:
    """What still keeps the draft from being submitted, jurisdiction included (empty when ready)."""
    missing = []
    if filing.court is None or not filing.case_type:
        missing.append(_("Choose the court and the case type."))
    if not filing.parties or not filing.filer_party:
        missing.append(_("Enter the parties."))
    if not filing.subject or not filing.claims:
        missing.append(_("Write the claims."))
    if not filing.uploads.filter(kind=UploadKind.PETITION).exists():
        missing.append(_("Upload the petition document."))
    if missing:
        return missing
    verdict = jurisdiction.check(filing.court, filing.case_type, filing.parties, timezone.localdate())
    return verdict.errors


def submit(user: Any, filing_id: int) -> Filing:
    """Submit the draft: the case is opened (event 'petition received', channel online), the uploaded files
    enter its file with their receipt in the chain of custody, and the filing is linked to the case. All
    in one transaction: a refusal changes nothing."""
    from .selectors import filing_for_user

    items: list[CaseFile] = []
    with transaction.atomic():
        filing = filing_for_user(user, filing_id, for_update=True)
        _editable(filing)
        found = problems(filing)
        if found:
            raise FilingError(" ".join(found))
        assert filing.court is not None
        assert filing.filer_party is not None
        try:
            case = receive_online_petition(
                filer=user,
                court=filing.court,
                case_type=filing.case_type,
                subject=filing.subject,
                summary=filing.claims,
                value_in_dispute=filing.value_in_dispute,
                parties=party_inputs(filing.parties),
                filer_party=filing.filer_party - 1,
                data={"filing": filing.pk},
            )
            for upload in filing.uploads.order_by("uploaded_at", "id"):
                item = attach_filed(
                    user,
                    case.pk,
                    name=upload.name,
                    path=upload.path,
                    sha256=upload.sha256,
                    size=upload.size,
                    content_type=upload.content_type,
                    kind=FileKind.PLEADING if upload.kind == UploadKind.PETITION else FileKind.EVIDENCE,
                )
                upload.case_file = item
                upload.save(update_fields=["case_file"])
                items.append(item)
        except (TransitionError, EvidenceFileError) as exc:
            raise FilingError(str(exc)) from exc
        filing.case = case
        filing.status = FilingStatus.SUBMITTED
        filing.submitted_at = timezone.now()
        filing.save(update_fields=["case", "status", "submitted_at", "updated_at"])
        transaction.on_commit(lambda: _after_submit(filing.pk, [item.pk for item in items]))
    return filing


def _after_submit(filing_id: int, item_ids: list[int]) -> None:
    """After commit: ask for the files' timestamps and tell the filer the petition was received."""
    from ecourt.evidence import timestamps

    from .notifications import notify_filing, send_pending_emails

    for item in CaseFile.objects.filter(pk__in=item_ids):
        timestamps.stamp(item)
    notify_filing(filing_id)
    send_pending_emails(filing_id=filing_id)


def delete_draft(filing: Filing) -> None:
    _editable(filing)
    filing.delete()


def agree_to_eservice(filing: Filing, email: str) -> Any:
    """The filer agrees to be served electronically at ``email`` (Resolution 04/2016/NQ-HĐTP): a consent
    of their party on the case; an earlier consent in force is withdrawn first (one address at a time)."""
    from ecourt.eservice import services as eservice

    from .selectors import filer_party

    party = filer_party(filing)
    if party is None:
        raise FilingError(_("Submit the petition first."))
    with transaction.atomic():
        current = eservice.consent_in_force(party)
        if current is not None:
            if current.email == email:
                return current
            eservice.withdraw_consent(current)
        return eservice.give_consent(party, email)
