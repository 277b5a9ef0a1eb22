"""Serving the court's signed documents from the case page: each service, first opening and deemed
service is an event in the case's history; the party downloads the signed PDF (which verifies); the
receipts are linked for the people on the case; a colleague not on the case and an outsider cannot serve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from ecourt.cases.factories import accepted_case
from ecourt.cases.models import CaseEvent, EventKind, PartyRole
from ecourt.eservice import services
from ecourt.eservice.models import Service, ServiceStatus
from ecourt.people.factories import UserFactory
from ecourt.people.models import UserKind
from ecourt.signing.models import DocumentKind, IssuedDocument, IssueStatus
from ecourt.signing.services import verify_pdf
from ecourt.signing.tests.pki import court_certificate_configured


@pytest.fixture
def court_certificate(settings: Any, tmp_path: Path) -> Iterator[Any]:
    with court_certificate_configured(settings, tmp_path):
        yield settings


@pytest.fixture
def case(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    with django_capture_on_commit_callbacks(execute=True):  # the signatures are made after commit
        case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    for party in case.parties.all():
        party.user = UserFactory(kind=UserKind.CITIZEN)
        party.save()
    return case


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _events(case: Any, kind: str) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, kind=kind).order_by("seq"))


@pytest.mark.django_db
def test_serving_an_issued_document_records_served_opened_and_deemed_in_the_case_history(
    case: Any,
    clerk: Any,
    judge: Any,
    colleague: Any,
    outsider: Any,
    client: Client,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    plaintiff = case.parties.get(role=PartyRole.PLAINTIFF)
    defendant = case.parties.get(role=PartyRole.DEFENDANT)
    services.give_consent(plaintiff, "nguyendon@example.vn")
    services.give_consent(defendant, "bidon@example.vn")
    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.ACCEPTANCE_NOTICE)
    assert document.status == IssueStatus.ISSUED
    serve_url = reverse("eservice:serve_issued", args=[document.pk])

    client.force_login(outsider)
    assert client.post(serve_url).status_code == 404
    client.force_login(colleague)
    assert client.post(serve_url).status_code == 403
    assert not Service.objects.exists()

    client.force_login(clerk)  # the clerk assigned to the case serves it from the case page
    page = _english(client).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert serve_url in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(serve_url).status_code == 302
    served = {s.party_id: s for s in Service.objects.filter(issued_document=document)}
    assert set(served) == {plaintiff.pk, defendant.pk}
    assert sorted(m.to[0] for m in mail.outbox) == ["bidon@example.vn", "nguyendon@example.vn"]
    served_events = _events(case, EventKind.DOCUMENT_SERVED)
    assert len(served_events) == 2
    assert all(e.actor == clerk and e.status_before == e.status_after == case.status for e in served_events)
    # The document's name as the court writes it, whatever the language of the clerk's page.
    assert served_events[0].data["document"] == f"Thông báo về việc thụ lý vụ án số {document.number}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(serve_url)  # served already: nobody twice
    assert Service.objects.count() == 2
    assert len(_events(case, EventKind.DOCUMENT_SERVED)) == 2

    # The plaintiff opens the signed PDF: opened, once.
    mine = served[plaintiff.pk]
    client.force_login(plaintiff.user)
    response = client.get(reverse("eservice:file", args=[mine.token]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert document.case_file is not None
    assert data == (Path(django_settings.MEDIA_ROOT) / document.case_file.path).read_bytes()
    assert verify_pdf(data).trusted
    assert not verify_pdf(data).altered
    client.get(reverse("eservice:open", args=[mine.token]))
    (opened,) = _events(case, EventKind.DOCUMENT_OPENED)
    assert opened.actor == plaintiff.user
    mine.refresh_from_db()
    assert mine.status == ServiceStatus.OPENED
    # The defendant may not open the plaintiff's service, nor staff: not an opening.
    for other in (defendant.user, clerk):
        client.force_login(other)
        assert client.get(reverse("eservice:file", args=[mine.token])).status_code == 403

    # The defendant never opens it: deemed served when the configured period has passed.
    settings.ESERVICE_DEEMED_AFTER_WORKING_DAYS = 3
    theirs = served[defendant.pk]
    day = services.deemed_on(theirs)
    assert services.mark_deemed(today=day) == 1
    (deemed,) = _events(case, EventKind.DOCUMENT_DEEMED_SERVED)
    assert deemed.actor is None
    assert deemed.occurred_on == day
    assert deemed.data["party"]["name"] == defendant.name
    assert services.mark_deemed(today=day) == 0

    # The case page: the history shows the three, the panel links each receipt.
    client.force_login(judge)
    page = _english(client).get(reverse("cases:detail", args=[case.pk])).content.decode()
    for label in (
        "Document served electronically",
        "Served document opened by the party",
        "Served document deemed received (not opened in time)",
    ):
        assert label in page
    for service in served.values():
        assert reverse("eservice:receipt", args=[service.token]) in page
    receipt = client.get(reverse("eservice:receipt", args=[theirs.token]))
    assert receipt.status_code == 200
    assert services.receipt_code(Service.objects.get(pk=theirs.pk)) in receipt.content.decode()
    client.force_login(colleague)
    assert client.get(reverse("eservice:receipt", args=[theirs.token])).status_code == 403


@pytest.mark.django_db
def test_parties_without_consent_are_named_and_not_served(
    case: Any, clerk: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    plaintiff = case.parties.get(role=PartyRole.PLAINTIFF)
    defendant = case.parties.get(role=PartyRole.DEFENDANT)
    services.give_consent(plaintiff, "nguyendon@example.vn")
    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.FEE_NOTICE)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.serve_issued(clerk, document.pk)
    assert [s.party for s in result.services] == [plaintiff]
    assert result.without_consent == [defendant]
    assert _events(case, EventKind.DOCUMENT_SERVED)[0].data["party"]["id"] == plaintiff.pk
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = _english(client).post(reverse("eservice:serve_issued", args=[document.pk]), follow=True)
    html = response.content.decode()
    assert "Not agreed to electronic service (serve another way)" in html
    assert defendant.name in html  # named: to be served another way
    assert Service.objects.count() == 1  # the plaintiff is not served twice


@pytest.mark.django_db
def test_a_document_not_yet_signed_cannot_be_served(case: Any, clerk: Any) -> None:
    plaintiff = case.parties.get(role=PartyRole.PLAINTIFF)
    services.give_consent(plaintiff, "nguyendon@example.vn")
    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.FEE_NOTICE)
    IssuedDocument.objects.filter(pk=document.pk).update(status=IssueStatus.FAILED)
    with pytest.raises(ValueError, match="văn bản đã ký số"):  # the site speaks Vietnamese
        services.serve_issued(clerk, document.pk)
    assert not Service.objects.exists()
    assert not _events(case, EventKind.DOCUMENT_SERVED)
