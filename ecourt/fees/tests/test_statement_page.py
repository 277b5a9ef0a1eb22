"""The clerk's page for importing the bank's statement: imported whole or refused whole with the reason;
only clerks and presidents of a court may import."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecourt.cases.factories import received_petition
from ecourt.cases.models import Status
from ecourt.cases.services import assignment, petition
from ecourt.fees.models import BankStatement, NoticeStatus, StatementLine
from ecourt.fees.services import issue_notice

HEADER = "transaction_id,date,amount,description\n"


def _csv(body: str, name: str = "sao-ke.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode(), content_type="text/csv")


@pytest.fixture
def notice(court: Any, clerk: Any, judge: Any, president: Any) -> Any:
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)
    petition.decide_to_accept(judge, case.pk)
    return issue_notice(judge, case.pk, amount=Decimal("300000"))


@pytest.mark.django_db
def test_a_clerk_imports_a_statement_on_the_page(notice: Any, clerk: Any, client: Any) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(clerk)
    url = reverse("fees:import")
    assert url in client.get(reverse("fees:unmatched")).content.decode()
    today = datetime.date.today().isoformat()
    body = f"T1,{today},300000,NOP AN PHI {notice.reference}\nT2,{today},42000,khong ma\n"
    response = client.post(url, {"statement": _csv(body)}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statement sao-ke.csv imported: 1 paid a notice, 1 to check, 0 imported before." in html
    assert 'data-line="T2"' in html
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PAID
    assert notice.case.status == Status.FEE_PAID
    # The same file again changes nothing.
    response = client.post(url, {"statement": _csv(body)}, follow=True)
    assert "0 paid a notice, 0 to check, 2 imported before." in response.content.decode()
    assert StatementLine.objects.count() == 2


@pytest.mark.django_db
def test_a_malformed_statement_is_refused_whole(notice: Any, clerk: Any, client: Any) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(clerk)
    today = datetime.date.today().isoformat()
    body = f"T1,{today},300000,{notice.reference}\nT2,hôm qua,42000,khong ma\n"
    response = client.post(reverse("fees:import"), {"statement": _csv(body)})
    assert response.status_code == 400
    assert "Refused, nothing imported:" in response.content.decode()
    assert not BankStatement.objects.exists()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.OPEN
    response = client.post(reverse("fees:import"), {})
    assert response.status_code == 400
    assert "Choose the statement file." in response.content.decode()


@pytest.mark.django_db
def test_only_payment_staff_may_import(notice: Any, judge: Any, citizen: Any, client: Any) -> None:
    today = datetime.date.today().isoformat()
    for who in (judge, citizen):
        client.force_login(who)
        response = client.post(reverse("fees:import"), {"statement": _csv(f"T1,{today},300000,{notice.reference}\n")})
        assert response.status_code == 403
    assert not BankStatement.objects.exists()
    client.logout()
    assert client.post(reverse("fees:import"), {}).status_code == 302
