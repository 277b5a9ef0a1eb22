"""Test support: drafts as DOCX and PDF files built in the test (python-docx and pypdf, both pinned).

The PDF is written by hand: a Type0 font with an identity encoding and a ToUnicode map, one code per
distinct character, which is how word processors export Vietnamese text. No glyphs are embedded (a
viewer would show boxes), but its text layer is what a real export's is, and that is what is read.
"""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _stream(writer: PdfWriter, data: bytes, extra: dict[str, object] | None = None) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (extra or {}).items():
        stream[NameObject(key)] = value
    return writer._add_object(stream)


def pdf_bytes(lines: list[str] | None, *, password: str | None = None, pages: int = 1) -> bytes:
    """A PDF whose first page holds ``lines`` as text (None: pages without any text, like a scan)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if lines:
        chars = sorted({ch for line in lines for ch in line})
        code = {ch: i + 1 for i, ch in enumerate(chars)}
        cmap = [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange",
            f"{len(chars)} beginbfchar",
            *(f"<{code[ch]:04X}> <{ord(ch):04X}>" for ch in chars),
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
        to_unicode = _stream(writer, "\n".join(cmap).encode("ascii"))
        descendant = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/CIDFontType2"),
                NameObject("/BaseFont"): NameObject("/Arial"),
                NameObject("/CIDSystemInfo"): DictionaryObject(
                    {
                        NameObject("/Registry"): TextStringObject("Adobe"),
                        NameObject("/Ordering"): TextStringObject("Identity"),
                        NameObject("/Supplement"): NumberObject(0),
                    }
                ),
                NameObject("/DW"): NumberObject(500),
            }
        )
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): NameObject("/Arial"),
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
                NameObject("/ToUnicode"): to_unicode,
            }
        )
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append("<" + "".join(f"{code[ch]:04X}" for ch in line) + "> Tj T*")
        ops.append("ET")
        page = writer.pages[0]
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        page[NameObject("/Contents")] = _stream(writer, "\n".join(ops).encode("ascii"))
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
