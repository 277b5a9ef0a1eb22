"""The original file of a judgment: stored by its SHA-256, with the text read from it.

``attach_original(judgment, data, name, actor=...)`` reads the file first and stores it only when that
worked, so a bad file changes nothing:

- DOCX: paragraphs and tables (python-docx, the reader of the draft checker, ecourt/citations/files.py);
- PDF: each page's text layer (pypdf, the same reader); a page without one (a scan) is rendered to a
  300 dpi grey image with ``pdftoppm`` (poppler-utils) and read by ``tesseract -l vie`` (tesseract-ocr,
  tesseract-ocr-vie: Vietnamese is required, English data reads it badly);
- a scanned image (PNG, JPEG, TIFF, multi-page TIFF included): tesseract directly.

Limits: ``MAX_BYTES`` for the file, ``MAX_PAGES`` for a PDF, ``MAX_OCR_PAGES`` pages read by OCR (about
18 s a dense A4 page here, and the upload waits for it). The text is normalized to NFC (pypdf and tesseract may
give decomposed marks). When the judgment's publication has no signed text yet, the text read becomes it
(the source that publication anonymizes).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.citations.files import DraftFileError, docx_text, kind_of, pdf_pages

from .access import access_judgment_for_publication
from .models import ExtractionMethod, Judgment, JudgmentFile, PublicationStatus

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_OCR_PAGES = 20  # OCR runs while the upload waits: about 18 s a dense A4 page here
OCR_DPI = 300
OCR_TIMEOUT_S = 180  # one page or one image
MIN_LAYER_CHARACTERS = 20  # fewer on a page (a stamp, a page number) means a scan: it is OCR'd
LANGUAGE = "vie"

IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"II*\x00": ("image/tiff", ".tif"),
    b"MM\x00*": ("image/tiff", ".tif"),
}
PDF = ("application/pdf", ".pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")


class OriginalFileError(ValueError):
    """A file that cannot be taken as a judgment's original; the message says why. Nothing was stored."""


@dataclass
class Extracted:
    text: str
    method: str
    content_type: str
    suffix: str
    pages: int = 1
    ocr_pages: list[int] = field(default_factory=list)


def _run(program: str, *args: str, timeout: int = OCR_TIMEOUT_S) -> subprocess.CompletedProcess[bytes]:
    """``program`` (found on PATH) with ``args``: no shell, a time limit."""
    path = shutil.which(program)
    if path is None:
        raise OriginalFileError(_("%(program)s is not installed on the server.") % {"program": program})
    return subprocess.run([path, *args], capture_output=True, timeout=timeout, check=False)  # noqa: S603


def ocr_available() -> bool:
    """Whether tesseract with its Vietnamese data and pdftoppm are installed (``.ci/run`` installs them)."""
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        return False
    listed = _run("tesseract", "--list-langs", timeout=30)
    return LANGUAGE in (listed.stdout + listed.stderr).decode(errors="replace").split()


def _require_ocr() -> None:
    if not ocr_available():
        raise OriginalFileError(
            _("This file is a scan and OCR is not installed on the server (tesseract-ocr with its Vietnamese data).")
        )


def _tesseract(image: Path) -> str:
    try:
        done = _run("tesseract", str(image), "-", "-l", LANGUAGE)
    except subprocess.TimeoutExpired as exc:
        raise OriginalFileError(_("OCR took longer than %(s)d seconds on one page.") % {"s": OCR_TIMEOUT_S}) from exc
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip()[-200:]
        raise OriginalFileError(_("OCR could not read the image (%(error)s).") % {"error": error})
    return done.stdout.decode("utf-8", errors="replace")


