"""Two-factor authentication of password accounts: who needs it, enrolment, verification, lockout, reset.

Citizens and lawyers sign in through the national e-ID (ecourt/identity), whose own sign-in is the strong
one; every other account signs in with a password and must then pass a second factor: a TOTP code
(RFC 6238, django-otp's TOTPDevice) or one of its one-time backup codes. Every enrolment, lockout and
reset is written to the audit log; so is each wrong code.
"""

from __future__ import annotations

import base64
import datetime
import logging
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.identity.services import OIDC_KINDS
from ecourt.people.models import Membership, Role, User

from . import codes
from .models import BackupCode, SecondFactorState

logger = logging.getLogger(__name__)

AUDIT_OBJECT = "twofactor"  # audit entries: object_type "twofactor", object_id the account's id, detail["event"]
_EVENT_ACTIONS = {
    "enrolled": Action.CREATE,
    "reenrolled": Action.CHANGE,
    "backup codes regenerated": Action.CHANGE,
    "backup code used": Action.CHANGE,
    "wrong code": Action.DENIED,
    "locked": Action.DENIED,
    "reset": Action.CHANGE,
}


def log(actor: Any, account: User, event: str, **detail: Any) -> None:
    """One audit-log entry about the second factor of ``account``."""
    record(actor, _EVENT_ACTIONS[event], AUDIT_OBJECT, account.pk, detail={"event": event, **detail})


PENDING = "pending"  # name of a TOTP device that has not been confirmed with a code yet
AUTHENTICATOR = "authenticator"


class TwoFactorError(Exception):
    """A refused code or action; the message is shown to the user."""


class LockedOutError(TwoFactorError):
    """Too many wrong codes: no code is tried until ``until``."""

    def __init__(self, message: str, until: datetime.datetime) -> None:
        super().__init__(message)
        self.until = until


def requires_second_factor(user: Any) -> bool:
    """Whether ``user`` signs in with a password and so needs a second factor: every account except
    citizens and lawyers (who sign in through the national e-ID), and any account that can open Django's
    admin whatever its kind."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.kind not in OIDC_KINDS or user.is_staff or user.is_superuser


def authenticator(user: User) -> TOTPDevice | None:
    """The confirmed authenticator-app device of ``user``, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def backup_codes_left(user: User) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def may_skip(user: User) -> bool:
    """Whether an account that is not enrolled may work without a second factor for now: when two-factor
    is not required, or within the grace period counted from its first sign-in without one."""
    if not settings.TWOFACTOR_REQUIRED:
        return True
    if settings.TWOFACTOR_GRACE_DAYS <= 0:
        return False
    state, _created = SecondFactorState.objects.get_or_create(user=user, defaults={"grace_started_at": timezone.now()})
    if state.grace_started_at is None:
        state.grace_started_at = timezone.now()
        state.save(update_fields=["grace_started_at"])
    return timezone.now() < state.grace_started_at + datetime.timedelta(days=settings.TWOFACTOR_GRACE_DAYS)


def grace_ends(user: User) -> datetime.datetime | None:
    state = SecondFactorState.objects.filter(user=user).first()
    if state is None or state.grace_started_at is None or settings.TWOFACTOR_GRACE_DAYS <= 0:
        return None
    return state.grace_started_at + datetime.timedelta(days=settings.TWOFACTOR_GRACE_DAYS)


# --- enrolment ---------------------------------------------------------------------------------------


