"""Rate limits of expensive endpoints, on top of the general per-user and per-address limits.

An endpoint that does a lot of work per request (reading citations in 64,000 characters of text) gets a
*scope*: its own rates in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under ``<scope>_anon`` (per
address, for anonymous clients) and ``<scope>_user`` (per signed-in user), set from the environment in
ecourt/settings/rest.py. The view lists ``scoped_throttles("<scope>")``.

Rates are read at each request rather than when the class is defined (as Django REST framework does), so
that a change of the settings (a test's override) applies at once. Counters live in the default cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, SimpleRateThrottle, UserRateThrottle


class _LiveRates(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates: Mapping[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope is None or self.scope not in rates:
            raise KeyError(f"no rate for the throttle scope {self.scope!r} in DEFAULT_THROTTLE_RATES")
        rate: str | None = rates[self.scope]
        return rate


class ScopedAnonThrottle(_LiveRates, AnonRateThrottle):
    """Anonymous clients, counted per address (``<scope>_anon``)."""


class ScopedUserThrottle(_LiveRates, UserRateThrottle):
    """Signed-in users, counted per user (``<scope>_user``); anonymous clients are left to the anon rate."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


def scoped_throttles(scope: str) -> list[type[BaseThrottle]]:
    """The throttle classes of a view with the scope's own rates, the general ones kept."""
    anon = type(f"{scope.title()}AnonThrottle", (ScopedAnonThrottle,), {"scope": f"{scope}_anon"})
    user = type(f"{scope.title()}UserThrottle", (ScopedUserThrottle,), {"scope": f"{scope}_user"})
    # The setting holds the classes once Django REST framework has imported them (the stubs say strings).
    general = cast("list[type[BaseThrottle]]", api_settings.DEFAULT_THROTTLE_CLASSES)
    return [*general, anon, user]