def _ocr_pdf_page(pdf: Path, page: int, work: Path) -> str:
    prefix = work / f"page-{page}"
    try:
        done = _run(
            "pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
            "-f", str(page), "-l", str(page), str(pdf), str(prefix),
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise OriginalFileError(_("Page %(page)d could not be rendered in time.") % {"page": page}) from exc
    image = prefix.with_suffix(".png")
    if done.returncode != 0 or not image.exists():
        raise OriginalFileError(_("Page %(page)d of the PDF could not be rendered for OCR.") % {"page": page})
    return _tesseract(image)


def _pdf(data: bytes, name: str) -> Extracted:
    pages = pdf_pages(data, name)
    if len(pages) > MAX_PAGES:
        raise OriginalFileError(
            _("%(name)s has %(n)d pages; at most %(limit)d are taken.")
            % {"name": name, "n": len(pages), "limit": MAX_PAGES}
        )
    scanned = [i for i, text in enumerate(pages, start=1) if len("".join(text.split())) < MIN_LAYER_CHARACTERS]
    if len(scanned) > MAX_OCR_PAGES:
        raise OriginalFileError(
            _("%(name)s has %(n)d scanned pages; at most %(limit)d are read by OCR at once.")
            % {"name": name, "n": len(scanned), "limit": MAX_OCR_PAGES}
        )
    if scanned:
        _require_ocr()
        with tempfile.TemporaryDirectory(prefix="ecourt-ocr-") as tmp:
            work = Path(tmp)
            source = work / "original.pdf"
            source.write_bytes(data)
            for page in scanned:
                read = _ocr_pdf_page(source, page, work)
                # A page with a little text layer (a stamp) keeps whichever reading holds more.
                if len(read.strip()) > len(pages[page - 1].strip()):
                    pages[page - 1] = read
    if len(scanned) == len(pages):
        method = ExtractionMethod.OCR
    else:
        method = ExtractionMethod.MIXED if scanned else ExtractionMethod.TEXT_LAYER
    text = "\n\n".join(p.strip("\n") for p in pages)
    return Extracted(text, method, *PDF, pages=len(pages), ocr_pages=scanned)


def _image(data: bytes, content_type: str, suffix: str) -> Extracted:
    _require_ocr()
    with tempfile.TemporaryDirectory(prefix="ecourt-ocr-") as tmp:
        image = Path(tmp) / f"scan{suffix}"
        image.write_bytes(data)
        text = _tesseract(image)
    # tesseract ends each page of a (multi-page TIFF) image with a form feed.
    pages = max(1, text.count("\f"))
    if pages > MAX_OCR_PAGES:
        raise OriginalFileError(_("The image has more than %(limit)d pages.") % {"limit": MAX_OCR_PAGES})
    return Extracted(
        text.replace("\f", "\n\n").strip("\n"),
        ExtractionMethod.OCR,
        content_type,
        suffix,
        pages=pages,
        ocr_pages=list(range(1, pages + 1)),
    )


def extract(data: bytes, name: str) -> Extracted:
    """The text of the original in ``data`` (``name``: its file name) and how it was read."""
    if not data:
        raise OriginalFileError(_("%(name)s is empty.") % {"name": name})
    if len(data) > MAX_BYTES:
        raise OriginalFileError(
            _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )
    try:
        for magic, (content_type, suffix) in IMAGE_TYPES.items():
            if data.startswith(magic):
                extracted = _image(data, content_type, suffix)
                break
        else:
            kind = kind_of(data, name)
            if kind == "pdf":
                extracted = _pdf(data, name)
            elif kind == "docx":
                extracted = Extracted(docx_text(data, name), ExtractionMethod.DOCX, *DOCX)
            else:
                raise OriginalFileError(
                    _("%(name)s is not a PDF, DOCX or scanned image (PNG, JPEG, TIFF).") % {"name": name}
                )
    except DraftFileError as exc:  # the shared reader's messages already name the file and the fix
        raise OriginalFileError(str(exc)) from exc
    extracted.text = unicodedata.normalize("NFC", extracted.text)
    if not extracted.text.strip():
        raise OriginalFileError(_("No text could be read from %(name)s.") % {"name": name})
    return extracted


def storage_name(sha256: str, suffix: str) -> str:
    return f"judgments/originals/{sha256[:2]}/{sha256}{suffix}"


def attach_original(judgment: Judgment, data: bytes, name: str, *, actor: Any) -> JudgmentFile:
    """Store ``data`` as the original of ``judgment`` with its text; only people who may publish it may.

    The same bytes attached twice give the same row. When the publication has no signed text yet and
    awaits publication, the text read becomes it."""
    from .publication import publication_of

    access_judgment_for_publication(actor, judgment.pk)
    name = Path(name or "original").name[:255]
    extracted = extract(data, name)  # before anything is written: a bad file stores nothing
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        judgment = access_judgment_for_publication(actor, judgment.pk, for_update=True)
        existing = JudgmentFile.objects.filter(judgment=judgment, sha256=sha256).first()
        if existing is not None:
            return existing
        path = storage_name(sha256, extracted.suffix)
        # Content-addressed: a file left by a rolled-back attempt is the same bytes, reused next time.
        if not default_storage.exists(path):
            saved = default_storage.save(path, ContentFile(data))
            if saved != path:  # a storage that renames would break the addressing
                raise OriginalFileError(_("The file could not be stored under its checksum."))
        original = JudgmentFile.objects.create(
            judgment=judgment,
            file=path,
            name=name,
            content_type=extracted.content_type,
            sha256=sha256,
            size=len(data),
            text=extracted.text,
            method=extracted.method,
            pages=extracted.pages,
            ocr_pages=extracted.ocr_pages,
            uploaded_by=actor,
        )
        publication = publication_of(judgment)
        used_as_source = not publication.source_text and publication.status == PublicationStatus.AWAITING
        if used_as_source:
            publication.source_text = extracted.text
            publication.save(update_fields=["source_text"])
        record(
            actor,
            Action.CREATE,
            "judgment_file",
            original.pk,
            case_id=publication.case_id,
            detail={
                "judgment": judgment.pk,
                "sha256": sha256,
                "size": len(data),
                "method": extracted.method,
                "ocr_pages": len(extracted.ocr_pages),
                "source_text": used_as_source,
            },
        )
    return original


def latest_original(judgment: Judgment) -> JudgmentFile | None:
    return JudgmentFile.objects.filter(judgment=judgment).order_by("-uploaded_at", "-id").first()
