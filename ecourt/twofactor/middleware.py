"""Keeps a password account that has not passed its second factor to the two-factor pages.

Installed after django-otp's OTPMiddleware (which tells whether the session's user was verified by one
of their devices). Such a user reaches only the two-factor pages, the sign-out and the language switch:
any other page redirects to the code page (or the set-up page when nothing is enrolled), and the API
answers 403 in its error shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ecourt.middleware import API_PREFIX

from . import services

TWOFACTOR_PREFIX = "/twofactor/"


def _open_paths() -> tuple[str, ...]:
    return (
        TWOFACTOR_PREFIX,
        reverse("people:logout"),
        reverse("set_language"),
        settings.STATIC_URL or "/static/",
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and services.requires_second_factor(user)
            and not user.is_verified()  # type: ignore[attr-defined]  # set by django_otp's OTPMiddleware
            and not request.path_info.startswith(_open_paths())
        ):
            enrolled = services.is_enrolled(user)
            if enrolled or not services.may_skip(user):
                return self._refuse(request, enrolled=enrolled)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, *, enrolled: bool) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            message = (
                _("Pass the second factor of this account on the web first (two-factor authentication).")
                if enrolled
                else _("Set up two-factor authentication for this account on the web first.")
            )
            return JsonResponse(
                {"error": {"code": "second_factor_required", "message": message, "fields": {}}}, status=403
            )
        target = reverse("twofactor:verify" if enrolled else "twofactor:setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):  # an HTMX call: the whole page goes, not a fragment swap
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
