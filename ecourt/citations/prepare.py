"""The pre-pass: a working copy of a text to match citations on, with offsets back into the original.

Citations are matched on a *folded* copy — lower case, no diacritics, "đ" as "d" ("Điều 5" → "dieu 5") —
so tone-mark placement, NFC/NFD, capitals and most OCR damage to diacritics ("Điểu", "khỏan", "tố tụng
dn sự") no longer matter. The copy is repaired first, and every repair is recorded so that a span of the
copy maps back to the exact span of the original text (Python ``str`` indices):

1. a MySQL ``\\G`` dump header ("*** 4101. row ***", "case_name: …", "judgment_text: ") is blanked out:
   the text proper starts after it (``body_start``);
2. words typed in the legacy TCVN3 or VNI font encodings ("§iÒu", "Ñieàu") are decoded (``legacy``);
3. combining marks are dropped, with the spaces a PDF extractor put before them ("Bô ̣ luâ ̣t");
4. lines that hold nothing but a page number are blanked, so "Điều 584, \\n7 \\n \\n590" reads as a list;
5. the PDF artefacts "Ƣ/ƣ" (for "Ư/ư") and "Ð/ð" (for "Đ/đ") become what they stand for, dashes "-",
   odd spaces " ", curly quotes straight ones.

Hard line breaks need no repair: the patterns accept any whitespace, newlines included, between words.
Repairs 1, 4 and 5 keep the length; 2 and 3 may shorten a word, and then ``to_original`` maps through
the recorded segments.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from ecourt.citations import legacy
from ecourt.vietnamese import fold


def _fold_table() -> dict[int, str]:
    """One character to one character, so the folded copy keeps every offset."""
    table: dict[int, str] = {ord(ch): ch.lower() for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            ch = chr(code)
            folded = fold(ch)
            if len(folded) == 1 and folded != ch:
                table[code] = folded
    table.update({ord(k): v for k, v in {"Ƣ": "u", "ƣ": "u", "Ð": "d", "ð": "d", "Ɖ": "d", "İ": "i"}.items()})
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(dash)] = "-"
    for (
        space
    ) in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff\t":
        table[ord(space)] = " "
    table.update({ord("\u201c"): '"', ord("\u201d"): '"', ord("\u2018"): "'", ord("\u2019"): "'"})
    table[ord("\uff1a")] = ":"
    return table


FOLD = _fold_table()

# "*************************** 4101. row ***************************" and the "name: value" lines under it
_DUMP_ROW = re.compile(r"\A\s*\*{3,}\s*\d+\.\s*row\s*\*{3,}[ \t]*\r?\n")
_DUMP_FIELD = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_]*):[ \t]?")
_BODY_FIELDS = ("judgment_text", "text", "content", "noi_dung", "body")
# a line holding only a page number (1–3 digits)
_PAGE_NUMBER = re.compile(r"^[ \t]*(\d{1,3})[ \t]*\r?$", re.MULTILINE)
# combining marks, with the whitespace a PDF extractor left before them
_COMBINING = re.compile(r"[ \t]*[\u0300-\u036f]+")


@dataclass(frozen=True)
class Prepared:
    """A text and its working copies. ``folded`` and ``unicode`` have the same length; when
    ``_segments`` is None their offsets are the original's."""

    original: str
    folded: str  # lower case, no diacritics: what the patterns match
    unicode: str  # the repaired text before folding ("điểm đ" keeps its "đ")
    body_start: int
    _starts: tuple[int, ...] | None = None  # working offset where each segment starts
    _segments: tuple[tuple[int, int, int, bool], ...] | None = None  # (work start, orig start, orig end, 1:1)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the working span [start, end) came from."""
        if self._segments is None or self._starts is None:
            return start, end
        first = self._segments[bisect_right(self._starts, start) - 1]
        o_start = first[1] + (start - first[0]) if first[3] else first[1]
        if end <= start:
            return o_start, o_start
        last = self._segments[bisect_right(self._starts, end - 1) - 1]
        o_end = last[1] + (end - 1 - last[0]) + 1 if last[3] else last[2]
        return o_start, o_end


def prepare(text: str) -> Prepared:
    """The working copy of ``text`` (see the module's docstring for the repairs, in order)."""
    edits: list[tuple[int, int, str]] = []  # (orig start, orig end, replacement), not overlapping
    body_start = _dump_body_start(text)
    if body_start:
        edits.append((0, body_start, " " * body_start))

    if legacy.LEGACY_SIGNAL.search(text, body_start):
        lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text[body_start:])]
        flagged = [(offset + body_start, line) for offset, line in lines if legacy.LEGACY_SIGNAL.search(line)]
        encoding = legacy.text_encoding([line for _, line in flagged])
        for offset, line in flagged:
            for start, end, decoded in legacy.decode_line_words(line, encoding):
                edits.append((offset + start, offset + end, decoded))

    if not unicodedata.is_normalized("NFC", text) or _COMBINING.search(text, body_start):
        taken = sorted(edits)
        for match in _COMBINING.finditer(text, body_start):
            if not _overlaps(taken, match.start(), match.end()):
                edits.append((match.start(), match.end(), ""))

    for match in _PAGE_NUMBER.finditer(text, body_start):
        edits.append((match.start(1), match.end(1), " " * (match.end(1) - match.start(1))))

    return _assemble(text, sorted(edits), body_start)


def _dump_body_start(text: str) -> int:
    row = _DUMP_ROW.match(text)
    if row is None:
        return 0
    position = row.end()
    while True:
        field = _DUMP_FIELD.match(text, position)
        if field is None:
            return position
        if field.group(1).lower() in _BODY_FIELDS:
            return field.end()
        newline = text.find("\n", field.end())
        if newline < 0:
            return position
        position = newline + 1


def _overlaps(edits: list[tuple[int, int, str]], start: int, end: int) -> bool:
    index = bisect_right(edits, (start, end, "\uffff")) - 1
    before = edits[index] if index >= 0 else None
    after = edits[index + 1] if index + 1 < len(edits) else None
    return bool((before and before[1] > start) or (after and after[0] < end))


def _assemble(text: str, edits: list[tuple[int, int, str]], body_start: int) -> Prepared:
    if not edits:
        return Prepared(text, text.translate(FOLD), text, body_start)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    position = work = 0
    for start, end, replacement in edits:
        if start < position:  # a page number inside a decoded word: the word wins
            continue
        if start > position:
            pieces.append(text[position:start])
            segments.append((work, position, start, True))
            work += start - position
        if replacement:
            pieces.append(replacement)
            segments.append((work, start, end, len(replacement) == end - start))
            work += len(replacement)
        position = end
    if position < len(text):
        pieces.append(text[position:])
        segments.append((work, position, len(text), True))
    unicode = "".join(pieces)
    work_body = next((seg[0] for seg in segments if seg[1] >= body_start), len(unicode)) if body_start else 0
    if all(seg[3] for seg in segments) and len(unicode) == len(text):
        return Prepared(text, unicode.translate(FOLD), unicode, work_body)
    return Prepared(
        text,
        unicode.translate(FOLD),
        unicode,
        work_body,
        tuple(seg[0] for seg in segments),
        tuple(segments),
    )
