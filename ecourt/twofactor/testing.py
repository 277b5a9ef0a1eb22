"""Test helpers: a test client's login passes the second factor, and a browser passes it for real.

``ecourt/conftest.py`` applies ``auto_verify_logins`` to every test, so ``client.force_login(judge)``
and ``client.login(...)`` give a session that has passed the second factor with a real, confirmed TOTP
device of the user, as after the code page. A test of the code page itself starts its client with
``password_only(client)`` (the password step only).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .demo import code_for_secret

TEST_DEVICE = "test authenticator"


def enrol(user: Any, *, key: str | None = None) -> TOTPDevice:
    """A confirmed authenticator device of ``user`` (``key`` in hex, random when None)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        fields: dict[str, Any] = {"user": user, "name": TEST_DEVICE, "confirmed": True}
        if key is not None:
            fields["key"] = key
        device = TOTPDevice.objects.create(**fields)
    return device


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now: the current time step's, or the next one's when the current one was
    used already (a code is refused twice; the device takes one step of clock drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client: Client, user: Any) -> None:
    """Record in the client's session that ``user`` passed the second factor (with a real device)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
    session.save()


def password_only(client: Client) -> Client:
    """Make later logins of ``client`` stop after the password, as a browser that has not entered a code."""
    client.twofactor_auto_verify = False  # type: ignore[attr-defined]
    return client


def auto_verify_logins(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Client._login  # type: ignore[attr-defined]

    def _login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if getattr(self, "twofactor_auto_verify", True) and services.requires_second_factor(user):
            mark_verified(self, user)

    monkeypatch.setattr(Client, "_login", _login)


def pass_in_browser(page: Any, user: Any) -> None:
    """After the password step in a Playwright page: enter the code on the code page, or set up the
    authenticator on the set-up page (reading the secret it shows) and keep the backup codes."""
    page.wait_for_load_state()
    if "/twofactor/setup/" in page.url:
        secret = page.locator("[data-secret]").get_attribute("data-secret")
        page.fill("#id_code", code_for_secret(secret))
        page.click("[data-page=twofactor-setup] form button[type=submit]")
        page.wait_for_load_state()
        page.click("[data-page=twofactor-backup-codes] a.btn-primary")
        page.wait_for_load_state()
    elif "/twofactor/verify/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_code", code_for(device))
        page.click("[data-page=twofactor-verify] form button[type=submit]")
        page.wait_for_load_state()
