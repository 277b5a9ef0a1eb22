"""Backup codes: generated at random, shown once, stored only as a keyed hash."""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

# Crockford-like alphabet without letters that look like digits (I, L, O, U): 32 symbols, 5 bits each.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10  # 50 bits; shown as two groups of five
_KEY_SALT = "ecourt.twofactor.backup-code"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize(code: str) -> str:
    """Upper case, without spaces or dashes; the letters O, I and L read as the digits 0, 1, 1."""
    text = "".join(code.split()).replace("-", "").upper()
    return text.translate(str.maketrans("OIL", "011"))


def digest(code: str) -> str:
    """The stored form of a code ('' for anything that cannot be a code). Keyed with SECRET_KEY, so a copy
    of the database alone does not allow trying the 2^50 codes offline."""
    text = normalize(code)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return salted_hmac(_KEY_SALT, text, algorithm="sha256").hexdigest()
