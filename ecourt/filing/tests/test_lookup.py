"""The public look-up by case number: court, number, type, day received and stage; nothing about parties."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from ecourt.cases.factories import received_petition
from ecourt.filing import services
from ecourt.filing.models import Filing


@pytest.fixture(autouse=True)
def fresh_counters() -> None:
    cache.clear()


@pytest.mark.django_db
def test_anyone_looks_up_a_case_and_sees_no_party(client: Any, filer: Any, draft: Filing) -> None:
    client.cookies["django_language"] = "en"
    services.submit(filer, draft.pk)
    draft.refresh_from_db()
    case = draft.case
    assert case is not None
    page = client.get(reverse("filing:lookup"), {"number": case.uid}).content.decode()
    assert case.court.short_name in page
    assert case.uid in page
    assert "Civil" in page
    assert "Petition received" in page
    assert case.received_on.strftime("%d/%m/%Y") in page
    for party in case.parties.all():
        assert party.name not in page
        assert party.national_id not in page
        assert party.address.split(",")[0] not in page
    assert draft.claims not in page


@pytest.mark.django_db
def test_sealed_and_unknown_cases_are_not_found(client: Any, clerk: Any, court: Any) -> None:
    client.cookies["django_language"] = "en"
    sealed = received_petition(clerk, court, sealed=True)
    page = client.get(reverse("filing:lookup"), {"number": sealed.uid}).content.decode()
    assert "No case with this number." in page
    assert f'<td class="mono">{sealed.uid}</td>' not in page
    assert "No case with this number." in client.get(reverse("filing:lookup"), {"number": "nope"}).content.decode()


@pytest.mark.django_db
def test_lookups_are_rate_limited_per_address(client: Any, settings: Any) -> None:
    settings.FILING_LOOKUP_RATE = "3/min"
    for _ in range(3):
        assert client.get(reverse("filing:lookup"), {"number": "x"}).status_code == 200
    response = client.get(reverse("filing:lookup"), {"number": "x"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 0
    # The empty form itself is not counted.
    assert client.get(reverse("filing:lookup")).status_code == 200
