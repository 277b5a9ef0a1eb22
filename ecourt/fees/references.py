"""Payment references: ``AP`` + 9 digits + 2 check digits (ISO 7064 MOD 97-10, as in IBANs), so a
mistyped reference on a bank transfer is caught instead of matched to someone else's notice."""

from __future__ import annotations

import re
import secrets

PREFIX = "AP"
REFERENCE_RE = re.compile(r"\bAP\s?(\d{11})\b", re.IGNORECASE)


def check_digits(body: str) -> str:
    # Letters count as 10..35 as in ISO 13616, so the prefix is part of what the digits protect.
    numeric = "".join(str(int(c, 36)) for c in PREFIX + body + "00")
    return f"{98 - int(numeric) % 97:02d}"


def is_valid(reference: str) -> bool:
    reference = reference.upper()
    if not (reference.startswith(PREFIX) and len(reference) == 13 and reference[2:].isdigit()):
        return False
    return check_digits(reference[2:11]) == reference[11:]


def new_reference() -> str:
    body = f"{secrets.randbelow(10**9):09d}"
    return PREFIX + body + check_digits(body)


def find_references(text: str) -> list[str]:
    """References written in a transfer's description (banks may keep or drop a space after AP)."""
    return [PREFIX + m.group(1) for m in REFERENCE_RE.finditer(text)]
