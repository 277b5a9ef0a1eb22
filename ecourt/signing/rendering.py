"""Court documents (notices, decisions, judgments) rendered to PDF from their data with reportlab.

The font is DejaVu Sans (Debian ``fonts-dejavu-core``, installed by .ci/run): reportlab's built-in
Helvetica has no Vietnamese glyphs (ơ, ư, ạ, ế… would print as boxes), so the TrueType font is embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


class RenderingError(RuntimeError):
    pass


@dataclass(frozen=True)
class CourtDocument:
    """What a notice, decision or judgment prints: the layout (the template) is fixed, the data varies."""

    court: str
    kind: str  # e.g. "QUYẾT ĐỊNH", "THÔNG BÁO", "BẢN ÁN"
    number: str
    place: str
    issued_on: date
    subject: str
    paragraphs: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name in (FONT, FONT_BOLD):
        path = FONT_DIR / f"{name}.ttf"
        if not path.is_file():
            raise RenderingError(
                _("Font %(path)s is missing: install the Debian package fonts-dejavu-core.") % {"path": path}
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))


def render_pdf(document: CourtDocument) -> bytes:
    """The document as PDF bytes (A4, Vietnamese administrative layout: national motto, court, number, date)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT  # type: ignore[import-untyped]
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.lib.units import mm  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # type: ignore[import-untyped]

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=17, alignment=TA_JUSTIFY, spaceAfter=6)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, spaceAfter=0)
    bold_centre = ParagraphStyle("bold_centre", parent=centre, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=bold_centre, fontSize=15, leading=20, spaceBefore=12, spaceAfter=4)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    # The head (court and number | national motto) in 11 pt, so the motto stays on one line (DejaVu is wide).
    head = ParagraphStyle("head", parent=centre, fontSize=11, leading=15)
    bold_head = ParagraphStyle("bold_head", parent=head, fontName=FONT_BOLD)

    def p(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text), style)

    header = Table(
        [
            [p(document.court.upper(), bold_head), p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold_head)],
            [p(f"Số: {document.number}", head), p("Độc lập - Tự do - Hạnh phúc", bold_head)],
        ],
        colWidths=[65 * mm, 100 * mm],
    )
    issued = document.issued_on
    story = [
        header,
        Spacer(1, 4 * mm),
        p(f"{document.place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}", right),
        p(document.kind.upper(), title),
        p(document.subject, centre),
        Spacer(1, 6 * mm),
        *(p(text, body) for text in document.paragraphs),
        Spacer(1, 10 * mm),
    ]
    if document.signer_title or document.signer_name:
        sign = Table(
            [
                ["", p(document.signer_title.upper(), bold_centre)],
                ["", Spacer(1, 18 * mm)],
                ["", p(document.signer_name, bold_centre)],
            ],
            colWidths=[85 * mm, 85 * mm],
        )
        story.append(sign)
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{document.kind} {document.number}",
        author=document.court,
    ).build(story)
    return out.getvalue()
