"""The original file of a judgment: stored by its SHA-256, with the text read from it.

``attach_original(judgment, data, name, actor=...)`` reads the file first and stores it only when that
worked, so a bad file changes nothing:

- DOCX: paragraphs and tables (python-docx, the reader of the draft checker, ecourt/citations/files.py);
- PDF: each page's text layer (pypdf, the same reader); a page without one (a scan) is rendered to a
  300 dpi grey image with ``pdftoppm`` (poppler-utils) and read by ``tesseract -l vie`` (tesseract-ocr,
  tesseract-ocr-vie: Vietnamese is required, English data reads it badly);
- a scanned image (PNG, JPEG, TIFF, multi-page TIFF included): tesseract directly.

Limits: ``MAX_BYTES`` for the file, ``MAX_PAGES`` for a PDF, ``MAX_OCR_PAGES`` pages read by OCR. The
text is normalized to NFC (pypdf and tesseract may give decomposed marks). When the judgment's publication has
no signed text yet, the text read becomes it (the source that publication anonymizes).

OCR takes about 18 s a dense A4 page here, so the upload does not wait for it: a DOCX or a PDF with a text
layer on every page is read at once; a scan is checked (type, limits, OCR installed), stored at once with its
extraction ``pending``, and read by the job ``judgments.read_original`` (``read_original``), queued after the
commit: on a Celery worker in production, in-process after the request's commit where no broker is configured
(``CELERY_TASK_ALWAYS_EAGER``). The file and its row are committed before the OCR starts, so a failure or a
crash loses nothing: the row says ``failed`` (with the reason) or stays ``pending``, and ``retry_extraction``
queues the reading again.
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.citations.files import DraftFileError, docx_text, kind_of, pdf_pages

from .access import access_judgment_for_publication
from .models import ExtractionMethod, ExtractionStatus, Judgment, JudgmentFile, PublicationStatus

if TYPE_CHECKING:
    from ecourt.jobs.models import Job

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_OCR_PAGES = 20  # about 18 s a dense A4 page here: a 20-page scan keeps a worker six minutes
OCR_DPI = 300
OCR_TIMEOUT_S = 180  # one page or one image
MIN_LAYER_CHARACTERS = 20  # fewer on a page (a stamp, a page number) means a scan: it is OCR'd
LANGUAGE = "vie"
READ_JOB = "judgments.read_original"
# A reading job still "running" after this long was lost with its worker (20 pages, each within its
# timeout, finish well before): its file may be queued again.
STALE_AFTER = datetime.timedelta(seconds=MAX_OCR_PAGES * OCR_TIMEOUT_S)

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
    pending: bool = False  # a scan checked but not read yet (``extract(..., ocr=False)``)


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


def _pdf(data: bytes, name: str, ocr: bool) -> Extracted:
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
    if scanned and not ocr:
        method = ExtractionMethod.OCR if len(scanned) == len(pages) else ExtractionMethod.MIXED
        return Extracted("", method, *PDF, pages=len(pages), ocr_pages=scanned, pending=True)
    if scanned:
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


def _image(data: bytes, content_type: str, suffix: str, name: str, ocr: bool) -> Extracted:
    _require_ocr()
    if content_type == "image/png" and data[12:16] != b"IHDR":
        # tesseract would say so too, but only in the job: a file that is plainly not an image is refused now
        raise OriginalFileError(_("%(name)s is not a readable image.") % {"name": name})
    if not ocr:
        return Extracted("", ExtractionMethod.OCR, content_type, suffix, pending=True)
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


def extract(data: bytes, name: str, *, ocr: bool = True, allow_empty: bool = False) -> Extracted:
    """The text of the original in ``data`` (``name``: its file name) and how it was read. With ``ocr``
    false, a file that needs OCR is only checked (its type, limits, OCR installed) and comes back
    ``pending`` with no text. With ``allow_empty`` (a case file's photo may hold no text), a file with no
    text read is not an error."""
    if not data:
        raise OriginalFileError(_("%(name)s is empty.") % {"name": name})
    if len(data) > MAX_BYTES:
        raise OriginalFileError(
            _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )
    try:
        for magic, (content_type, suffix) in IMAGE_TYPES.items():
            if data.startswith(magic):
                extracted = _image(data, content_type, suffix, name, ocr)
                break
        else:
            kind = kind_of(data, name)
            if kind == "pdf":
                extracted = _pdf(data, name, ocr)
            elif kind == "docx":
                extracted = Extracted(docx_text(data, name), ExtractionMethod.DOCX, *DOCX)
            else:
                raise OriginalFileError(
                    _("%(name)s is not a PDF, DOCX or scanned image (PNG, JPEG, TIFF).") % {"name": name}
                )
    except DraftFileError as exc:  # the shared reader's messages already name the file and the fix
        raise OriginalFileError(str(exc)) from exc
    extracted.text = unicodedata.normalize("NFC", extracted.text)
    if not extracted.pending and not extracted.text.strip() and not allow_empty:
        raise OriginalFileError(_("No text could be read from %(name)s.") % {"name": name})
    return extracted


def storage_name(sha256: str, suffix: str) -> str:
    return f"judgments/originals/{sha256[:2]}/{sha256}{suffix}"


def attach_original(judgment: Judgment, data: bytes, name: str, *, actor: Any) -> JudgmentFile:
    """Store ``data`` as the original of ``judgment`` with its text; only people who may publish it may.

    The same bytes attached twice give the same row. When the publication has no signed text yet and
    awaits publication, the text read becomes it. A scan is stored with its extraction pending and read by
    a job queued after the commit (``read_original``)."""
    from ecourt.jobs.services import enqueue

    from .publication import publication_of

    access_judgment_for_publication(actor, judgment.pk)
    name = Path(name or "original").name[:255]
    extracted = extract(data, name, ocr=False)  # before anything is written: a bad file stores nothing
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
            extraction=ExtractionStatus.PENDING if extracted.pending else ExtractionStatus.DONE,
            uploaded_by=actor,
        )
        used_as_source = False if extracted.pending else _use_as_source(judgment, extracted.text)
        publication = publication_of(judgment)
        if extracted.pending:
            enqueue(READ_JOB, {"file": original.pk}, user=actor)
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
                "extraction": original.extraction,
            },
        )
    return original


def _use_as_source(judgment: Judgment, text: str) -> bool:
    """Make ``text`` the signed text of an awaiting publication that has none yet; whether it did."""
    from .publication import publication_of

    publication = publication_of(judgment)
    if publication.source_text or publication.status != PublicationStatus.AWAITING:
        return False
    publication.source_text = text
    publication.save(update_fields=["source_text"])
    return True


def read_original(file_id: int) -> dict[str, object]:
    """Read the text of a stored original whose extraction is pending (the job ``judgments.read_original``).

    The OCR runs outside any transaction (minutes for a long scan); its result is written under a lock on
    the row. A file that cannot be read is marked ``failed`` with the reason, and the error is raised again
    so that the Job fails too; the file stays stored for a retry."""
    original = JudgmentFile.objects.filter(pk=file_id).first()
    if original is None or original.extraction == ExtractionStatus.DONE:
        return {"file": file_id, "skipped": True}
    try:
        with original.file.open("rb") as stored:
            data = stored.read()
        extracted = extract(data, original.name)
    except Exception as exc:
        error = (
            str(exc)
            if isinstance(exc, OriginalFileError)
            else _("Text extraction failed (%(error)s).") % {"error": type(exc).__name__}
        )
        JudgmentFile.objects.filter(pk=file_id).update(extraction=ExtractionStatus.FAILED, extraction_error=error[:500])
        record(
            None,
            Action.CHANGE,
            "judgment_file",
            file_id,
            detail={"judgment": original.judgment_id, "extraction": ExtractionStatus.FAILED, "error": error[:500]},
        )
        raise
    with transaction.atomic():
        original = JudgmentFile.objects.select_for_update().get(pk=file_id)
        if original.extraction == ExtractionStatus.DONE:  # another run finished first
            return {"file": file_id, "skipped": True}
        original.text = extracted.text
        original.method = extracted.method
        original.pages = extracted.pages
        original.ocr_pages = extracted.ocr_pages
        original.extraction = ExtractionStatus.DONE
        original.extraction_error = ""
        original.save(update_fields=["text", "method", "pages", "ocr_pages", "extraction", "extraction_error"])
        used_as_source = _use_as_source(original.judgment, extracted.text)
        record(
            None,
            Action.CHANGE,
            "judgment_file",
            file_id,
            detail={
                "judgment": original.judgment_id,
                "extraction": ExtractionStatus.DONE,
                "method": extracted.method,
                "ocr_pages": len(extracted.ocr_pages),
                "source_text": used_as_source,
            },
        )
    return {"file": file_id, "method": extracted.method, "pages": extracted.pages, "characters": len(extracted.text)}


def reading_job(original: JudgmentFile) -> Job | None:
    """The latest job that reads ``original`` (None for a file read at upload)."""
    from ecourt.jobs.models import Job

    return Job.objects.filter(kind=READ_JOB, params__file=original.pk).order_by("-id").first()


def may_retry(original: JudgmentFile, now: datetime.datetime | None = None) -> bool:
    """Whether ``original``'s reading may be queued again: it failed, or it is pending with no job that
    could still finish it (none, failed, or running for longer than a reading takes: a lost worker)."""
    from ecourt.jobs.models import JobStatus

    if original.extraction == ExtractionStatus.FAILED:
        return True
    if original.extraction != ExtractionStatus.PENDING:
        return False
    job = reading_job(original)
    if job is None or job.status in (JobStatus.FAILED, JobStatus.SUCCEEDED):
        return True
    since = job.started_at or job.created_at
    return since < (now or timezone.now()) - STALE_AFTER


def retry_extraction(actor: Any, file_id: int) -> JudgmentFile:
    """Queue the reading of an original again (after a failure, or a worker lost in the middle); only the
    people who may publish the judgment may."""
    from ecourt.jobs.services import enqueue

    original = JudgmentFile.objects.filter(pk=file_id).first()
    if original is None:
        raise OriginalFileError(_("No such original file."))
    access_judgment_for_publication(actor, original.judgment_id)
    with transaction.atomic():
        original = JudgmentFile.objects.select_for_update().get(pk=file_id)
        if not may_retry(original):
            raise OriginalFileError(_("The text of %(name)s is being read already.") % {"name": original.name})
        original.extraction = ExtractionStatus.PENDING
        original.extraction_error = ""
        original.save(update_fields=["extraction", "extraction_error"])
        job = enqueue(READ_JOB, {"file": original.pk}, user=actor)
        record(actor, Action.CHANGE, "judgment_file", original.pk, detail={"retry": job.pk})
    return original


def latest_original(judgment: Judgment) -> JudgmentFile | None:
    return JudgmentFile.objects.filter(judgment=judgment).order_by("-uploaded_at", "-id").first()
