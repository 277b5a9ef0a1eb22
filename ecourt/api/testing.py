"""Helpers for the API tests: a client signed in as someone, and the checks every error shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


def client_for(user: Any = None) -> APIClient:
    """An API client with a session for ``user`` (anonymous when None), as a browser would have."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def error_of(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The error body of ``response``, after checking its status, its shape and (if given) its code."""
    assert response.status_code == status, (response.status_code, response.content.decode())
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["message"], str), error
    assert error["message"], error
    if code is not None:
        assert error["code"] == code, error
    return error


@pytest.fixture(autouse=True)
def fresh_throttles() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
