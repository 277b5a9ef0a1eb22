"""Turning raw text from files and JSON into clean lines before the structure is read."""

from __future__ import annotations

import hashlib
import re

from ecourt.vietnamese import normalize

# Soft hyphens, zero-width characters and byte-order marks that PDF and web extraction leave behind.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009\u202f\u3000]+")
# A clause or point run into the sentence before it ("… năm 2016.2. Chính phủ …", "… chứng cứ;e) Áp
# dụng …"): the judgment corpus lost the line breaks before some of them.
_RUN_IN_CLAUSE = re.compile(r"(?<=[.;:”])(?:\d{1,3}\.|[a-zđ]\))\s+(\w)")


def clean_text(text: str) -> str:
    """NFC text with one tone placement, without invisible characters, with single spaces."""
    return _SPACES.sub(" ", normalize(text.translate(_INVISIBLE))).strip()


def clean_lines(text: str, *, tabs_break_lines: bool = False, crlf_is_wrap: bool = False) -> list[str]:
    """Non-empty clean lines of ``text``.

    ``tabs_break_lines``: the judgment corpus separates points with tabs. ``crlf_is_wrap``: the same
    corpus keeps the hard line wraps of its PDF source as CR LF inside sentences; they are spaces.
    """
    if crlf_is_wrap:
        text = text.replace("\r\n", " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if tabs_break_lines:
        text = text.replace("\t", "\n")
    lines = (clean_text(line) for line in text.split("\n"))
    return [line for line in lines if line]


def split_run_in_clauses(line: str) -> list[str]:
    """Split "… năm 2016.2. Chính phủ …" before the clause number (and "…;e) Áp dụng" before the point);
    the structure reader then keeps a split only where the numbering follows on."""
    parts, start = [], 0
    for match in _RUN_IN_CLAUSE.finditer(line):
        if not match.group(1).isupper():
            continue
        parts.append(line[start : match.start()])
        start = match.start()
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


_COMPARE = re.compile(r"\s+")


def comparison_key(text: str) -> str:
    """The text as two editions that differ only in spacing, tone placement or Unicode form share."""
    return _COMPARE.sub(" ", normalize(text)).strip()


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
