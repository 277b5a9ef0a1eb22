"""Telling filers what happens to their cases: one notification per new case event, then an e-mail.

Two phases, each safe to run again or to run twice at once:

1. ``notify_filing`` locks the filing, turns the case events after its cursor (``last_notified_seq``)
   into ``Notification`` rows and moves the cursor, in one transaction. A crash before the commit leaves
   both as they were (the next run does the work); a second run after it finds nothing new. Two runs at
   the same moment: PostgreSQL makes the second wait for the lock and read the moved cursor; on SQLite,
   where writes are serialised, the unique (filing, event) constraint refuses its rows and its
   transaction is rolled back.
2. ``send_pending_emails`` claims each pending notification with a conditional UPDATE before sending
   (so two senders never send the same one), marks it sent after, and puts it back to pending when the
   SMTP server refuses. A sender that died between claiming and marking leaves the claim; after
   ``STALE_CLAIM`` it is sent again with the same Message-ID, so the receiving side sees one message.
"""

from __future__ import annotations

import datetime
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecourt.cases.models import CaseEvent, EventKind, Status

from .models import EmailState, Filing, FilingStatus, Notification
from .selectors import filer_sees_case

STALE_CLAIM = datetime.timedelta(minutes=10)


def notify_filing(filing_id: int) -> int:
    """Notifications for the events of the filing's case after its cursor; returns how many were made."""
    try:
        with transaction.atomic():
            filing = Filing.objects.select_for_update(of=("self",)).select_related("filer").filter(pk=filing_id).first()
            if filing is None or filing.case_id is None:
                return 0
            if not filer_sees_case(filing):
                return 0  # held back (a sealed file): the cursor stays, so nothing is lost when it opens
            events = list(
                CaseEvent.objects.filter(case_id=filing.case_id, seq__gt=filing.last_notified_seq).order_by("seq")
            )
            if not events:
                return 0
            state = EmailState.PENDING if filing.filer.email else EmailState.NONE
            Notification.objects.bulk_create(
                [Notification(filing=filing, user=filing.filer, event=event, email_state=state) for event in events]
            )
            Filing.objects.filter(pk=filing.pk).update(last_notified_seq=events[-1].seq)
            return len(events)
    except IntegrityError:
        return 0  # another run notified these events at the same moment


def notify_new_events() -> dict[str, int]:
    """Every submitted filing whose case has events after its cursor."""
    behind = (
        Filing.objects.filter(status=FilingStatus.SUBMITTED)
        .annotate(last=Max("case__events__seq"))
        .filter(last__gt=F("last_notified_seq"))
        .values_list("pk", flat=True)
    )
    filings = made = 0
    for filing_id in list(behind):
        filings += 1
        made += notify_filing(filing_id)
    return {"filings": filings, "notifications": made}


def event_label(event: CaseEvent) -> str:
    return str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _message(notification: Notification) -> EmailMessage:
    filing = notification.filing
    case = filing.case
    assert case is not None
    event = notification.event
    link = settings.ESERVICE_BASE_URL.rstrip("/") + reverse("filing:detail", args=[filing.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your case %(number)s: %(event)s") % {"number": case.display_number, "event": event_label(event)}
        lines = [
            _("%(court)s has recorded a step in your case %(number)s:")
            % {"court": case.court.name, "number": case.display_number},
            f"{event.occurred_on:%d/%m/%Y}: {event_label(event)}"
            + (f" ({event.document_number})" if event.document_number else ""),
            _("Status now: %(status)s") % {"status": status_label(event.status_after)},
            "",
            _("Follow your case here: %(link)s") % {"link": link},
        ]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1]
    return EmailMessage(
        subject,
        "\n".join(lines),
        None,
        [filing.filer.email],
        headers={"Message-ID": f"<filing-notification-{notification.pk}@{domain}>"},
    )


def send_pending_emails(limit: int = 200, *, filing_id: int | None = None) -> dict[str, int]:
    """Send the e-mails not yet sent (and those whose sender died, after ``STALE_CLAIM``); only those of
    one filing when ``filing_id`` is given (right after its submission)."""
    now = timezone.now()
    due = Notification.objects.filter(
        Q(email_state=EmailState.PENDING) | Q(email_state=EmailState.SENDING, email_claimed_at__lt=now - STALE_CLAIM)
    ).order_by("id")
    if filing_id is not None:
        due = due.filter(filing_id=filing_id)
    sent = failed = 0
    for row in list(due.values("pk", "email_state", "email_claimed_at")[:limit]):
        claimed = Notification.objects.filter(
            pk=row["pk"], email_state=row["email_state"], email_claimed_at=row["email_claimed_at"]
        ).update(
            email_state=EmailState.SENDING, email_claimed_at=timezone.now(), email_attempts=F("email_attempts") + 1
        )
        if not claimed:
            continue  # another sender has it
        notification = Notification.objects.select_related("filing__filer", "filing__case__court", "event").get(
            pk=row["pk"]
        )
        try:
            _message(notification).send()
        except (OSError, smtplib.SMTPException) as exc:
            Notification.objects.filter(pk=notification.pk).update(
                email_state=EmailState.PENDING, email_claimed_at=None, email_error=f"{type(exc).__name__}: {exc}"[:300]
            )
            failed += 1
        else:
            Notification.objects.filter(pk=notification.pk).update(
                email_state=EmailState.SENT, emailed_at=timezone.now(), email_error=""
            )
            sent += 1
    return {"sent": sent, "failed": failed}


def mark_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those in ``ids``)."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
