"""OpenID Connect client: the authorization-code flow with PKCE, id_token checks, and user mapping.

Small on purpose: requests for the HTTP calls, joserfc to verify the id_token against the provider's
JWKS. Every check that fails raises :class:`OidcError` with a message fit to show the user.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ecourt.people.models import User, UserKind

from .models import ExternalIdentity

# Only these kinds may sign in through the provider; a court account (staff) never can, whatever the claims say.
OIDC_KINDS = frozenset({UserKind.CITIZEN, UserKind.LAWYER})
SESSION_KEY = "identity_oidc"


class OidcError(Exception):
    """A sign-in through the provider that must be refused; the message is shown to the user."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def oidc_enabled() -> bool:
    return bool(settings.OIDC_CLIENT_ID)


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(_("The national e-ID service cannot be reached. Please try again later.")) from exc
    if not isinstance(data, dict):
        raise OidcError(_("The national e-ID service gave an answer that cannot be read."))
    return data


def endpoints() -> Endpoints:
    """Explicit OIDC_*_ENDPOINT settings win; the rest comes from the issuer's discovery document."""
    authorization = settings.OIDC_AUTHORIZATION_ENDPOINT
    token = settings.OIDC_TOKEN_ENDPOINT
    jwks = settings.OIDC_JWKS_URI
    if not (authorization and token and jwks):
        discovery = _get_json(f"{settings.OIDC_ISSUER}/.well-known/openid-configuration")
        authorization = authorization or str(discovery.get("authorization_endpoint", ""))
        token = token or str(discovery.get("token_endpoint", ""))
        jwks = jwks or str(discovery.get("jwks_uri", ""))
    if not (authorization and token and jwks):
        raise OidcError(_("The national e-ID service is not configured completely."))
    return Endpoints(authorization=authorization, token=token, jwks=jwks)


def authorization_request(redirect_uri: str) -> AuthorizationRequest:
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.OIDC_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": settings.OIDC_SCOPES,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    url = f"{endpoints().authorization}?{query}"
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)


def exchange_code(*, code: str, redirect_uri: str, code_verifier: str) -> str:
    """Trades the code for tokens at the token endpoint and returns the raw id_token."""
    try:
        response = requests.post(
            endpoints().token,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
            auth=(settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET),
            timeout=settings.OIDC_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise OidcError(_("The national e-ID service cannot be reached. Please try again later.")) from exc
    if response.status_code != 200:
        raise OidcError(_("The national e-ID service refused the sign-in. Please start again."))
    try:
        id_token = response.json().get("id_token")
    except ValueError as exc:
        raise OidcError(_("The national e-ID service gave an answer that cannot be read.")) from exc
    if not isinstance(id_token, str) or not id_token:
        raise OidcError(_("The national e-ID service gave no identity token."))
    return id_token


def verify_id_token(id_token: str, *, nonce: str) -> dict[str, Any]:
    """Checks the signature against the provider's JWKS, then issuer, audience, expiry and nonce."""
    keys = KeySet.import_key_set(_get_json(endpoints().jwks))  # type: ignore[arg-type]
    try:
        token = jwt.decode(id_token, keys, algorithms=["RS256", "ES256", "PS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": settings.OIDC_ISSUER},
            aud={"essential": True, "value": settings.OIDC_CLIENT_ID},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise OidcError(_("The identity token from the national e-ID service is not valid.")) from exc
    return dict(token.claims)


@transaction.atomic
def user_for_claims(claims: dict[str, Any]) -> User:
    """The user for a verified id_token: the one bound to its subject, else one found by identity
    number, else a new citizen. A staff account is never returned, so it cannot be taken over."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    refused = _("This account cannot sign in with the national e-ID. Court officials use their court account.")
    identity = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is not None:
        user = identity.user
        if user.kind not in OIDC_KINDS:
            raise OidcError(refused)
    else:
        national_id = str(claims.get(settings.OIDC_NATIONAL_ID_CLAIM) or "").strip()
        user_or_none = User.objects.filter(national_id=national_id).first() if national_id else None
        if user_or_none is not None and user_or_none.kind not in OIDC_KINDS:
            raise OidcError(refused)
        if user_or_none is None:
            user_or_none = _new_citizen(claims, subject=subject, national_id=national_id)
        user = user_or_none
        identity = ExternalIdentity.objects.create(issuer=issuer, subject=subject, user=user)
    if not user.is_active:
        raise OidcError(_("This account is disabled."))
    identity.save(update_fields=["last_login_at"])
    return user


def _new_citizen(claims: dict[str, Any], *, subject: str, national_id: str) -> User:
    digest = hashlib.sha256(f"{claims['iss']} {subject}".encode()).hexdigest()[:24]
    user = User(
        username=f"eid-{digest}",
        full_name=str(claims.get("name") or "").strip()[:150],
        email=str(claims.get("email") or "").strip()[:254],
        kind=UserKind.CITIZEN,
        national_id=national_id[:12],
        # Django's staff flags are separate from our kind; a citizen gets none of them.
        is_staff=False,
        is_superuser=False,
    )
    user.set_unusable_password()
    user.save()
    return user
