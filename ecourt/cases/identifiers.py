"""The national case identifier, modelled on Brazil's CNJ number.

Format ``NNNNNNN-DD.YYYY.T.CCCCC``: a sequence number within the court and year (7 digits), two check
digits, the year the case was received, a digit for the case type and the five-digit court code. The
check digits follow ISO 7064 mod 97-10 (as CNJ's and IBAN's do): with them, the whole number read as
digits in the order N…N YYYY T CCCCC DD is 1 modulo 97, which catches every single-digit error and
every transposition of two adjacent digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TYPE_DIGIT = {"DS": 1, "HNGD": 2, "KDTM": 3, "LD": 4, "HC": 5, "HS": 6}
_PATTERN = re.compile(r"^(\d{7})-(\d{2})\.(\d{4})\.(\d)\.(\d{5})$")


class InvalidIdentifierError(ValueError):
    pass


def check_digits(sequence: int, year: int, type_digit: int, court_code: str) -> str:
    body = int(f"{sequence:07d}{year:04d}{type_digit}{court_code}")
    return f"{98 - (body * 100) % 97:02d}"


def format_uid(sequence: int, year: int, case_type: str, court_code: str) -> str:
    if not 0 < sequence < 10_000_000:
        raise InvalidIdentifierError(f"sequence {sequence} does not fit in 7 digits")
    if not re.fullmatch(r"\d{5}", court_code):
        raise InvalidIdentifierError(f"court code {court_code!r} is not five digits")
    digit = TYPE_DIGIT[case_type]
    return f"{sequence:07d}-{check_digits(sequence, year, digit, court_code)}.{year:04d}.{digit}.{court_code}"


@dataclass(frozen=True)
class ParsedUid:
    sequence: int
    year: int
    type_digit: int
    court_code: str


def parse_uid(uid: str) -> ParsedUid:
    """Parse and validate; raises ``InvalidIdentifierError`` naming what is wrong."""
    match = _PATTERN.match(uid.strip())
    if not match:
        raise InvalidIdentifierError(f"{uid!r} is not of the form NNNNNNN-DD.YYYY.T.CCCCC")
    sequence, digits, year, type_digit, court = match.groups()
    if int(f"{sequence}{year}{type_digit}{court}{digits}") % 97 != 1:
        raise InvalidIdentifierError(f"{uid!r}: the check digits do not match")
    if int(type_digit) not in TYPE_DIGIT.values():
        raise InvalidIdentifierError(f"{uid!r}: unknown case type digit {type_digit}")
    return ParsedUid(int(sequence), int(year), int(type_digit), court)


def is_valid_uid(uid: str) -> bool:
    try:
        parse_uid(uid)
    except InvalidIdentifierError:
        return False
    return True
