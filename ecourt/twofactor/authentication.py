"""HTTP Basic for the API, refused for accounts that need a second factor (unless TWOFACTOR_API_BASIC).

A password alone would otherwise open the API of a court account that the web only opens after its
second factor. The development server keeps Basic for such accounts (docs/api.md's examples); production
refuses it unless the court turns it on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from . import services


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid: str, password: str, request: Request | None = None) -> tuple[Any, None]:
        user, auth = super().authenticate_credentials(userid, password, request)
        if services.requires_second_factor(user) and not settings.TWOFACTOR_API_BASIC:
            raise exceptions.AuthenticationFailed(
                _("This account uses two-factor authentication: HTTP Basic is refused for it. Sign in on the web.")
            )
        return user, auth
