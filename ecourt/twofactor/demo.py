"""The demo's second factor: the demo logins share one published TOTP secret (README, "Demo logins"), so
anyone trying the platform can add it to an authenticator app once, or print the current code with
`python -m ecourt twofactor demo-code`. Never in production."""

from __future__ import annotations

import base64
import time

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecourt.demo.loader import JOB_KIND
from ecourt.jobs.models import Job, JobStatus
from ecourt.people.models import User

from . import services

DEMO_SECRET = "ECOURTDEMOTWOFACTORKEYFORTRYING2"  # noqa: S105 - base32, 20 bytes; published: demo only
DEMO_DEVICE = "demo authenticator"


class DemoError(Exception):
    pass


def demo_usernames() -> list[str]:
    """The logins the last finished demo load printed (``demo users``)."""
    job = Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED).order_by("-id").first()
    if job is None:
        raise DemoError("No demo data in this database: run `python -m ecourt demo load` first.")
    return [str(login["username"]) for login in job.result.get("logins", [])]


def enrol_demo_logins() -> list[str]:
    """Give every demo login that needs a second factor and has none the demo secret. Idempotent; returns
    the usernames enrolled now."""
    if settings.PRODUCTION:
        raise DemoError("The demo's published TOTP secret is refused with ECOURT_ENV=production.")
    key = base64.b32decode(DEMO_SECRET).hex()
    enrolled: list[str] = []
    with transaction.atomic():
        for user in User.objects.filter(username__in=demo_usernames()).order_by("username"):
            if not services.requires_second_factor(user) or services.is_enrolled(user):
                continue
            device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, key=key, confirmed=True)
            services.log(None, user, "enrolled", device=device.persistent_id, demo=True)
            enrolled.append(user.username)
    return enrolled


def code_for_secret(secret: str) -> str:
    """The current code of a base32 secret as the set-up page shows it (spaces allowed)."""
    text = "".join(secret.split()).upper()
    totp = TOTP(base64.b32decode(text + "=" * (-len(text) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


def current_demo_code() -> str:
    return code_for_secret(DEMO_SECRET)
