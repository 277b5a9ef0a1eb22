"""Serving documents electronically, opening them, deemed service and receipts.

The notification e-mail carries only a link: the document itself stays on the court's system, where
opening it is recorded (the party is served when it is opened, or deemed served when the period in
``settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS`` has passed unopened — see docs/eservice.md for the
legal basis and what remains to be confirmed).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.cases.models import Party
from ecourt.deadlines.calendar import get_calendar

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


def serve(party: Party, *, title: str, text: str = "", file: Any = None, base_url: str = "") -> Service:
    """Make a document available to ``party`` and e-mail it a link (never the document itself)."""
    consent = consent_in_force(party)
    if consent is None:
        raise NoConsentError(_("The party has not agreed to electronic service."))
    if not text and file is None:
        raise ValueError(_("A document is needed: a file or a text."))
    service = Service(
        case=party.case,
        party=party,
        consent=consent,
        title=title,
        document_text=text,
        made_available_at=timezone.now(),
    )
    if file is not None:
        service.document_file = file
    service.save()
    link = (base_url or settings.ESERVICE_BASE_URL).rstrip("/") + reverse("eservice:open", args=[service.token])
    # Sent after commit so a rolled-back service never produces an e-mail.
    transaction.on_commit(lambda: _notify(service.pk, consent.email, title, link))
    return service


def _notify(service_id: int, email: str, title: str, link: str) -> None:
    body = _("The court has served a document on you electronically: %(title)s\nOpen it here: %(link)s") % {
        "title": title,
        "link": link,
    }
    send_mail(_("Court document: %(title)s") % {"title": title}, body, None, [email])
    Service.objects.filter(pk=service_id, notified_at__isnull=True).update(notified_at=timezone.now())


def record_opening(service: Service) -> Service:
    """Record the first opening; later ones change nothing (the first one is the legal moment)."""
    now = timezone.now()
    updated = Service.objects.filter(pk=service.pk, opened_at__isnull=True, deemed_served_at__isnull=True).update(
        opened_at=now, status=ServiceStatus.OPENED
    )
    if not updated:
        # Deemed service already happened: opening later is still recorded, the status stays.
        Service.objects.filter(pk=service.pk, opened_at__isnull=True).update(opened_at=now)
    service.refresh_from_db()
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
    for service in Service.objects.filter(status=ServiceStatus.AVAILABLE, opened_at__isnull=True):
        day = deemed_on(service)
        if day <= today:
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
            marked += Service.objects.filter(pk=service.pk, status=ServiceStatus.AVAILABLE).update(
                status=ServiceStatus.DEEMED, deemed_served_at=moment
            )
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
