"""Two-factor authentication of court accounts (ecourt/twofactor).

Citizens and lawyers sign in through the national e-ID; every other account (court officials,
procurators, system accounts, Django administrators) signs in with a password and then a second factor:
a TOTP code from an authenticator app (RFC 6238) or a one-time backup code.
"""

from __future__ import annotations

from .core import PRODUCTION
from .env import env_bool, env_int, env_str

# Whether an account that signs in with a password must enrol a second factor before it can do anything
# else. Off, such an account may enrol when it wants; once enrolled it always has to pass the second factor.
TWOFACTOR_REQUIRED = env_bool("TWOFACTOR_REQUIRED", True)
# Days an account may still work without enrolling, counted from its first sign-in without a second
# factor (0: enrolment at the first sign-in). Used when a court switches two-factor on for existing staff.
TWOFACTOR_GRACE_DAYS = env_int("TWOFACTOR_GRACE_DAYS", 0, minimum=0)
# Wrong codes in a row (TOTP or backup) before the account's second factor is locked, and for how long.
TWOFACTOR_MAX_FAILURES = env_int("TWOFACTOR_MAX_FAILURES", 5, minimum=1)
TWOFACTOR_LOCKOUT_MINUTES = env_int("TWOFACTOR_LOCKOUT_MINUTES", 15, minimum=1)
# Whether the API takes HTTP Basic (a password alone) for accounts that need a second factor. On by default
# only outside production (docs/api.md's examples against bin/start).
TWOFACTOR_API_BASIC = env_bool("TWOFACTOR_API_BASIC", not PRODUCTION)
# How many one-time backup codes an enrolment gives.
TWOFACTOR_BACKUP_CODES = env_int("TWOFACTOR_BACKUP_CODES", 10, minimum=1)

# django-otp: the issuer shown in authenticator apps. Its own per-device exponential delay is off: one
# per-account counter over every factor (TWOFACTOR_MAX_FAILURES) throttles and is audit-logged instead.
OTP_TOTP_ISSUER = env_str("TWOFACTOR_ISSUER", "ecourt") or "ecourt"
OTP_TOTP_THROTTLE_FACTOR = 0
