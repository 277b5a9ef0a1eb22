"""Numbers and labels of Vietnamese legal structure, and the stable keys built from them.

Parts are numbered in words ("Phần thứ nhất"), chapters in Roman numerals ("Chương II"), sections,
subsections, articles and clauses in Arabic numerals (an inserted article or clause takes a letter:
"Điều 12a", "khoản 1a"), points in letters of the Vietnamese alphabet ("a)", "đ)"; an inserted point
takes a digit: "a1)").

Keys are ASCII paths: ``phan-1``, ``chuong-ii``, ``chuong-ii/muc-1``, ``dieu-12a``,
``dieu-203/khoan-1/diem-a``. The letter "đ" is written ``dd`` in keys, so "điểm đ" (``diem-dd``) never
collides with "điểm d" (``diem-d``). Articles are keyed from the document's root because their
numbers are unique in a document, whatever chapter they sit in.
"""

from __future__ import annotations

import re

from ecourt.vietnamese import fold

# The order of point letters: Vietnamese texts use a b c d đ e g h i k l m n o p q r s t u v x y; the
# letters f, j, w and z do appear in a few real documents (Resolution 326/2016/UBTVQH14 has "f)").
POINT_ORDER = list("abcdđefghijklmnopqrstuvwxyz")
VIETNAMESE_POINT_LETTERS = frozenset("abcdđeghiklmnopqrstuvxy")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINALS = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "mười ba": 13,
    "mười bốn": 14,
    "mười lăm": 15,
    "mười sáu": 16,
    "mười bảy": 17,
    "mười tám": 18,
    "mười chín": 19,
    "hai mươi": 20,
}


def roman_to_int(numeral: str) -> int | None:
    """The value of a canonical Roman numeral ("XIV" → 14), or None ("IIV", "VV" are not numerals)."""
    if not numeral or any(ch not in _ROMAN_VALUES for ch in numeral):
        return None
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if int_to_roman(total) == numeral else None


def int_to_roman(value: int) -> str:
    out = []
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out) + "I" * value


def ordinal_prefix(words: list[str]) -> tuple[int, int] | None:
    """The ordinal at the start of ``words`` ("mười", "một", …) as (value, words used), longest first."""
    lowered = [w.lower() for w in words]
    for size in (2, 1):
        if len(lowered) >= size and " ".join(lowered[:size]) in _ORDINALS:
            return _ORDINALS[" ".join(lowered[:size])], size
    return None


_SPLIT = re.compile(r"^(\d+)([a-zđ]?)$")


def split_number(number: str) -> tuple[int, str]:
    """("12a") → (12, "a"): the order of articles and clauses, inserted ones after their base."""
    match = _SPLIT.match(number)
    if not match:
        return (0, number)
    return int(match.group(1)), match.group(2)


def point_rank(letter: str) -> tuple[int, int]:
    """Order of a point label ("a" < "a1" < "b" < "đ" < "e")."""
    base, digits = letter[0], letter[1:]
    return (POINT_ORDER.index(base) if base in POINT_ORDER else len(POINT_ORDER), int(digits or 0))


def slug_label(label: str) -> str:
    """A label as it appears in a key: lower case ASCII, "đ" as "dd"."""
    return fold(label.lower().replace("đ", "dd")).replace(" ", "-")


_KEY_PREFIX = {
    "phan": "phan",
    "chuong": "chuong",
    "muc": "muc",
    "tieu_muc": "tieu-muc",
    "dieu": "dieu",
    "khoan": "khoan",
    "diem": "diem",
}


def key_segment(kind: str, number: str) -> str:
    """One step of a key: ("dieu", "12a") → "dieu-12a"; ("diem", "đ") → "diem-dd"."""
    return f"{_KEY_PREFIX[kind]}-{slug_label(number)}"


_TYPE_CODE = re.compile(r"/[A-ZĐ]{1,8}-[A-ZĐa-z0-9-]+$|^\d+[/-][A-ZĐ]+-[A-ZĐa-z0-9-]+$")
_HAS_YEAR = re.compile(r"/(19|20)\d\d/")
_LAW_TYPES = frozenset({"hien_phap", "bo_luat", "luat"})


def document_key(number: str, doc_type: str, year: int | None, title: str) -> str:
    """The stable key of a document.

    Usually the number as a slug ("91/2015/QH13" → "91-2015-qh13"). Numbers are not unique on their own
    in two cases, which the key resolves: a number of the National Assembly or its Standing Committee
    carries no type code, and laws and resolutions were numbered apart ("100/2015/QH13" is the Criminal
    Code and also a resolution), so a non-law gets its type in front ("nghi-quyet-100-2015-qh13"); and a
    number without a year ("01/VBHN-VPQH", "57/NQ-CP") starts again every year, so the year is added.
    A document without a number is keyed by its title and year ("hien-phap-2013").
    """
    if not number:
        base = slug_label(title)
        base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")
        return f"{base}-{year}" if year else base
    key = re.sub(r"[^a-z0-9]+", "-", fold(number)).strip("-")
    if not _TYPE_CODE.search(number) and doc_type not in _LAW_TYPES:
        key = f"{doc_type.replace('_', '-')}-{key}"
    if not _HAS_YEAR.search(f"/{number}/") and year:
        key = f"{key}-{year}"
    return key[:120]
