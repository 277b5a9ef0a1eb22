"""Sign-in of citizens and lawyers through an OpenID Connect provider (the national e-ID, VNeID).

Off unless OIDC_CLIENT_ID is set. The endpoints come from OIDC_ISSUER (discovery at
``<issuer>/.well-known/openid-configuration``) or are given one by one; explicit ones win over discovery.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "") or ""
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "") or ""
OIDC_ISSUER = (env_str("OIDC_ISSUER", "") or "").rstrip("/")
OIDC_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT", "") or ""
OIDC_JWKS_URI = env_str("OIDC_JWKS_URI", "") or ""
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid profile") or "openid profile"
# The claim that carries the citizen identity number (CCCD); the provider's documentation names it.
OIDC_NATIONAL_ID_CLAIM = env_str("OIDC_NATIONAL_ID_CLAIM", "national_id") or "national_id"
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1)

if OIDC_CLIENT_ID and not OIDC_ISSUER:
    raise ImproperlyConfigured("OIDC_CLIENT_ID is set: OIDC_ISSUER must be set too (the id_token's 'iss')")
if OIDC_CLIENT_ID and not OIDC_CLIENT_SECRET:
    raise ImproperlyConfigured("OIDC_CLIENT_ID is set: OIDC_CLIENT_SECRET must be set too")
