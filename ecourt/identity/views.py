"""Pages of the OpenID Connect sign-in: off to the provider, and back."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import services

logger = logging.getLogger(__name__)


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("identity:oidc-callback"))


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    if not services.oidc_enabled():
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    try:
        auth = services.authorization_request(_redirect_uri(request))
    except services.OidcError as exc:
        messages.error(request, str(exc))
        return redirect("people:login")
    request.session[services.SESSION_KEY] = {
        "state": auth.state,
        "nonce": auth.nonce,
        "code_verifier": auth.code_verifier,
        "next": next_url,
    }
    return redirect(auth.url)


@require_safe
def callback(request: HttpRequest) -> HttpResponse:
    if not services.oidc_enabled():
        raise Http404
    # One try per start: the state, nonce and verifier are used at most once.
    pending = request.session.pop(services.SESSION_KEY, None)
    try:
        if not isinstance(pending, dict) or request.GET.get("state") != pending.get("state"):
            raise services.OidcError(_("The sign-in expired or did not start here. Please start again."))
        if request.GET.get("error"):
            raise services.OidcError(_("The national e-ID service did not sign you in."))
        code = request.GET.get("code", "")
        if not code:
            raise services.OidcError(_("The national e-ID service did not sign you in."))
        id_token = services.exchange_code(
            code=code, redirect_uri=_redirect_uri(request), code_verifier=pending["code_verifier"]
        )
        claims = services.verify_id_token(id_token, nonce=pending["nonce"])
        user = services.user_for_claims(claims)
    except services.OidcError as exc:
        logger.warning("OIDC sign-in refused: %s", exc)
        messages.error(request, str(exc))
        return redirect("people:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(pending.get("next") or "people:home")  # home sends citizens and lawyers to their filings
