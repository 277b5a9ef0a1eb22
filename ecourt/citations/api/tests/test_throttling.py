"""The citations endpoints have their own rate limits (scope "citations"), per address for anonymous
clients and per user for signed-in ones, on top of the general limits. Counters live in the cache,
which ``fresh_throttles`` empties around each test."""

from __future__ import annotations

from typing import Any

import pytest

from ecourt.api.testing import client_for, error_of
from ecourt.settings.tests.test_environment import load_settings, refusal

pytestmark = pytest.mark.django_db

URL = "/api/v1/citations/extract/"
TEXT = {"text": "Căn cứ Điều 5 Bộ luật Dân sự."}


@pytest.fixture
def low_rates(settings: Any) -> None:
    """Two requests a minute per address, three per user, for the citations scope only."""
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {
        **rest["DEFAULT_THROTTLE_RATES"],
        "citations_anon": "2/minute",
        "citations_user": "3/minute",
    }
    settings.REST_FRAMEWORK = rest


def post(client: Any) -> Any:
    return client.post(URL, TEXT, format="json")


def test_an_address_past_its_rate_gets_429_with_retry_after(low_rates):
    client = client_for()
    assert [post(client).status_code for _ in range(2)] == [200, 200]
    response = post(client)
    error_of(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    # Only this scope is spent: the rest of the API still answers the address.
    assert client.get("/api/v1/laws/documents/").status_code == 200


def test_a_signed_in_user_has_the_user_rate_and_their_own_count(low_rates, judge, colleague):
    anonymous = client_for()
    assert [post(anonymous).status_code for _ in range(3)] == [200, 200, 429]
    client = client_for(judge)  # same address, own count
    assert [post(client).status_code for _ in range(3)] == [200, 200, 200]
    error_of(post(client), 429, "throttled")
    assert post(client_for(colleague)).status_code == 200


def test_the_configured_rate_applies(settings):
    """API_RATE_CITATIONS_ANON (default 30/minute) is what an address gets."""
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["citations_anon"].split("/")[0])
    client = client_for()
    assert all(post(client).status_code == 200 for _ in range(allowed))
    error_of(post(client), 429, "throttled")


def test_the_rates_come_from_the_environment(tmp_path):
    assert {k: v for k, v in load_settings(tmp_path)["rates"].items() if k.startswith("citations")} == {
        "citations_anon": "30/minute",
        "citations_user": "120/minute",
    }
    rates = load_settings(tmp_path, API_RATE_CITATIONS_ANON="5/Second", API_RATE_CITATIONS_USER="600/hour")["rates"]
    assert (rates["citations_anon"], rates["citations_user"]) == ("5/second", "600/hour")
    assert "API_RATE_CITATIONS_USER='many' is not a rate" in refusal(tmp_path, API_RATE_CITATIONS_USER="many")
