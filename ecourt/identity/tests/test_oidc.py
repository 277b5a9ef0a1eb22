"""Sign-in through a real OpenID Connect provider (django-oauth-toolkit in a subprocess, over HTTP)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.utils import translation

from ecourt.identity import services
from ecourt.identity.models import ExternalIdentity
from ecourt.people.models import User, UserKind

CLIENT_ID = "ecourt-test"
CLIENT_SECRET = "s3cret-for-tests"
REDIRECT_URI = "http://testserver/identity/oidc/callback/"
NATIONAL_ID = "001090000001"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    db = tmp_path_factory.mktemp("oidc") / "provider.sqlite3"
    script = Path(__file__).with_name("oidc_provider.py")
    env = {"PATH": "/usr/bin:/bin", "PROVIDER_NATIONAL_ID": NATIONAL_ID}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("READY "), line
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def configured(provider, settings):
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ISSUER = f"{provider}/o"
    return provider


def _code_from_provider(provider: str, authorize_url: str) -> dict[str, list[str]]:
    """The user's part at the provider, over real HTTP: sign in there, then authorize."""
    http = requests.Session()
    parts = urlsplit(authorize_url)
    next_path = f"{parts.path}?{parts.query}"
    response = http.post(
        f"{provider}/login/",
        params={"next": next_path},
        data={"username": "citizen", "password": "pw"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    response = http.get(f"{provider}{response.headers['Location']}", allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return parse_qs(location.query)


@pytest.mark.django_db
def test_login_page_has_no_eid_button_when_unconfigured(client, settings):
    settings.OIDC_CLIENT_ID = ""
    with translation.override("en"):
        page = client.get("/login/")
    assert page.status_code == 200
    assert b"/identity/oidc/start/" not in page.content
    assert client.get("/identity/oidc/start/").status_code == 404


@pytest.mark.django_db
def test_citizen_signs_in_end_to_end(client, configured):
    page = client.get("/login/")
    assert b"/identity/oidc/start/" in page.content
    start = client.get("/identity/oidc/start/")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{configured}/o/authorize/")
    query = _code_from_provider(configured, start["Location"])
    done = client.get("/identity/oidc/callback/", {"code": query["code"][0], "state": query["state"][0]})
    assert done.status_code == 302
    assert done["Location"] == "/cases/" or "login" not in done["Location"]
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.kind == UserKind.CITIZEN
    assert user.national_id == NATIONAL_ID
    assert user.full_name == "Nguyễn Thị Hoa"
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == f"{configured}/o"

    # A second sign-in finds the same user through the bound subject.
    client.logout()
    start = client.get("/identity/oidc/start/")
    query = _code_from_provider(configured, start["Location"])
    client.get("/identity/oidc/callback/", {"code": query["code"][0], "state": query["state"][0]})
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(kind=UserKind.CITIZEN).count() == 1


@pytest.mark.django_db
def test_wrong_state_is_refused(client, configured):
    client.cookies["django_language"] = "en"
    start = client.get("/identity/oidc/start/")
    query = _code_from_provider(configured, start["Location"])
    with translation.override("en"):
        done = client.get("/identity/oidc/callback/", {"code": query["code"][0], "state": "forged"}, follow=True)
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()
    assert "did not start here" in done.content.decode()


@pytest.mark.django_db
def test_tampered_id_token_and_wrong_nonce_are_refused(client, configured):
    start = client.get("/identity/oidc/start/")
    pending = client.session[services.SESSION_KEY]
    query = _code_from_provider(configured, start["Location"])
    id_token = services.exchange_code(
        code=query["code"][0], redirect_uri=REDIRECT_URI, code_verifier=pending["code_verifier"]
    )
    header, payload, signature = id_token.split(".")
    # The payload of another token, signed by no one: the signature check must fail.
    forged_payload = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    with pytest.raises(services.OidcError):
        services.verify_id_token(f"{header}.{forged_payload}.{signature}", nonce=pending["nonce"])
    with pytest.raises(services.OidcError):
        services.verify_id_token(f"{header}.{payload}.{signature[:-4]}AAAA", nonce=pending["nonce"])
    with pytest.raises(services.OidcError):
        services.verify_id_token(id_token, nonce="not-the-nonce")
    claims = services.verify_id_token(id_token, nonce=pending["nonce"])
    assert claims["aud"] in (CLIENT_ID, [CLIENT_ID])


@pytest.mark.django_db
def test_staff_account_cannot_be_taken_over(client, configured):
    staff = User.objects.create_user("judge", password="x", kind=UserKind.STAFF, national_id=NATIONAL_ID)
    start = client.get("/identity/oidc/start/")
    query = _code_from_provider(configured, start["Location"])
    client.get("/identity/oidc/callback/", {"code": query["code"][0], "state": query["state"][0]})
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.filter(user=staff).exists()


@pytest.mark.django_db
def test_subject_bound_to_staff_is_refused():
    staff = User.objects.create_user("clerk", password="x", kind=UserKind.STAFF)
    ExternalIdentity.objects.create(issuer="https://id.example", subject="42", user=staff)
    with translation.override("en"), pytest.raises(services.OidcError, match="Court officials"):
        services.user_for_claims({"iss": "https://id.example", "sub": "42"})
