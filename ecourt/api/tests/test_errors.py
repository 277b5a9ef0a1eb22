"""Every error of the API has one shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

import base64

import pytest
from rest_framework.throttling import UserRateThrottle

from ecourt.api.testing import client_for, error_of

pytestmark = pytest.mark.django_db


def test_it_asks_an_anonymous_client_to_authenticate(court):
    response = client_for().get("/api/v1/courts/")
    error_of(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Basic ")


def test_it_refuses_wrong_basic_credentials(judge):
    token = base64.b64encode(f"{judge.username}:sai-mat-khau".encode()).decode()
    response = client_for().get("/api/v1/people/me/", HTTP_AUTHORIZATION=f"Basic {token}")
    error_of(response, 401, "authentication_failed")


def test_it_accepts_basic_credentials(judge):
    token = base64.b64encode(f"{judge.username}:mat-khau-thu-nghiem".encode()).decode()
    response = client_for().get("/api/v1/people/me/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200
    assert response.json()["user"]["id"] == judge.pk


def test_an_unknown_address_answers_in_the_error_shape(judge):
    error_of(client_for(judge).get("/api/v1/nothing-here/"), 404, "not_found")
    error_of(client_for(judge).get("/api/v1/cases/abc/"), 404, "not_found")


def test_bad_query_parameters_are_field_errors(judge):
    error = error_of(client_for(judge).get("/api/v1/cases/?deadline=tomorrow&court=x"), 400, "invalid_input")
    assert set(error["fields"]) == {"deadline", "court"}


def test_malformed_json_is_a_parse_error(judge):
    response = client_for(judge).post("/api/v1/cases/", data="{", content_type="application/json")
    error_of(response, 400, "parse_error")


def test_a_method_not_offered_is_refused(judge):
    error_of(client_for(judge).delete("/api/v1/courts/"), 405, "method_not_allowed")


def test_too_many_requests_are_throttled(judge, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "2/minute", raising=False)
    client = client_for(judge)
    assert client.get("/api/v1/people/me/").status_code == 200
    assert client.get("/api/v1/people/me/").status_code == 200
    response = client.get("/api/v1/people/me/")
    error_of(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_writes_take_json_only(judge, court):
    response = client_for(judge).post("/api/v1/cases/", {"court": court.pk}, format="multipart")
    error_of(response, 415, "unsupported_media_type")
