"""Signing in and out, the home page, and the menu that follows the user's roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecourt.twofactor.testing import mark_verified

pytestmark = pytest.mark.django_db

LOGIN = reverse("people:login")
PASSWORD = "mat-khau-thu-nghiem"


def test_the_login_page_is_vietnamese_first_and_english_on_request(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html
    client.cookies["django_language"] = "en"
    html = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "User name" in html


def test_a_wrong_password_is_refused_clearly(client, judge):
    response = client.post(LOGIN, {"username": judge.username, "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_in_leads_to_the_docket_and_signing_out_back(client, judge):
    response = client.post(LOGIN, {"username": judge.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:docket")
    mark_verified(client, judge)  # the second factor, after the password (ecourt/twofactor/tests)
    assert client.get(reverse("people:home"))["Location"] == reverse("cases:docket")
    assert client.get(reverse("people:logout")).status_code == 405  # a link cannot sign anyone out
    response = client.post(reverse("people:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(reverse("people:home"))["Location"] == LOGIN


def test_the_menu_shows_what_the_roles_allow(client, judge, president, citizen):
    client.force_login(judge)
    html = client.get(reverse("cases:docket")).content.decode()
    assert "Sổ thụ lý của tôi" in html
    assert "Nhận đơn mới" in html
    assert "Tổng quan Tòa án" not in html
    assert "Phân công" not in html
    assert judge.full_name in html
    assert "Thẩm phán" in html
    assert "Đăng xuất" in html
    client.force_login(president)
    html = client.get(reverse("cases:overview")).content.decode()
    assert "Phân công" in html
    assert "Tổng quan Tòa án" in html
    assert "Chánh án" in html
    assert "Sổ thụ lý của tôi" not in html
    client.force_login(citizen)
    html = client.get(LOGIN, follow=True).content.decode()
    assert "Sổ thụ lý của tôi" not in html
    assert "Nhận đơn mới" not in html
