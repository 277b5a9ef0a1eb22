"""Numbers and addresses that identify a person: found by pattern and keyword, removed or encoded.

Each finder yields ``Found`` spans over the normalized text; ``services.anonymize_text`` resolves overlaps
and maps them back to the original offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ecourt import vietnamese
from ecourt.anonymization.encoding import initials, is_encoded

REMOVED = "***"  # what stands where a number was removed (courts print "xxx" or "***")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    replacement: str
    kind: str
    priority: int  # lower wins an overlap


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Keyword, then an optional "số"/":" and the number (digits with spaces, dots or dashes between groups).
_NUMBER = r"(?P<number>[A-Z]{0,2}\d(?:[\d]|[ .\-](?=\d)){5,24})"
KEYWORDED = re.compile(
    r"(?P<key>CMND|CMTND|CCCD|CMTC|[Cc]ăn cước(?: công dân)?|[Cc]hứng minh (?:nhân dân|thư)|[Hh]ộ chiếu|"
    r"[Pp]assport|[Đđ]ịnh danh(?: cá nhân)?|[Ss]ố (?:điện thoại|ĐT|di động)|[Đđ]iện thoại(?: di động)?|"
    r"SĐT|ĐT|[Dd]i động|[Tt]ài khoản(?: ngân hàng)?|STK|TK)"
    r"(?:\s+(?:số|của|là|mang tên [^\d:]{1,40}?))*\s*(?:[:.]\s*)?(?:số\s*)?" + _NUMBER
)
PHONE = re.compile(r"(?<![\d.,])(?:\+84|0)(?:[ .]?\d){9,10}(?![\d.,]\d)")
LONG_DIGITS = re.compile(r"(?<![\d.,/])\d{9,19}(?![\d,/]|\.\d)")
PLATE = re.compile(r"(?<![\w.])\d{2}\s?[A-Z]{1,2}\d?\s*[-–.]?\s*\d{3}(?:\.?\d{2})(?!\d)")
PARCEL = re.compile(
    r"(?P<key>thửa(?: đất)?|tờ bản đồ|bản đồ địa chính)(?:\s+số)?\s*[:.]?\s*(?P<number>\d+[a-zA-Z]?(?:[,;]\s*\d+)*)",
    re.IGNORECASE,
)


def _number_kind(key: str) -> str:
    folded = vietnamese.fold(key)
    if "tai khoan" in folded or folded in {"stk", "tk"}:
        return "bank_account"
    if "dien thoai" in folded or "di dong" in folded or folded in {"sdt", "dt", "so dt"}:
        return "phone"
    return "id_number"


def find_numbers(text: str) -> Iterator[Found]:
    for m in EMAIL.finditer(text):
        yield Found(m.start(), m.end(), REMOVED, "email", 0)
    for m in KEYWORDED.finditer(text):
        yield Found(m.start("number"), m.end("number"), REMOVED, _number_kind(m.group("key")), 0)
    for m in PHONE.finditer(text):
        yield Found(m.start(), m.end(), REMOVED, "phone", 1)
    for m in LONG_DIGITS.finditer(text):
        # 9 or 12 digits are the lengths of CMND and CCCD; other long runs are accounts or other numbers.
        kind = "id_number" if len(m.group()) in (9, 12) else "other"
        yield Found(m.start(), m.end(), REMOVED, kind, 1)
    for m in PLATE.finditer(text):
        yield Found(m.start(), m.end(), REMOVED, "other", 1)
    for m in PARCEL.finditer(text):
        yield Found(m.start("number"), m.end("number"), REMOVED, "other", 1)


# Administrative units and street words below the province, longest first so "thành phố" wins over "phố".
_UNITS = (
    "tổ dân phố|khu dân cư|khu phố|khu vực|thành phố|thị trấn|thị xã|tổ|thôn|xóm|ấp|bản|khối|khóm|"
    "đường|phố|ngõ|hẻm|kiệt|xã|phường|huyện|quận|TP\\.?"
)
ADDRESS = re.compile(
    r"(?<![\w])(?P<unit>" + _UNITS + "|" + "|".join(u[:1].upper() + u[1:] for u in _UNITS.split("|")) + r")\s+"
    # The name in a lookahead: "xóm 6 xã Nghĩa" must leave "xã Nghĩa" to the next match.
    r"(?=(?P<name>(?:\d+[A-Za-z]?\s+)?[^\W\d_][^\W\d_]*\d?(?:[ \t]+[^\W\d_]+\d?){0,4}))"
)
# Provinces and the municipalities directly under the central government keep their names.
CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
# A unit inside the name of a court, a procuracy or an enforcement office is part of that name: kept.
_OFFICE_BEFORE = re.compile(
    r"(toa an nhan dan|tand|vien kiem sat nhan dan|vksnd|thi hanh an dan su|thads|toa an)\s*$", re.IGNORECASE
)


def find_addresses(text: str) -> Iterator[Found]:
    for m in ADDRESS.finditer(text):
        if m.group("unit").isupper() and len(m.group("unit")) > 3:
            continue  # all-caps headings ("TÒA ÁN NHÂN DÂN HUYỆN …") name the court
        # The place's name: capitalised words after an optional number ("Thôn 4 Liên Hòa" → "Thôn 4 LH").
        named: list[re.Match[str]] = []
        for token in re.finditer(r"\S+", m.group("name")):
            word = token.group()
            if word[0].isdigit() and not named:
                continue
            if not word[0].isupper():
                break
            named.append(token)
        if not named:
            continue  # "tổ 28", "khu phố 3": a number alone is kept
        words = [t.group() for t in named]
        folded = vietnamese.fold(" ".join(words))
        if folded in CENTRAL_CITIES or (" " in folded and any(c.startswith(folded) for c in CENTRAL_CITIES)):
            continue  # "Thành phố Hồ Chí \nMinh" too
        before = " ".join(vietnamese.fold(text[max(0, m.start() - 60) : m.start()]).split()).rstrip(" ,-")
        if _OFFICE_BEFORE.search(before):
            continue
        if all(is_encoded(w) for w in words):
            continue  # already encoded by the court
        base = m.start("name")
        yield Found(base + named[0].start(), base + named[-1].end(), initials(words), "address", 3)


# "Số 31/13 Phan Đình Phùng": a street named after a person, after a house number, without "đường".
STREET_AFTER_NUMBER = re.compile(
    r"(?<![\w])(?:[Ss]ố(?: nhà)?|[Nn]hà số)\s+\d+[\w/]*,?[ \t]+(?P<name>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,4})"
)


def find_streets(text: str) -> Iterator[Found]:
    for m in STREET_AFTER_NUMBER.finditer(text):
        named: list[re.Match[str]] = []
        for token in re.finditer(r"\S+", m.group("name")):
            if not token.group()[0].isupper() or token.group() in {"Đường", "Phố", "Ngõ", "Hẻm", "Kiệt", "Tổ"}:
                break
            named.append(token)
        words = [t.group() for t in named]
        if words and not all(is_encoded(w) for w in words):
            base = m.start("name")
            yield Found(base + named[0].start(), base + named[-1].end(), initials(words), "address", 3)
