"""Electronic service end to end: a real SMTP server on a local socket receives the notification."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from ecourt.cases.factories import accepted_case
from ecourt.cases.models import PartyRole
from ecourt.deadlines.calendar import get_calendar
from ecourt.eservice import services
from ecourt.eservice.models import Service, ServiceStatus
from ecourt.people.factories import UserFactory
from ecourt.people.models import UserKind


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
def case(clerk: Any, president: Any, judge: Any, court: Any) -> Any:
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    for party in case.parties.all():
        party.user = UserFactory(kind=UserKind.CITIZEN)
        party.save()
    return case


def _party(case: Any, role: str) -> Any:
    return case.parties.get(role=role)


def _serve(party: Any, **kwargs: Any) -> Service:
    with transaction.atomic():
        service = services.serve(party, title="Thông báo thụ lý vụ án", text="Nội dung thông báo", **kwargs)
    return service


@pytest.mark.django_db
def test_serve_sends_a_link_through_a_real_smtp_server(
    smtp: _Inbox, case: Any, django_capture_on_commit_callbacks: Any
) -> None:
    plaintiff = _party(case, PartyRole.PLAINTIFF)
    services.give_consent(plaintiff, "nguyendan@example.vn")
    # The notification is sent on commit: run the callbacks the test transaction holds back.
    with django_capture_on_commit_callbacks(execute=True):
        service = _serve(plaintiff)

    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["nguyendan@example.vn"]
    body = message.get_payload(decode=True).decode()
    assert reverse("eservice:open", args=[service.token]) in body
    assert "Nội dung thông báo" not in body  # the link, never the document
    service.refresh_from_db()
    assert service.notified_at is not None
    assert service.status == ServiceStatus.AVAILABLE


@pytest.mark.django_db
def test_no_consent_no_service(case: Any) -> None:
    defendant = _party(case, PartyRole.DEFENDANT)
    with pytest.raises(services.NoConsentError):
        services.serve(defendant, title="X", text="Y")
    consent = services.give_consent(defendant, "bidon@example.vn")
    services.withdraw_consent(consent)
    with pytest.raises(services.NoConsentError):
        services.serve(defendant, title="X", text="Y")
    assert not Service.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_only_the_party_opens_it_and_the_first_opening_counts(client: Any, case: Any, clerk: Any) -> None:
    plaintiff = _party(case, PartyRole.PLAINTIFF)
    defendant = _party(case, PartyRole.DEFENDANT)
    services.give_consent(plaintiff, "nguyendan@example.vn")
    service = _serve(plaintiff)
    url = reverse("eservice:open", args=[service.token])

    for other in (defendant.user, clerk):
        client.force_login(other)
        assert client.get(url).status_code == 403
    service.refresh_from_db()
    assert service.opened_at is None

    client.force_login(plaintiff.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Nội dung thông báo" in response.content.decode()
    service = Service.objects.get(pk=service.pk)
    first = service.opened_at
    assert first is not None
    assert service.status == ServiceStatus.OPENED
    client.get(url)
    service.refresh_from_db()
    assert service.opened_at == first


@pytest.mark.django_db
def test_deemed_service_on_the_computed_working_day(case: Any, settings: Any) -> None:
    settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS = 3
    plaintiff = _party(case, PartyRole.PLAINTIFF)
    services.give_consent(plaintiff, "nguyendan@example.vn")
    service = _serve(plaintiff)
    # Made available on a Friday before Tết 2026 (holidays 14–22/02): the working days skip them.
    friday = timezone.make_aware(datetime.datetime(2026, 2, 13, 10, 0))
    Service.objects.filter(pk=service.pk).update(made_available_at=friday)
    service.refresh_from_db()
    expected = get_calendar().add_working_days(datetime.date(2026, 2, 13), 3)
    assert expected > datetime.date(2026, 2, 18)  # not 3 calendar days
    assert services.deemed_on(service) == expected

    assert services.mark_deemed(today=expected - datetime.timedelta(days=1)) == 0
    assert services.mark_deemed(today=expected) == 1
    service.refresh_from_db()
    assert service.status == ServiceStatus.DEEMED
    assert timezone.localdate(service.deemed_served_at) == expected
    assert services.mark_deemed(today=expected) == 0


@pytest.mark.django_db
def test_receipt_verification_refuses_a_tampered_code(client: Any, case: Any) -> None:
    plaintiff = _party(case, PartyRole.PLAINTIFF)
    services.give_consent(plaintiff, "nguyendan@example.vn")
    service = _serve(plaintiff)
    client.force_login(plaintiff.user)
    client.get(reverse("eservice:open", args=[service.token]))
    service.refresh_from_db()
    code = services.receipt_code(service)
    receipt = client.get(reverse("eservice:receipt", args=[service.token]))
    assert code in receipt.content.decode()

    client.logout()
    verify = reverse("eservice:verify")
    client.cookies["django_language"] = "en"  # pages speak Vietnamese unless the visitor chose English
    with translation.override("en"):
        assert "Valid receipt" in client.get(verify, {"code": code}).content.decode()
        tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
        assert "does not match" in client.get(verify, {"code": tampered}).content.decode()
        assert "does not match" in client.get(verify, {"code": "abc"}).content.decode()
    # A changed fact (the opening time) invalidates the code issued before.
    Service.objects.filter(pk=service.pk).update(opened_at=timezone.now() + datetime.timedelta(hours=1))
    assert services.verify_receipt(code) is None


def test_without_the_period_configured_nothing_is_deemed_served(settings: Any) -> None:
    settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS = None
    with pytest.raises(services.DeemedPeriodUnsetError):
        services.mark_deemed()
    with pytest.raises(CommandError, match="ESERVICE_DEEMED_AFTER_WORKING_DAYS"):
        call_command("eservice", "mark-deemed")
