"""The text of a draft handed to the checker: plain text (UTF-8), DOCX or PDF, with limits.

``read_draft(data, name)`` decides the kind from the bytes (a PDF starts with ``%PDF-``, a DOCX is a
ZIP holding ``word/document.xml``) and checks it against the name's suffix, so a renamed file is read
as what it is and a file that is none of the three is refused by name. Everything that goes wrong is a
``DraftFileError`` whose message says what to do; nothing is written anywhere.

Limits: ``MAX_BYTES`` for the file; ``MAX_CHARACTERS`` (64,000, the API's and the page's limit) for
the text, unless the caller passes another (the command accepts any length).
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_CHARACTERS = 64_000
KINDS = {".txt": "text", ".text": "text", ".docx": "docx", ".pdf": "pdf"}


class DraftFileError(ValueError):
    """A draft that cannot be read; the message is for the person who gave it."""


def kind_of(data: bytes, name: str) -> str:
    """ "text", "docx" or "pdf" from the content; the suffix only breaks ties and names the error."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise DraftFileError(_("%(name)s is a ZIP archive but not a DOCX document.") % {"name": name})
    if suffix in (".doc", ".rtf", ".odt", ".pages"):
        raise DraftFileError(
            _("%(name)s: this format is not read; save the draft as DOCX, PDF or plain text.") % {"name": name}
        )
    if suffix in (".docx", ".pdf"):
        raise DraftFileError(_("%(name)s is not a valid %(kind)s file.") % {"name": name, "kind": suffix[1:].upper()})
    return "text"


def read_draft(data: bytes, name: str, *, max_characters: int | None = MAX_CHARACTERS) -> str:
    """The text of the draft in ``data`` (the file's bytes; ``name`` is its file name)."""
    if not data:
        raise DraftFileError(_("%(name)s is empty.") % {"name": name})
    if len(data) > MAX_BYTES:
        raise DraftFileError(
            _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )
    kind = kind_of(data, name)
    text = {"text": _text, "docx": docx_text, "pdf": _pdf}[kind](data, name)
    if not text.strip():
        raise DraftFileError(_("%(name)s contains no text.") % {"name": name})
    if max_characters is not None and len(text) > max_characters:
        raise DraftFileError(
            _("%(name)s has %(n)s characters of text; at most %(limit)s are checked at once: split the draft.")
            % {"name": name, "n": f"{len(text):,}", "limit": f"{max_characters:,}"}
        )
    return text


def _text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftFileError(_("%(name)s is UTF-16 text; save it as UTF-8.") % {"name": name})
    try:
        # Kept as decoded (a BOM, "\r\n" included): offsets index the file, as `cite extract` does.
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:1024]:
            raise DraftFileError(
                _("%(name)s is not a text file; give a DOCX, PDF or UTF-8 text file.") % {"name": name}
            ) from exc
        raise DraftFileError(
            _("%(name)s is not UTF-8 text (byte %(byte)d); save it as UTF-8.") % {"name": name, "byte": exc.start}
        ) from exc


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows in reading order, one per line (cells of a row joined by tabs).
    Also read by ecourt/judgments/originals.py (a judgment's original file)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DraftFileError(_("%(name)s is not a readable DOCX document.") % {"name": name}) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split("\n")).strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                lines.append("\t".join(cells))
    return "\n".join(lines)


def pdf_pages(data: bytes, name: str) -> list[str]:
    """The text layer of each page of the PDF in ``data`` ("" for a page without one, e.g. a scan).
    A PDF that cannot be opened is a ``DraftFileError``. Also read by ecourt/judgments/originals.py,
    which OCRs the pages without text."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password alone (printing, copying restrictions) opens with an empty user password.
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several kinds for unknown algorithms
                raise DraftFileError(_("%(name)s is an encrypted PDF that cannot be opened.") % {"name": name}) from exc
            if not opened:
                raise DraftFileError(
                    _("%(name)s is protected by a password; save a copy without the password.") % {"name": name}
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DraftFileError:
        raise
    except FileNotDecryptedError as exc:
        raise DraftFileError(
            _("%(name)s is protected by a password; save a copy without the password.") % {"name": name}
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DraftFileError(_("%(name)s is not a readable PDF (%(error)s).") % {"name": name, "error": exc}) from exc
    if not pages:
        raise DraftFileError(_("%(name)s has no pages.") % {"name": name})
    return pages


def _pdf(data: bytes, name: str) -> str:
    """The PDF's text layer, pages separated by a blank line. A scan (pages without text) is refused:
    the checker does not OCR, and checking an empty text would say "no citations", which is false."""
    pages = pdf_pages(data, name)
    if not any(p.strip() for p in pages):
        raise DraftFileError(
            _(
                "%(name)s has no text layer (a scanned PDF?): none of its %(n)d page(s) holds text. "
                "Give the DOCX, or a PDF exported from the word processor, or run OCR first."
            )
            % {"name": name, "n": len(pages)}
        )
    return "\n\n".join(p.strip("\n") for p in pages)
