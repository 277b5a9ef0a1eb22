"""Precedent numbers: "08/2016/AL" — serial (two digits at least), year, "AL". Pure Python.

Written the way ``ecourt.citations.documents`` writes the number of a precedent it reads in a text
("Án lệ số 8/2016/AL" → 08/2016/AL), so a citation and a registered precedent meet on the same string.
"""

from __future__ import annotations

import re

from ecourt.vietnamese import fold

# "08/2016/AL", "8/2016/al", "Án lệ số 08/2016/AL", "08-2016-al" (the key form of the pages and the API).
_NUMBER = re.compile(r"^\s*(?:an\s*le\s*(?:so\s*)?[:.]?\s*)?(\d{1,3})\s*[/-]\s*((?:19|20)\d{2})\s*[/-]\s*al\s*$")


class NumberError(ValueError):
    pass


def normalize_number(value: str) -> str:
    """The precedent number as the citation extractor writes it; ``NumberError`` when it is not one."""
    match = _NUMBER.match(fold(value or ""))
    if match is None:
        raise NumberError(f"not a precedent number (NN/YYYY/AL): {value!r}")
    return f"{int(match.group(1)):02d}/{match.group(2)}/AL"


def number_key(number: str) -> str:
    """The slug of a normalized number: 08/2016/AL → 08-2016-al."""
    return number.replace("/", "-").lower()


def serial_year(number: str) -> tuple[int, int]:
    """(serial, year) of a normalized number, for ordering: 08/2016/AL → (8, 2016)."""
    serial, year, _al = number.split("/")
    return int(serial), int(year)
