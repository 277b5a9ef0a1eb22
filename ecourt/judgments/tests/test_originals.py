"""A judgment's original file: DOCX, PDF text layer and OCR of scans, bad files, who may read it, and the
judgments of the case's other instances."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageDraw, ImageFont
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ecourt.audit.models import AuditEntry
from ecourt.cases.models import Case, EventKind, Instance, Status
from ecourt.cases.services.intake import open_related_case
from ecourt.judgments import originals
from ecourt.judgments.access import JudgmentNotFound, access_original
from ecourt.judgments.models import ExtractionMethod, Judgment, JudgmentFile, JudgmentPublication
from ecourt.judgments.tests.test_publication import case_judgment, effective_case

pytestmark = pytest.mark.django_db

VIETNAMESE = "Tòa án nhân dân huyện Phú Lộc tuyên xử buộc bị đơn trả tiền"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _ocr_or_skip() -> None:
    if originals.ocr_available() and FONT.exists():
        return
    reason = "OCR needs tesseract-ocr, tesseract-ocr-vie, poppler-utils and fonts-dejavu-core (.ci/run installs them)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)  # CI installs them: a skip there would hide a broken OCR path
    pytest.skip(reason)


def scan_image(lines: list[str]) -> Image.Image:
    """A clean 'scan': Vietnamese lines drawn in DejaVu Sans, black on white, as a 300 dpi page would be."""
    font = ImageFont.truetype(str(FONT), 44)
    image = Image.new("L", (2000, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 90 * i), line, font=font, fill=0)
    return image


def image_bytes(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"resolution": 300.0} if fmt == "PDF" else {}))
    return out.getvalue()


def text_pdf(*lines: str) -> bytes:
    """A one-page PDF with a real text layer (Helvetica, so ASCII text), built with pypdf."""
    writer = PdfWriter()
    page = PageObject.create_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    body = "".join(f"BT /F1 14 Tf 72 {760 - 24 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
    stream = DecodedStreamObject()
    stream.set_data(body.encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nguyên đơn"
    table.rows[0].cells[1].text = "Ông Nguyễn Văn An"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def case(clerk: Any, president: Any, judge: Any, court: Any) -> Case:
    return effective_case(clerk=clerk, president=president, judge=judge, court=court)


@pytest.fixture
def awaiting(case: Case, court: Any) -> Judgment:
    return case_judgment(case, court, text="")


# --- reading -----------------------------------------------------------------------------------------


def test_a_docx_original_is_read_stored_by_checksum_and_becomes_the_signed_text(awaiting: Judgment, judge: Any) -> None:
    data = docx_bytes("TÒA ÁN NHÂN DÂN HUYỆN Y", "BẢN ÁN SỐ: 01/2025/DS-ST")
    original = originals.attach_original(awaiting, data, "ban-an.docx", actor=judge)

    assert original.method == ExtractionMethod.DOCX
    assert original.text.splitlines() == [
        "TÒA ÁN NHÂN DÂN HUYỆN Y",
        "BẢN ÁN SỐ: 01/2025/DS-ST",
        "Nguyên đơn\tÔng Nguyễn Văn An",
    ]
    assert original.content_type.endswith("wordprocessingml.document")
    assert original.size == len(data)
    assert original.file.name == f"judgments/originals/{original.sha256[:2]}/{original.sha256}.docx"
    assert (Path(settings.MEDIA_ROOT) / original.file.name).read_bytes() == data
    # the publication had no signed text: the original's text is it now
    assert JudgmentPublication.objects.get(judgment=awaiting).source_text == original.text
    assert AuditEntry.objects.filter(object_type="judgment_file", object_id=str(original.pk)).exists()
    # the same bytes again: the same row, one file
    again = originals.attach_original(awaiting, data, "copy.docx", actor=judge)
    assert again.pk == original.pk
    assert len(stored_files()) == 1


def test_a_signed_text_already_given_is_kept(awaiting: Judgment, judge: Any) -> None:
    JudgmentPublication.objects.filter(judgment=awaiting).update(source_text="Văn bản đã ký")
    originals.attach_original(awaiting, docx_bytes("Khác"), "b.docx", actor=judge)
    assert JudgmentPublication.objects.get(judgment=awaiting).source_text == "Văn bản đã ký"


def test_a_pdf_text_layer_is_read_without_ocr() -> None:
    extracted = originals.extract(text_pdf("BAN AN SO 01/2025/DS-ST", "Toa an nhan dan huyen Y xet xu"), "a.pdf")
    assert extracted.method == ExtractionMethod.TEXT_LAYER
    assert extracted.ocr_pages == []
    assert extracted.pages == 1
    assert "BAN AN SO 01/2025/DS-ST" in extracted.text
    assert "Toa an nhan dan huyen Y xet xu" in extracted.text


def test_a_scanned_image_is_read_by_vietnamese_ocr() -> None:
    _ocr_or_skip()
    extracted = originals.extract(image_bytes(scan_image([VIETNAMESE]), "PNG"), "scan.png")
    assert extracted.method == ExtractionMethod.OCR
    assert extracted.content_type == "image/png"
    assert extracted.ocr_pages == [1]
    words = extracted.text.split()
    assert [w for w in VIETNAMESE.split() if w not in words] == []


def test_a_scanned_pdf_page_is_rendered_and_read_and_a_text_page_keeps_its_layer() -> None:
    _ocr_or_skip()
    scan = image_bytes(scan_image([VIETNAMESE, "Bản án số 12/2025/DS-PT"]), "PDF")
    assert PdfReader(io.BytesIO(scan)).pages[0].extract_text().strip() == ""  # no text layer: a real scan
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf("PHAN QUYET DINH: buoc bi don tra tien cho nguyen don"))))
    writer.append(PdfReader(io.BytesIO(scan)))
    out = io.BytesIO()
    writer.write(out)

    extracted = originals.extract(out.getvalue(), "mixed.pdf")

    assert extracted.method == ExtractionMethod.MIXED
    assert extracted.pages == 2
    assert extracted.ocr_pages == [2]
    first, second = extracted.text.split("\n\n", 1)
    assert "PHAN QUYET DINH" in first
    words = second.split()
    assert [w for w in [*VIETNAMESE.split(), "12/2025/DS-PT"] if w not in words] == []

    only_scan = originals.extract(scan, "scan.pdf")
    assert only_scan.method == ExtractionMethod.OCR
    assert only_scan.ocr_pages == [1]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "empty"),
        (b"%PDF-1.7\nthis is no pdf", "broken.pdf", "not a readable PDF"),
        (b"PK\x03\x04garbage", "broken.docx", "ZIP"),
        ("Bản án viết tay".encode(), "notes.txt", "not a PDF, DOCX or scanned image"),
        (b"\x89PNG\r\n\x1a\nnot really an image", "scan.png", None),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_is_stored(
    awaiting: Judgment, judge: Any, data: bytes, name: str, message: str | None
) -> None:
    if name.endswith(".png"):
        _ocr_or_skip()
    with translation.override("en"), pytest.raises(originals.OriginalFileError) as raised:
        originals.attach_original(awaiting, data, name, actor=judge)
    assert message is None or message in str(raised.value)
    assert name in str(raised.value) or name.endswith(".png")
    assert not JudgmentFile.objects.exists()
    assert stored_files() == []
    assert JudgmentPublication.objects.get(judgment=awaiting).source_text == ""


@translation.override("en")
def test_limits_of_size_and_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(originals, "MAX_BYTES", 100)
    with pytest.raises(originals.OriginalFileError, match="larger than"):
        originals.extract(b"%PDF-" + b"x" * 200, "big.pdf")
    monkeypatch.setattr(originals, "MAX_BYTES", 10_000_000)
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    monkeypatch.setattr(originals, "MAX_PAGES", 2)
    with pytest.raises(originals.OriginalFileError, match="3 pages"):
        originals.extract(out.getvalue(), "long.pdf")
    monkeypatch.setattr(originals, "MAX_PAGES", 10)
    monkeypatch.setattr(originals, "MAX_OCR_PAGES", 2)
    with pytest.raises(originals.OriginalFileError, match="3 scanned pages"):
        originals.extract(out.getvalue(), "long.pdf")


# --- who may read it ---------------------------------------------------------------------------------


def test_only_who_may_publish_attaches_or_reads_the_original(
    client: Any, awaiting: Judgment, judge: Any, colleague: Any, outsider: Any
) -> None:
    data = docx_bytes("BẢN ÁN SỐ: 01/2025/DS-ST")
    with pytest.raises(JudgmentNotFound):
        originals.attach_original(awaiting, data, "a.docx", actor=colleague)
    assert not JudgmentFile.objects.exists()
    originals.attach_original(awaiting, data, "a.docx", actor=judge)
    url = reverse("judgments:original", args=[awaiting.pk])

    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404  # unpublished: its existence does not leak
    client.force_login(judge)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(object_type="judgment_file", action="view", actor_id=judge.pk).exists()


def test_a_published_judgment_never_serves_its_original_to_the_public(
    client: Any, case: Case, court: Any, judge: Any, colleague: Any, outsider: Any
) -> None:
    judgment = case_judgment(case, court, published=True)
    originals.attach_original(judgment, docx_bytes("Ông Nguyễn Văn An"), "a.docx", actor=judge)
    url = reverse("judgments:original", args=[judgment.pk])
    page = reverse("judgments:detail", args=[judgment.pk])

    assert client.get(url).status_code == 302
    assert url not in client.get(page).content.decode()
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert url not in client.get(page).content.decode()
        with pytest.raises(PermissionDenied):
            access_original(user, judgment.pk)
    client.force_login(judge)
    assert url in client.get(page).content.decode()
    assert client.get(url).status_code == 200


def test_the_panel_uploads_the_original_and_shows_the_error_of_a_bad_one(
    client: Any, awaiting: Judgment, judge: Any
) -> None:
    client.force_login(judge)
    url = reverse("judgments:publication", args=[awaiting.pk])
    bad = SimpleUploadedFile("x.pdf", b"%PDF-1.4 broken", content_type="application/pdf")
    response = client.post(url, {"action": "original", "original": bad})
    assert response.status_code == 400
    assert "x.pdf" in response.content.decode()
    assert not JudgmentFile.objects.exists()

    good = SimpleUploadedFile("ban-an.docx", docx_bytes("BẢN ÁN SỐ: 01/2025/DS-ST"))
    response = client.post(url, {"action": "original", "original": good})
    assert response.status_code == 302
    original = JudgmentFile.objects.get(judgment=awaiting)
    page = client.get(url).content.decode()
    assert "ban-an.docx" in page
    assert reverse("judgments:original", args=[awaiting.pk]) in page
    assert original.uploaded_by == judge


# --- other instances ---------------------------------------------------------------------------------


def test_the_page_lists_the_judgments_of_the_case_s_other_instances(
    client: Any, case: Case, court: Any, provincial_court: Any, clerk: Any, judge: Any
) -> None:
    first = case_judgment(case, court, published=True)
    appeal_case = open_related_case(
        source=case,
        court=provincial_court,
        instance=Instance.PT,
        status=Status.FILE_RECEIVED,
        event=EventKind.FILE_RECEIVED,
        on=datetime.date.today(),
        actor=clerk,
        parent=case,
    )
    appeal = case_judgment(appeal_case, provincial_court, published=True)
    Judgment.objects.filter(pk=appeal.pk).update(number="12/2025/DS-PT", instance=Instance.PT)
    unrelated = case_judgment(None, court, published=True)  # a judgment without a case (imported)

    first_page = client.get(reverse("judgments:detail", args=[first.pk])).content.decode()
    assert f'data-instance="{appeal.pk}"' in first_page
    assert "12/2025/DS-PT" in first_page
    assert f'data-instance="{unrelated.pk}"' not in first_page
    appeal_page = client.get(reverse("judgments:detail", args=[appeal.pk])).content.decode()
    assert f'data-instance="{first.pk}"' in appeal_page

    # an appeal judgment not published yet is not on the public page, but the staff's panel lists it
    Judgment.objects.filter(pk=appeal.pk).update(published=False)
    assert (
        f'data-instance="{appeal.pk}"' not in client.get(reverse("judgments:detail", args=[first.pk])).content.decode()
    )
    client.force_login(judge)
    panel = client.get(reverse("judgments:publication", args=[first.pk])).content.decode()
    assert f'data-instance="{appeal.pk}"' in panel