def pending_device(user: User) -> TOTPDevice:
    """The not yet confirmed authenticator device of ``user`` (a new random secret the first time).
    The same secret is shown until it is confirmed, so reloading the page does not invalidate a scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=PENDING).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=PENDING)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The secret as the authenticator apps take it typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG QR code (made here; nothing is fetched)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, border=2, dark="#111", light="#fff", omitsize=False))


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


def confirm_enrolment(user: User, device: TOTPDevice, code: str) -> Enrolment:
    """Activate ``device`` once ``code`` proves the app holds its secret: the previous authenticator (a
    re-enrolment) and backup codes are replaced, and new backup codes are returned (to be shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError(_("This set-up has expired. Please start again."))
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(_digits(code)):
            raise TwoFactorError(_("The code is not right. Check the time on your phone and try again."))
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()[0] > 0
        locked.confirmed = True
        locked.name = AUTHENTICATOR
        locked.save(update_fields=["confirmed", "name"])
        plain = _new_backup_codes(user)
        SecondFactorState.objects.update_or_create(user=user, defaults={"failures": 0, "locked_until": None})
        log(user, user, "reenrolled" if replaced else "enrolled", device=locked.persistent_id, backup_codes=len(plain))
    return Enrolment(device=locked, backup_codes=plain)


def regenerate_backup_codes(user: User) -> list[str]:
    """New backup codes for an enrolled account; the old ones stop working."""
    if not is_enrolled(user):
        raise TwoFactorError(_("Set up an authenticator app first."))
    with transaction.atomic():
        plain = _new_backup_codes(user)
        log(user, user, "backup codes regenerated", count=len(plain))
    return plain


def _new_backup_codes(user: User) -> list[str]:
    BackupCode.objects.filter(user=user).delete()
    plain: list[str] = []
    digests: set[str] = set()
    while len(plain) < settings.TWOFACTOR_BACKUP_CODES:
        code = codes.new_code()
        digest = codes.digest(code)
        if digest not in digests:
            digests.add(digest)
            plain.append(code)
    BackupCode.objects.bulk_create(BackupCode(user=user, digest=d) for d in digests)
    return plain


# --- verification ------------------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join(code.split())


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice  # the session is marked as verified by the authenticator
    backup_code: bool  # whether a backup code was used (and so used up)
    backup_codes_left: int


def verify(user: User, code: str) -> Verified:
    """Check ``code`` for ``user``: a code of the authenticator (6 digits not used before) or one of the
    backup codes (then used up). Raises ``LockedOutError`` while the account is locked, and
    ``TwoFactorError`` for a wrong code, which is counted; the last allowed wrong code locks it."""
    text = code.strip()
    if not text:
        raise TwoFactorError(_("Enter the code."))
    with transaction.atomic():
        state, _created = SecondFactorState.objects.select_for_update().get_or_create(user=user)
        now = timezone.now()
        if state.locked_until is not None and state.locked_until > now:
            raise LockedOutError(_locked_message(state.locked_until), state.locked_until)
        verified = _match(user, text)
        if verified is not None:
            state.failures = 0
            state.locked_until = None
            state.save(update_fields=["failures", "locked_until"])
            if verified.backup_code:
                log(user, user, "backup code used", remaining=verified.backup_codes_left)
            return verified
        # A wrong code: counted and logged in this transaction, which commits (the error is raised after).
        state.failures += 1
        log(user, user, "wrong code", failures_in_a_row=state.failures)
        locked_until = None
        if state.failures >= settings.TWOFACTOR_MAX_FAILURES:
            locked_until = now + datetime.timedelta(minutes=settings.TWOFACTOR_LOCKOUT_MINUTES)
            state.locked_until = locked_until
            state.failures = 0
            log(user, user, "locked", until=locked_until.isoformat(), after_failures=settings.TWOFACTOR_MAX_FAILURES)
        state.save(update_fields=["failures", "locked_until"])
        if locked_until is not None:
            logger.warning("second factor of user %s locked until %s", user.pk, locked_until.isoformat())
    if locked_until is not None:
        raise LockedOutError(_locked_message(locked_until), locked_until)
    left = settings.TWOFACTOR_MAX_FAILURES - state.failures
    raise TwoFactorError(
        _("The code is not right. Tries left before the account is locked for a while: %(left)d.") % {"left": left}
    )


def _match(user: User, text: str) -> Verified | None:
    device = authenticator(user)
    if device is None:
        return None
    digits = _digits(text)
    if digits.isdigit():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)  # one check at a time: no replay race
        return Verified(locked, backup_code=False, backup_codes_left=-1) if locked.verify_token(digits) else None
    digest = codes.digest(text)
    if not digest:
        return None
    used = BackupCode.objects.filter(user=user, digest=digest, used_at__isnull=True).update(used_at=timezone.now())
    if used != 1:
        return None
    return Verified(device, backup_code=True, backup_codes_left=backup_codes_left(user))


def _locked_message(until: datetime.datetime) -> str:
    local = timezone.localtime(until)
    return _("Too many wrong codes. Try again after %(time)s.") % {"time": local.strftime("%H:%M")}


# --- administration ----------------------------------------------------------------------------------


def may_reset(admin: Any, target: User) -> bool:
    """A superuser may reset anyone's second factor; a court's system administrator, that of the people
    who hold a role in one of the courts they administer."""
    if not getattr(admin, "is_authenticated", False):
        return False
    if admin.is_superuser:
        return True
    today = timezone.localdate()
    courts = Membership.objects.active_on(today).filter(user=admin, role=Role.ADMIN).values("court_id")
    return Membership.objects.active_on(today).filter(user=target, court_id__in=courts).exists()


def reset(target: User, *, by: Any, reason: str) -> None:
    """Remove every second factor of ``target`` (lost phone, left the court) and lift any lockout; the
    account enrols again at its next sign-in. Sessions verified with the removed devices lose it at once."""
    reason = reason.strip()
    if not reason:
        raise TwoFactorError(_("Give the reason for the reset."))
    if by is not None and not may_reset(by, target):
        raise TwoFactorError(_("You may not reset the second factor of this account."))
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=target).delete()[0]
        removed += BackupCode.objects.filter(user=target).delete()[0]
        SecondFactorState.objects.filter(user=target).delete()
        log(by, target, "reset", username=target.username, reason=reason, removed_rows=removed)
