"""Serving documents electronically, opening them, deemed service and receipts.

Each service, first opening and deemed service is also an event of the case
(``cases.services.documents.record_service_event``), so the case's history shows it. The documents the
court issued from a case's steps (ecourt/signing) are served from the case page (``serve_issued``) to
the parties who agreed to electronic service.

The notification e-mail carries only a link: the document itself stays on the court's system, where
opening it is recorded (the party is served when it is opened, or deemed served when the period in
``settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS`` has passed unopened — see docs/eservice.md for the
legal basis and what remains to be confirmed).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.cases.access import CaseNotFound, CasePermission, access_case_for_user
from ecourt.cases.models import EventKind, Party
from ecourt.cases.services.documents import record_service_event
from ecourt.deadlines.calendar import get_calendar
from ecourt.signing.issuing import document_title, may_manage
from ecourt.signing.models import IssuedDocument, IssueStatus

from .models import Consent, Service, ServiceStatus


class NoConsentError(ValueError):
    """The party has not agreed to electronic service (or withdrew): serve it another way."""


def consent_in_force(party: Party) -> Consent | None:
    return party.eservice_consents.filter(withdrawn_at__isnull=True).order_by("-given_at").first()


def give_consent(party: Party, email: str) -> Consent:
    return Consent.objects.create(party=party, email=email, given_at=timezone.now())


def withdraw_consent(consent: Consent) -> None:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])


def _event_data(service: Service) -> dict[str, Any]:
    party = service.party
    return {"document": service.title, "party": {"id": party.pk, "name": party.name, "role": party.role}}


def serve(
    party: Party,
    *,
    title: str,
    text: str = "",
    file: Any = None,
    issued: IssuedDocument | None = None,
    actor: Any = None,
    base_url: str = "",
) -> Service:
    """Make a document available to ``party`` and e-mail it a link (never the document itself); the
    service is an event of the case. ``issued``: a signed document of the case (ecourt/signing)."""
    consent = consent_in_force(party)
    if consent is None:
        raise NoConsentError(_("The party has not agreed to electronic service."))
    if issued is not None and (issued.status != IssueStatus.ISSUED or issued.case_id != party.case_id):
        raise ValueError(_("Only a signed document of the party's case can be served."))
    if not text and file is None and issued is None:
        raise ValueError(_("A document is needed: a file or a text."))
    service = Service(
        case=party.case,
        party=party,
        consent=consent,
        title=title,
        document_text=text,
        issued_document=issued,
        made_available_at=timezone.now(),
    )
    if file is not None:
        service.document_file = file
    with transaction.atomic():
        service.save()
        record_service_event(
            party.case_id,
            EventKind.DOCUMENT_SERVED,
            on=timezone.localdate(service.made_available_at),
            actor=actor,
            data=_event_data(service),
        )
    link = (base_url or settings.ESERVICE_BASE_URL).rstrip("/") + reverse("eservice:open", args=[service.token])
    # Sent after commit so a rolled-back service never produces an e-mail.
    transaction.on_commit(lambda: _notify(service.pk, consent.email, title, link))
    return service


@dataclass
class Served:
    """What serving an issued document did: served now, already served before, and parties left out
    because they have not agreed to electronic service (to be served another way)."""

    services: list[Service] = field(default_factory=list)
    already: list[Party] = field(default_factory=list)
    without_consent: list[Party] = field(default_factory=list)


def serve_issued(actor: Any, document_id: int, *, base_url: str = "") -> Served:
    """Serve a signed document of a case on each of its parties who agreed to electronic service
    (representatives open it for the party they act for). For the people on the case."""
    document = IssuedDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise CaseNotFound(_("No such document."))
    case = access_case_for_user(actor, document.case_id, CasePermission.RECORD)
    if not may_manage(actor, case):
        raise PermissionDenied(_("Only the people on the case may serve its documents."))
    if document.status != IssueStatus.ISSUED:
        raise ValueError(_("Only a signed document can be served."))
    title = document_title(document)
    result = Served()
    with transaction.atomic():
        served_to = set(Service.objects.filter(issued_document=document).values_list("party_id", flat=True))
        for party in case.parties.filter(represents__isnull=True).order_by("position", "pk"):
            if party.pk in served_to:
                result.already.append(party)
            elif consent_in_force(party) is None:
                result.without_consent.append(party)
            else:
                result.services.append(serve(party, title=title, issued=document, actor=actor, base_url=base_url))
    return result


def _notify(service_id: int, email: str, title: str, link: str) -> None:
    body = _("The court has served a document on you electronically: %(title)s\nOpen it here: %(link)s") % {
        "title": title,
        "link": link,
    }
    send_mail(_("Court document: %(title)s") % {"title": title}, body, None, [email])
    Service.objects.filter(pk=service_id, notified_at__isnull=True).update(notified_at=timezone.now())


def record_opening(service: Service, actor: Any = None) -> Service:
    """Record the first opening, and its event in the case; later ones change nothing (the first one is
    the legal moment)."""
    now = timezone.now()
    with transaction.atomic():
        updated = Service.objects.filter(pk=service.pk, opened_at__isnull=True, deemed_served_at__isnull=True).update(
            opened_at=now, status=ServiceStatus.OPENED
        )
        if not updated:
            # Deemed service already happened: opening later is still recorded, the status stays.
            updated = Service.objects.filter(pk=service.pk, opened_at__isnull=True).update(opened_at=now)
        service.refresh_from_db()
        if updated:
            record_service_event(
                service.case_id,
                EventKind.DOCUMENT_OPENED,
                on=timezone.localdate(now),
                actor=actor,
                data=_event_data(service),
            )
    return service


class DeemedPeriodUnsetError(ImproperlyConfigured):
    """ESERVICE_DEEMED_AFTER_WORKING_DAYS is not set: the law's period is not configured, so nothing may be
    deemed served (an invented period would be a legal error, not a default)."""


def _deemed_period() -> int:
    days: int | None = settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS
    if days is None:
        raise DeemedPeriodUnsetError(
            "ESERVICE_DEEMED_AFTER_WORKING_DAYS is not set: give the period of Resolution 04/2016/NQ-HĐTP "
            "after which unopened electronic service is deemed done (docs/eservice.md)."
        )
    return days


def deemed_on(service: Service) -> datetime.date:
    """The day service is deemed done when unopened: the configured number of working days counted
    from the day after the document was made available, on the court's working-day calendar."""
    start = timezone.localdate(service.made_available_at)
    return get_calendar().add_working_days(start, _deemed_period())


