"""Fixtures of the two-factor tests: clients that stop after the password step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from ecourt.twofactor.testing import password_only


@pytest.fixture
def browser_client() -> Client:
    """A client whose logins pass only the password, as a browser before the code page."""
    return password_only(Client())


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def signed_in(user: Any) -> Client:
    client = password_only(Client())
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client
