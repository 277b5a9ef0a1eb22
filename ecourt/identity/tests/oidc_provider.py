"""A real OpenID Connect provider for the tests: a tiny Django project with django-oauth-toolkit.

Run as a script: ``python oidc_provider.py DBFILE CLIENT_ID CLIENT_SECRET REDIRECT_URI``. It creates one
provider user ("citizen", password "pw", claims from PROVIDER_* env vars), serves on a free local port
and prints ``READY <port>`` once it listens. ``PROVIDER_CONSENT=1`` shows the provider's consent page.
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

DB, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI = sys.argv[1:5]
KEY = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    .decode()
)

settings.configure(
    DEBUG=False,
    SECRET_KEY="test-provider-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oauth2_provider",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    USE_TZ=True,
    LOGIN_URL="/login/",
    OAUTH2_PROVIDER={
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": KEY,
        "PKCE_REQUIRED": True,
        "SCOPES": {"openid": "OpenID Connect", "profile": "Profile"},
        "OAUTH2_VALIDATOR_CLASS": "__main__.Validator",
    },
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from oauth2_provider.models import Application  # type: ignore[import-untyped]  # noqa: E402
from oauth2_provider.oauth2_validators import OAuth2Validator  # type: ignore[import-untyped]  # noqa: E402


class Validator(OAuth2Validator):  # type: ignore[misc]
    # DOT releases a claim only for the scope it is mapped to.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "national_id": "profile", "email": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        claims = {"name": os.environ.get("PROVIDER_NAME", "Nguyễn Thị Hoa")}
        if os.environ.get("PROVIDER_NATIONAL_ID"):
            claims["national_id"] = os.environ["PROVIDER_NATIONAL_ID"]
        if os.environ.get("PROVIDER_EMAIL"):
            claims["email"] = os.environ["PROVIDER_EMAIL"]
        return claims


@csrf_exempt
def sign_in(request: HttpRequest) -> HttpResponse:
    """A bare sign-in form: POST username/password (the real VNeID shows its own app here)."""
    from django.contrib.auth import authenticate, login
    from django.shortcuts import redirect

    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        if user is not None:
            login(request, user)
            return redirect(request.GET.get("next", "/"))
        return HttpResponse("bad credentials", status=403)
    # A form a browser can fill (the end-to-end tests sign in here in Chromium).
    return HttpResponse(
        '<!doctype html><title>e-ID</title><form method="post"><input name="username" id="username">'
        '<input name="password" id="password" type="password"><button type="submit">Sign in</button></form>'
    )


urlpatterns = [
    path("login/", sign_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    User.objects.create_user("citizen", password="pw")
    Application.objects.create(
        name="ecourt",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT_URI,
        algorithm=Application.RS256_ALGORITHM,
        # PROVIDER_CONSENT=1: the provider asks the user to authorize the court's site (its consent page).
        skip_authorization=os.environ.get("PROVIDER_CONSENT") != "1",
        hash_client_secret=False,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_Quiet)
    print(f"READY {server.server_port}", flush=True)  # noqa: T201
    server.serve_forever()
