"""The filer agrees to electronic service on their filing's page: a consent of their own party on the case,
one address at a time; the documents served on them are listed there with their receipts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecourt.eservice import services as eservice
from ecourt.eservice.models import Consent
from ecourt.filing import services
from ecourt.filing.models import Filing


def _english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_the_filer_agrees_to_eservice_for_their_own_party(client: Any, filer: Any, draft: Filing) -> None:
    services.submit(filer, draft.pk)
    draft.refresh_from_db()
    url = reverse("filing:eservice_consent", args=[draft.pk])
    client.force_login(filer)
    page = _english(client).get(reverse("filing:detail", args=[draft.pk])).content.decode()
    assert url in page
    assert "Nothing served electronically yet." in page

    # A bad address is refused with the reason, and nothing is recorded.
    response = client.post(url, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Consent.objects.exists()

    response = client.post(url, {"email": "an.nguyen@example.vn"})
    assert response.status_code == 302
    assert draft.case is not None
    plaintiff = draft.case.parties.get(user=filer)
    consent = eservice.consent_in_force(plaintiff)
    assert consent is not None
    assert consent.email == "an.nguyen@example.vn"
    assert Consent.objects.count() == 1  # the defendant has not agreed to anything
    page = client.get(reverse("filing:detail", args=[draft.pk])).content.decode()
    assert "an.nguyen@example.vn" in page
    assert url not in page

    # A new address replaces the old one: one consent in force.
    client.post(url, {"email": "an.moi@example.vn"})
    in_force = Consent.objects.filter(withdrawn_at__isnull=True)
    assert [c.email for c in in_force] == ["an.moi@example.vn"]


@pytest.mark.django_db
def test_a_draft_has_no_consent_and_others_cannot_agree_for_the_filer(
    client: Any, filer: Any, other_citizen: Any, draft: Filing
) -> None:
    url = reverse("filing:eservice_consent", args=[draft.pk])
    client.force_login(filer)
    assert client.post(url, {"email": "an@example.vn"}).status_code == 302  # back to the review of the draft
    assert not Consent.objects.exists()
    services.submit(filer, draft.pk)
    client.force_login(other_citizen)
    assert client.post(url, {"email": "ke.gian@example.vn"}).status_code == 404
    assert not Consent.objects.exists()
