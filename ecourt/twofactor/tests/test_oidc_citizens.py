"""Citizens who sign in through the national e-ID (a real OpenID Connect provider) are not asked for a
second factor: the provider's sign-in is theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecourt.identity.tests.test_oidc import _code_from_provider, configured, provider  # noqa: F401 - fixtures
from ecourt.people.models import User, UserKind


@pytest.mark.django_db
def test_a_citizen_signed_in_through_the_e_id_goes_on_without_a_code(client, configured):  # noqa: F811
    start = client.get("/identity/oidc/start/")
    query = _code_from_provider(configured, start["Location"])
    done = client.get("/identity/oidc/callback/", {"code": query["code"][0], "state": query["state"][0]})
    assert done.status_code == 302
    assert "/twofactor/" not in done["Location"]
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.kind == UserKind.CITIZEN
    landing = client.get(done["Location"])
    assert "/twofactor/" not in landing.get("Location", "")
    assert client.get("/api/v1/people/me/").json()["user"]["id"] == user.pk
    assert client.get(reverse("twofactor:setup")).status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()
