"""Pages are Vietnamese first: an English browser still gets Vietnamese until the user switches."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_gets_vietnamese(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page


def test_the_switch_chooses_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, HTTP_ACCEPT_LANGUAGE="en-US")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Sign in" in page or "Log in" in page


def test_the_api_answers_in_the_language_it_is_asked(client, judge):
    client.force_login(judge)
    english = client.get("/api/v1/people/me/", HTTP_ACCEPT_LANGUAGE="en").json()
    vietnamese = client.get("/api/v1/people/me/").json()
    assert english["memberships"][0]["role_label"] == "Judge"
    assert vietnamese["memberships"][0]["role_label"] == "Thẩm phán"
