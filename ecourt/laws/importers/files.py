"""One Vietnamese legal document as a plain text or DOCX file, read into its header and structure.

The header (issuer, number, place and day, type and title, recitals) comes before the first heading
("Phần", "Chương", "Điều"); its two columns arrive as tabs or runs of spaces (plain text) or as a table
(DOCX), which this reader turns into rows of cells. The body keeps its Parts, Chapters and Sections.
Tables inside articles become lines of cells separated by " | ", which are text, never structure.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..catalogue import Catalogue
from ..errors import LawDataError, StructureError
from ..inputs import META_HEADER, DocumentInput, Meta, RelationInput
from ..models import RelationKind
from ..parsing.cleaning import clean_text
from ..parsing.header import parse_header
from ..parsing.numbering import document_key
from ..parsing.structure import Line, is_heading, parse_body
from ..parsing.trailer import effect_dates, split_trailer
from .common import digest, mentioned_document

_CELLS = re.compile(r"\t+|\s{3,}|\s+\|\s+")
Row = tuple[list[str], str]  # cells, where


def _text_rows(path: Path, raw: bytes) -> list[Row]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LawDataError(f"{path.name}: is not UTF-8 text (byte {exc.start})") from exc
    rows = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        cells = [clean_text(c) for c in _CELLS.split(line)]
        cells = [c for c in cells if c]
        if cells:
            rows.append((cells, f"line {n}"))
    return rows


def _docx_rows(path: Path) -> list[Row]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise LawDataError(f"{path.name}: is not a DOCX document ({exc})") from exc
    rows: list[Row] = []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraphs += 1
            for line in block.text.split("\n"):
                if clean_text(line):
                    rows.append(([clean_text(line)], f"paragraph {paragraphs}"))
        elif isinstance(block, Table):
            tables += 1
            for r, row in enumerate(block.rows, 1):
                cells: list[str] = []
                for cell in row.cells:
                    text = clean_text(" ".join(cell.text.split("\n")))
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    rows.append((cells, f"table {tables}, row {r}"))
    return rows


def _body_start(rows: list[Row]) -> int:
    for i, (cells, _) in enumerate(rows):
        if len(cells) == 1 and is_heading(cells[0]):
            return i
    return len(rows)


def read_file(path: Path, *, kind: str | None = None, catalogue: Catalogue | None = None) -> DocumentInput:
    """A text or DOCX file (``kind`` "text" or "docx"; by default from the file's suffix), checked."""
    from ..catalogue import catalogue as shipped

    if not path.is_file():
        raise LawDataError(f"{path}: no such file")
    source = kind or ("docx" if path.suffix.lower() == ".docx" else "text")
    raw = path.read_bytes()
    rows = _docx_rows(path) if source == "docx" else _text_rows(path, raw)
    start = _body_start(rows)
    if start == len(rows):
        raise LawDataError(f"{path.name}: no 'Điều', 'Chương' or 'Phần' heading: not a legal document's text")
    header = parse_header([cells for cells, _ in rows[:start]])
    lines = [Line(" | ".join(cells), where) for cells, where in rows[start:]]
    try:
        body = parse_body(lines, keep_upper=True, embedded_articles=True)
    except StructureError as exc:
        raise LawDataError(f"{path.name}: {exc}") from exc
    if not body.articles():
        raise LawDataError(f"{path.name}: no article ('Điều N.') in the text")
    trailer, effect = split_trailer(body), effect_dates(body)
    if not header.number and not header.title:
        raise LawDataError(f"{path.name}: the header gives neither a number ('Số: …') nor a title")
    law = header.doc_type in ("hien_phap", "bo_luat", "luat")
    issued = trailer.adopted_on if law and trailer.adopted_on else header.issued_on
    meta = Meta(
        number=header.number,
        doc_type=header.doc_type or "khac",
        title=header.title,
        issuer=header.issuer,
        signer=trailer.signer,
        place=header.place,
        issued_on=issued,
        effective_from=effect.effective_from or (issued if effect.on_signing else None),
        preamble="\n".join(header.preamble),
        closing_text="\n".join(trailer.lines),
    )
    cat = catalogue or shipped()
    entry = cat.by_number(header.number) if header.number else None
    key = (
        entry.key
        if entry
        else document_key(header.number, meta.doc_type, issued.year if issued else None, header.title)
    )
    relations = []
    for number, name in effect.expires:
        other_key, other = mentioned_document(number, name)
        relations.append(RelationInput(RelationKind.REPLACES, other_key, other, note=f"{path.name}: hết hiệu lực"))
    return DocumentInput(
        source=source,
        locator=f"{source}#{key}",
        where=path.name,
        checksum=digest(raw),
        key=key,
        metas=[(META_HEADER, meta)],
        body=body,
        keep_upper=True,
        relations=relations,
        warnings=list(body.warnings),
    )
