"""What a text's header says about it: its date and its domain (civil, criminal, administrative).

A citation without a year ("Bộ luật Dân sự") means the version in force on the text's date, and an
incomplete name ("Bộ luật Tố tụng") the code of the text's domain. Both are read from the first
``HEADER_LENGTH`` characters of the text proper (after a dump header):

- date: the first "Ngày 22/9/2017", "ngày 22-9-2017" or "ngày 22 tháng 9 năm 2017" — in a judgment, the
  date under its number; in a legal document, the date of signature ("Hà Nội, ngày 24 tháng 11 năm 2015");
  of a range ("ngày 02/11/2018 đến ngày 13/11/2018", a hearing over days), the last;
- domain: the case type in the first court document number ("Bản án số: 13/2017/DS-ST" → civil; HS →
  criminal; HC → administrative; DS, HNGĐ, KDTM, LĐ are civil procedure), else the words "vụ án dân sự",
  "vụ án hình sự", "vụ án hành chính".
"""

from __future__ import annotations

import datetime
import re

from ecourt.citations.prepare import Prepared

HEADER_LENGTH = 1500
_DATE = re.compile(
    r"ngay\s*:?\s*(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>(?:19|20)\d{2}))"
)
_UNTIL = re.compile(r"\s*(?:den|toi)\s+" + _DATE.pattern)
# a court document number: serial/year/code, the code holding a case type
_COURT_NUMBER = re.compile(r"\d{1,4}\s*/\s*(?:19|20)\d{2}\s*/\s*(?P<code>[a-z]+(?:\s*[-–]\s*[a-z]+)*)")
_CASE_TYPES = (
    (re.compile(r"(?:^|[^a-z])(?:hs)"), "criminal"),
    (re.compile(r"(?:^|[^a-z])(?:hc)"), "administrative"),
    (re.compile(r"(?:^|[^a-z])(?:ds|dd|hngd|kdtm|ld)"), "civil"),
)
_CASE_WORDS = re.compile(r"vu\s+an\s+(?P<kind>dan\s+su|hinh\s+su|hanh\s+chinh|hon\s+nhan|kinh\s+doanh|lao\s+dong)")
_KIND_DOMAIN = {"hinh": "criminal", "hanh": "administrative"}


def header_date(prepared: Prepared) -> datetime.date | None:
    head = prepared.folded[prepared.body_start : prepared.body_start + HEADER_LENGTH]
    for match in _DATE.finditer(head):
        # a hearing over several days ("ngày 02/11/2018 đến ngày 13/11/2018"): judgment on the last
        until = _UNTIL.match(head, match.end())
        found = _as_date(until) if until is not None else None
        if (found := found or _as_date(match)) is not None:
            return found
    return None


def _as_date(match: re.Match[str]) -> datetime.date | None:
    day, month, year = (match.group(k) or match.group(k + "2") for k in ("d", "m", "y"))
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def header_domain(prepared: Prepared) -> str | None:
    head = prepared.folded[prepared.body_start : prepared.body_start + HEADER_LENGTH * 2]
    for match in _COURT_NUMBER.finditer(head):
        code = match.group("code")
        for pattern, domain in _CASE_TYPES:
            if pattern.search(code):
                return domain
    if (words := _CASE_WORDS.search(head)) is not None:
        return _KIND_DOMAIN.get(words.group("kind").split()[0], "civil")
    return None
