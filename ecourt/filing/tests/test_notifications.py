"""The filer is told of each step of the case's life: one notification per event, never twice, and an
e-mail through a real SMTP server on a local socket."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecourt.cases.models import EventKind
from ecourt.cases.services import assignment, petition
from ecourt.filing import services
from ecourt.filing.jobs import notify_job
from ecourt.filing.models import EmailState, Filing, Notification
from ecourt.filing.notifications import notify_filing, notify_new_events, send_pending_emails


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[_Inbox]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def submitted(filer: Any, draft: Filing) -> Filing:
    services.submit(filer, draft.pk)
    draft.refresh_from_db()
    return draft


def _staff_of(court: Any) -> tuple[Any, Any, Any]:
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    return staff(court, Role.PRESIDENT), staff(court, Role.JUDGE), staff(court, Role.CLERK)


@pytest.mark.django_db
def test_each_event_is_notified_once_however_often_the_job_runs(submitted: Filing, smtp: _Inbox) -> None:
    assert notify_filing(submitted.pk) == 1
    assert notify_filing(submitted.pk) == 0
    assert notify_new_events() == {"filings": 0, "notifications": 0}
    case = submitted.case
    assert case is not None
    president, judge, _clerk = _staff_of(case.court)
    assignment.assign_petition(president, case.pk, judge)
    petition.request_amendment(judge, case.pk, items="Bổ sung bản sao CCCD của nguyên đơn")
    first = notify_job()
    second = notify_job()
    assert first["notifications"] == 2
    assert second["notifications"] == 0
    kinds = list(
        Notification.objects.filter(filing=submitted).order_by("event__seq").values_list("event__kind", flat=True)
    )
    assert kinds == [EventKind.PETITION_RECEIVED, EventKind.PETITION_ASSIGNED, EventKind.AMENDMENT_REQUESTED]
    submitted.refresh_from_db()
    assert submitted.last_notified_seq == 3
    # One e-mail per notification, to the filer, none sent twice.
    assert len(smtp.messages) == 3
    assert all(rcpt == ["nguyenan@example.vn"] for rcpt, _m in smtp.messages)
    ids = {m["Message-ID"] for _r, m in smtp.messages}
    assert len(ids) == 3
    body = smtp.messages[-1][1].get_payload(decode=True).decode()
    assert case.uid in body
    assert reverse("filing:detail", args=[submitted.pk]) in body
    assert not Notification.objects.exclude(email_state=EmailState.SENT).exists()


@pytest.mark.django_db
def test_a_run_that_read_an_old_cursor_makes_no_doubles(submitted: Filing) -> None:
    assert notify_filing(submitted.pk) == 1
    # A second run that read the cursor before the first committed: the unique (filing, event) refuses it.
    Filing.objects.filter(pk=submitted.pk).update(last_notified_seq=0)
    assert notify_filing(submitted.pk) == 0
    assert Notification.objects.filter(filing=submitted).count() == 1


@pytest.mark.django_db
def test_the_notification_rows_and_the_cursor_move_together(submitted: Filing) -> None:
    def crashing_run() -> None:
        with transaction.atomic():
            notify_filing(submitted.pk)
            raise RuntimeError("crash before the commit")

    with pytest.raises(RuntimeError):
        crashing_run()
    submitted.refresh_from_db()
    assert submitted.last_notified_seq == 0
    assert not Notification.objects.exists()
    assert notify_filing(submitted.pk) == 1


@pytest.mark.django_db
def test_an_smtp_failure_keeps_the_email_for_the_next_run(submitted: Filing, settings: Any) -> None:
    notify_filing(submitted.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    assert send_pending_emails() == {"sent": 0, "failed": 1}
    row = Notification.objects.get()
    assert row.email_state == EmailState.PENDING
    assert row.email_error


@pytest.mark.django_db
def test_a_sender_that_died_is_replaced_with_the_same_message_id(submitted: Filing, smtp: _Inbox) -> None:
    notify_filing(submitted.pk)
    row = Notification.objects.get()
    Notification.objects.filter(pk=row.pk).update(email_state=EmailState.SENDING, email_claimed_at=timezone.now())
    assert send_pending_emails() == {"sent": 0, "failed": 0}  # claimed a moment ago: left to its sender
    Notification.objects.filter(pk=row.pk).update(email_claimed_at=timezone.now() - datetime.timedelta(hours=1))
    assert send_pending_emails()["sent"] == 1
    assert send_pending_emails()["sent"] == 0
    assert len(smtp.messages) == 1
    assert smtp.messages[0][1]["Message-ID"].startswith(f"<filing-notification-{row.pk}@")


@pytest.mark.django_db
def test_notifications_show_on_the_filers_pages_only(client: Any, submitted: Filing, other_citizen: Any) -> None:
    client.cookies["django_language"] = "en"
    notify_filing(submitted.pk)
    client.force_login(submitted.filer)
    page = client.get(reverse("filing:index")).content.decode()
    assert "Petition received" in page
    assert 'class="unread"' in page
    client.post(reverse("filing:read_notifications"))
    assert Notification.objects.filter(read_at__isnull=False).count() == 1
    client.force_login(other_citizen)
    assert "Petition received" not in client.get(reverse("filing:index")).content.decode()


@pytest.mark.django_db
def test_a_filer_without_email_is_notified_in_the_app(filer: Any, draft: Filing) -> None:
    type(filer).objects.filter(pk=filer.pk).update(email="")
    services.submit(filer, draft.pk)
    notify_filing(draft.pk)
    assert Notification.objects.get().email_state == EmailState.NONE
    assert send_pending_emails() == {"sent": 0, "failed": 0}


@pytest.mark.django_db
def test_submitting_notifies_the_filer_at_once(
    client: Any, filer: Any, draft: Filing, smtp: _Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(filer)
    # What follows the commit (timestamps, the first notification): run the callbacks the test holds back.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("filing:submit", args=[draft.pk]))
    assert Notification.objects.filter(filing=draft).count() == 1
    assert len(smtp.messages) == 1


@pytest.mark.usefixtures("transactional_db")
def test_two_runs_at_the_same_moment_notify_each_event_once(filer: Any, draft: Filing) -> None:
    import threading

    from django.db import connection

    services.submit(filer, draft.pk)
    case = Filing.objects.get(pk=draft.pk).case
    assert case is not None
    president, judge, _clerk = _staff_of(case.court)
    assignment.assign_petition(president, case.pk, judge)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            notify_new_events()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Notification.objects.filter(filing=draft).count() == 2
    assert Filing.objects.get(pk=draft.pk).last_notified_seq == 2


@pytest.mark.django_db
def test_a_sealed_case_holds_notifications_back_until_it_opens(client: Any, submitted: Filing) -> None:
    from ecourt.cases.models import Case

    client.cookies["django_language"] = "en"
    case = submitted.case
    assert case is not None
    Case.objects.filter(pk=case.pk).update(sealed=True)  # as a sealing decision leaves it
    assert notify_filing(submitted.pk) == 0
    client.force_login(submitted.filer)
    page = client.get(reverse("filing:detail", args=[submitted.pk])).content.decode()
    assert "The court has sealed this case file" in page
    assert "What has happened" not in page  # the steps; the status of their own petition stays shown
    submitted.refresh_from_db()
    assert submitted.last_notified_seq == 0
    Case.objects.filter(pk=case.pk).update(sealed=False)
    assert notify_filing(submitted.pk) == 1


@pytest.mark.django_db
def test_the_fee_notice_shows_on_the_filers_page(client: Any, submitted: Filing) -> None:
    from decimal import Decimal

    from ecourt.fees.services import issue_notice

    client.cookies["django_language"] = "en"
    case = submitted.case
    assert case is not None
    president, judge, clerk = _staff_of(case.court)
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)
    petition.decide_to_accept(judge, case.pk)
    notice = issue_notice(judge, case.pk, amount=Decimal("300000"))
    client.force_login(submitted.filer)
    page = client.get(reverse("filing:detail", args=[submitted.pk])).content.decode()
    assert notice.reference in page
    assert "Advance fee notice issued" in page
    assert notify_job()["notifications"] == 5  # received, assigned, clerk, decision to accept, fee notice


@pytest.mark.usefixtures("transactional_db")
def test_the_notify_command_runs_the_job_and_a_second_run_finds_nothing(filer: Any, draft: Filing, capsys: Any) -> None:
    import json

    from django.core.management import call_command

    services.submit(filer, draft.pk)  # committed: its first notification is made at once
    case = Filing.objects.get(pk=draft.pk).case
    assert case is not None
    president, judge, _clerk = _staff_of(case.court)
    assignment.assign_petition(president, case.pk, judge)
    call_command("filing", "notify")
    first = json.loads(capsys.readouterr().out)
    call_command("filing", "notify")
    second = json.loads(capsys.readouterr().out)
    assert first["notifications"] == 1
    assert second["notifications"] == 0
    assert Notification.objects.filter(filing=draft).count() == 2
