"""A filer sees only their own filings; another citizen and court staff are told they do not exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecourt.filing import services
from ecourt.filing.models import Filing, FilingStatus

PAGES = ["detail", "court", "parties", "claims", "uploads", "review"]
POSTS = ["submit", "delete", "eservice_consent"]


@pytest.mark.django_db
def test_the_filer_opens_their_draft(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    for name in PAGES:
        response = client.get(reverse(f"filing:{name}", args=[draft.pk]))
        assert response.status_code in (200, 302), name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_citizen", "clerk", "judge"])
def test_nobody_else_sees_or_touches_a_filing(client: Any, request: Any, draft: Filing, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    for name in PAGES + POSTS:
        method = client.post if name in POSTS else client.get
        response = method(reverse(f"filing:{name}", args=[draft.pk]))
        assert response.status_code in (403, 404), (who, name, response.status_code)
    upload = draft.uploads.first()
    assert upload is not None
    response = client.post(reverse("filing:remove_upload", args=[draft.pk, upload.pk]))
    assert response.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT
    assert draft.uploads.count() == 2
    assert Filing.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_another_citizen_gets_not_found_and_an_empty_list(client: Any, other_citizen: Any, draft: Filing) -> None:
    client.force_login(other_citizen)
    assert client.get(reverse("filing:detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("filing:index"))
    assert page.status_code == 200
    assert draft.subject not in page.content.decode()


@pytest.mark.django_db
def test_staff_do_not_file_online(client: Any, clerk: Any, court_map: dict[str, Any]) -> None:
    client.force_login(clerk)
    assert client.get(reverse("filing:index")).status_code == 403
    assert client.post(reverse("filing:new"), {"case_type": "DS", "court": court_map["one"].pk}).status_code == 403
    with pytest.raises(services.FilingError):
        services.create_draft(clerk, court=court_map["one"], case_type="DS")
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client: Any, draft: Filing) -> None:
    response = client.get(reverse("filing:detail", args=[draft.pk]))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.django_db
def test_a_submitted_filing_cannot_be_changed(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    services.submit(filer, draft.pk)
    draft.refresh_from_db()
    with pytest.raises(services.FilingError):
        services.save_claims(draft, subject="Khác", claims="Khác", value_in_dispute=None)
    assert client.post(reverse("filing:delete", args=[draft.pk])).status_code == 302
    assert Filing.objects.filter(pk=draft.pk, status=FilingStatus.SUBMITTED).exists()
