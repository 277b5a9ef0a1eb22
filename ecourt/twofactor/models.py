"""Second factors of password accounts: backup codes (hashed) and each account's failure counter.

The authenticator-app factor is django-otp's ``TOTPDevice`` (RFC 6238, with the last accepted time step
kept so a code cannot be used twice). Backup codes are our own rather than django-otp's static tokens,
which are stored in clear: here only a keyed hash of each code is stored. A backup code stands in for
the authenticator: the session is marked as verified by the account's TOTP device either way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BackupCode(models.Model):
    """One one-time backup code of an account: used in place of a code from the app, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="backup_codes",
        help_text="The account the code belongs to.",
    )
    digest = models.CharField(max_length=64, help_text="HMAC-SHA256 of the normalized code; never the code.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When the code was used (each works once).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="backup_code_unique")]

    def __str__(self) -> str:
        return f"backup code #{self.pk} of {self.user_id}"


class SecondFactorState(models.Model):
    """Per account: wrong codes in a row, the lockout they caused, and the start of the grace period."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="second_factor_state",
        help_text="The account.",
    )
    failures = models.PositiveIntegerField(default=0, help_text="Wrong codes since the last right one.")
    locked_until = models.DateTimeField(null=True, blank=True, help_text="No code is accepted before this time.")
    grace_started_at = models.DateTimeField(
        null=True, blank=True, help_text="First time the account was seen signed in without a second factor."
    )

    def __str__(self) -> str:
        return f"second factor of {self.user_id}"
