"""The header of a full Vietnamese legal document (plain text or DOCX).

A header is laid out in two columns, which plain text keeps as tabs or runs of spaces and DOCX as a
table; the reader hands it over as rows of cells::

    CHÍNH PHỦ            | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    -------              | Độc lập - Tự do - Hạnh phúc
    Số: 63/2024/NĐ-CP    | Hà Nội, ngày 10 tháng 6 năm 2024
    NGHỊ ĐỊNH
    Quy định …
    Căn cứ …

``parse_header`` reads the issuer (the left cells above the number), the number, the place and day,
the type and title, and keeps the recitals ("Căn cứ …") as the preamble.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .names import document_title, issuer_name, type_of_name, type_of_number
from .structure import is_upper_text
from .trailer import day_from

_NUMBER = re.compile(
    r"^(?:Số|Luật số|Bộ luật số|Nghị quyết số|Pháp lệnh số|Lệnh số)\s*[:.]?\s*(\d+[^\s,;]*)", re.IGNORECASE
)
_PLACE_DAY = re.compile(r"^(.{2,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_MOTTO = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc", re.IGNORECASE)
_RULE = re.compile(r"^[-_=–—*.\s]+$")
_RECITAL = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Để|Nhằm)\b|^[\w\s,]{2,80}\s(?:ban hành|quyết định|quyết nghị)\b"
)


@dataclass
class Header:
    number: str = ""
    issuer: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    doc_type: str = ""
    title: str = ""
    preamble: list[str] = field(default_factory=list)


def parse_header(rows: list[list[str]]) -> Header:
    header = Header()
    issuer_cells, type_row = _identity(rows, header)
    if type_row is None:
        type_row = next((i for i, cells in enumerate(rows) if _is_type_line(cells)), None)
    subject: list[str] = []
    rest_start = len(rows)
    if type_row is not None:
        found = type_of_name(rows[type_row][0])
        assert found is not None
        header.doc_type, inline = found
        subject = [inline] if inline else []
        rest_start = type_row + 1
        for j in range(type_row + 1, min(len(rows), type_row + 6)):
            text = " ".join(rows[j])
            if _RECITAL.match(text) or _RULE.match(text):
                break
            subject.append(text)
            rest_start = j + 1
    if not header.doc_type and header.number:
        header.doc_type = type_of_number(header.number) or ""
    header.title = document_title(header.doc_type, " ".join(subject)) if header.doc_type else " ".join(subject)
    header.issuer = issuer_name(" ".join(issuer_cells), header.doc_type)
    header.preamble = [" ".join(cells) for cells in rows[rest_start:] if not _RULE.match(" ".join(cells))]
    return header


def _is_type_line(cells: list[str]) -> bool:
    return len(cells) == 1 and is_upper_text(cells[0]) and type_of_name(cells[0]) is not None


def _identity(rows: list[list[str]], header: Header) -> tuple[list[str], int | None]:
    """Read the number and the place and day into ``header``; return the issuer's cells (the capitals
    above the number) and the row of the type line ("NGHỊ ĐỊNH") that follows them."""
    issuer_cells: list[str] = []
    for i, cells in enumerate(rows):
        for cell in cells:
            number = _NUMBER.match(cell)
            place_day = _PLACE_DAY.match(cell)
            if number and not header.number:
                header.number = number.group(1).rstrip(".")
            elif place_day and header.issued_on is None:
                header.place = place_day.group(1).strip()
                header.issued_on = day_from(place_day, 2)
            elif not header.number and header.issued_on is None and _issuer_cell(cell):
                issuer_cells.append(cell)
        if (header.number or header.issued_on) and i > 0 and _is_type_line(cells):
            return issuer_cells, i
    return issuer_cells, None


def _issuer_cell(cell: str) -> bool:
    return not _MOTTO.search(cell) and not _RULE.match(cell) and is_upper_text(cell)