def mark_deemed(today: datetime.date | None = None) -> int:
    """Mark unopened services whose period has passed; returns how many were marked. Refused
    (DeemedPeriodUnsetError, nothing marked) while the period is not configured."""
    _deemed_period()
    today = today or timezone.localdate()
    marked = 0
    for service in Service.objects.filter(status=ServiceStatus.AVAILABLE, opened_at__isnull=True).select_related(
        "party"
    ):
        day = deemed_on(service)
        if day <= today:
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
            with transaction.atomic():
                updated = Service.objects.filter(pk=service.pk, status=ServiceStatus.AVAILABLE).update(
                    status=ServiceStatus.DEEMED, deemed_served_at=moment
                )
                if updated:
                    record_service_event(
                        service.case_id, EventKind.DOCUMENT_DEEMED_SERVED, on=day, data=_event_data(service)
                    )
            marked += updated
    return marked


def _facts(service: Service) -> str:
    def stamp(value: datetime.datetime | None) -> str:
        return value.isoformat() if value else "-"

    return "|".join(
        [
            str(service.pk),
            str(service.case_id),
            str(service.party_id),
            service.title,
            stamp(service.made_available_at),
            stamp(service.opened_at),
            stamp(service.deemed_served_at),
            service.status,
        ]
    )


def receipt_code(service: Service) -> str:
    """HMAC-SHA256 of the service's facts with the secret key, prefixed with the service's id."""
    digest = hmac.new(settings.SECRET_KEY.encode(), _facts(service).encode(), hashlib.sha256).hexdigest()
    return f"{service.pk}-{digest[:32]}"


def verify_receipt(code: str) -> Service | None:
    """The service the code was issued for, if the code matches its current facts."""
    code = code.strip()
    number, _sep, _digest = code.partition("-")
    if not number.isdigit():
        return None
    service = Service.objects.filter(pk=int(number)).select_related("case", "party").first()
    if service is None or not hmac.compare_digest(receipt_code(service), code):
        return None
    return service
