"""The five-digit court codes.

A court's code is part of every national case identifier (``cases/identifiers.py``), so it must never
change once issued: it is computed from stable public codes (the General Statistics Office's province
and district codes) or fixed in the curated data file, never from database ids or load order.

======  ==============================================  =========================================
first   courts                                          rest of the code
======  ==============================================  =========================================
0       Supreme People's Court and the High Courts      ``00000`` supreme, ``00001``-``00003`` high
1       provincial courts as they stood before          pre-2025 province code + ``00``
        1 July 2025 (the 11 that did not merge           (``12400`` Bắc Giang)
        keep this record today)
2       provincial courts formed by the 2025 merger     post-2025 province code + ``00``
                                                        (``22400`` Bắc Ninh, formed 1 July 2025)
3       district courts (dissolved 1 July 2025)         district code, four digits (``30215``)
4       regional courts (from 1 July 2025)              post-2025 province code + two-digit
                                                        number (``42401`` khu vực 1 - Bắc Ninh)
5       military courts                                 ``50000`` central, ``510NN`` military zone
                                                        level, ``52NNK`` regional (data file)
6       specialised courts                              fixed in the data file (``60001``)
9       reserved for test factories                     -
======  ==============================================  =========================================
"""

from __future__ import annotations

import re

SUPREME = "00000"
_FIVE_DIGITS = re.compile(r"\d{5}")


def provincial_before_2025(province_code: str) -> str:
    return f"1{province_code}00"


def provincial_after_2025(province_code: str) -> str:
    return f"2{province_code}00"


def district(district_code: str) -> str:
    return f"3{int(district_code):04d}"


def regional(province_code: str, number: int) -> str:
    if not 1 <= number <= 99:
        raise ValueError(f"regional court number {number} does not fit in two digits")
    return f"4{province_code}{number:02d}"


def is_valid(code: str) -> bool:
    return bool(_FIVE_DIGITS.fullmatch(code))
