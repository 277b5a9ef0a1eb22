"""`laws import text FILE` and `laws import docx FILE`: a Vietnamese legal document read into its
header, Parts, Chapters, Sections, Articles, clauses and points with stable keys; a second import that
changes nothing; a bad file refused naming the file and the place, with nothing written."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ecourt.jobs.models import Job
from ecourt.laws.models import LegalDocument, Provision
from ecourt.laws.selectors import find_provision, text_as_of, version_as_of

from .conftest import DATA, snapshot

pytestmark = pytest.mark.django_db

ORIGINAL = DATA / "nghi-dinh-goc.txt"


def laws(*args: str) -> str:
    out = StringIO()
    call_command("laws", *args, "--no-progress", stdout=out)
    return out.getvalue()


def structure(number: str) -> list[tuple[str, str, str | None, str]]:
    rows = Provision.objects.filter(document__number=number).select_related("parent").order_by("position")
    return [(p.kind, p.key, p.parent.key if p.parent else None, p.title) for p in rows]


def test_a_text_file_is_read_into_its_header_chapters_sections_articles_clauses_and_points() -> None:
    output = laws("import", "text", str(ORIGINAL))
    assert "text: 1 documents read, 1 written, 0 unchanged" in output
    decree = LegalDocument.objects.get(number="45/2026/NĐ-CP")
    assert (decree.key, decree.doc_type, decree.issuer, decree.place) == (
        "45-2026-nd-cp",
        "nghi_dinh",
        "Chính phủ",
        "Hà Nội",
    )
    assert decree.title == "Nghị định quy định về tống đạt điện tử văn bản tố tụng trong vụ việc dân sự"
    assert (decree.issued_on, decree.effective_from) == (datetime.date(2026, 3, 15), datetime.date(2026, 7, 1))
    assert decree.signer == "Lê Thành Long"
    assert decree.preamble.startswith("Căn cứ Luật Tổ chức Chính phủ")
    assert decree.closing_text.startswith("Nơi nhận:")
    rows = structure("45/2026/NĐ-CP")
    assert [key for _, key, _, _ in rows] == [
        "chuong-i",
        "dieu-1",
        "dieu-2",
        "dieu-3",
        "dieu-3/khoan-1",
        "dieu-3/khoan-2",
        "chuong-ii",
        "chuong-ii/muc-1",
        "dieu-4",
        "dieu-4/khoan-1",
        "dieu-4/khoan-2",
        "dieu-4/khoan-3",
        "dieu-5",
        "dieu-5/khoan-1",
        "dieu-5/khoan-1/diem-a",
        "dieu-5/khoan-1/diem-b",
        "dieu-5/khoan-1/diem-c",
        "dieu-5/khoan-1/diem-d",
        "dieu-5/khoan-2",
        "chuong-ii/muc-2",
        "dieu-6",
        "dieu-6/khoan-1",
        "dieu-6/khoan-2",
        "dieu-6/khoan-3",
        "dieu-7",
        "dieu-7/khoan-1",
        "dieu-7/khoan-2",
        "chuong-iii",
        "dieu-8",
    ]
    parents = {key: parent for _, key, parent, _ in rows}
    assert (parents["dieu-4"], parents["chuong-ii/muc-1"], parents["dieu-5/khoan-1/diem-d"]) == (
        "chuong-ii/muc-1",
        "chuong-ii",
        "dieu-5/khoan-1",
    )
    titles = {key: title for _, key, _, title in rows}
    assert (titles["chuong-ii/muc-2"], titles["dieu-6"]) == ("THỜI ĐIỂM VÀ CHỨNG CỨ TỐNG ĐẠT", "Thời điểm tống đạt")
    # A table inside a clause is the clause's text, never structure.
    table = find_provision(decree, 7, 2)
    assert table is not None
    version = version_as_of(table, datetime.date(2026, 7, 1))
    assert version is not None
    assert version.text.split("\n")[1:] == [
        "Thông tin | Nội dung",
        "Thời điểm gửi | Giờ, ngày, tháng, năm",
        "Địa chỉ nhận | Hộp thư điện tử hoặc tài khoản",
    ]
    # The original versions start on the day the decree enters into force, not before.
    article = find_provision(decree, 5)
    assert article is not None
    assert text_as_of(article, datetime.date(2026, 6, 30)) is None
    assert text_as_of(article, datetime.date(2026, 7, 1)) == (
        "1. Các văn bản tố tụng sau đây được tống đạt điện tử:\n"
        "a) Thông báo thụ lý vụ án;\nb) Quyết định đưa vụ án ra xét xử;\nc) Giấy triệu tập;\n"
        "d) Bản án, quyết định của Tòa án.\n2. Văn bản có nội dung thuộc bí mật nhà nước không được tống đạt điện tử."
    )


def test_a_second_import_of_the_same_file_changes_nothing_and_keeps_every_key() -> None:
    laws("import", "text", str(ORIGINAL))
    before = snapshot()
    ids = dict(Provision.objects.values_list("key", "pk"))
    output = laws("import", "text", str(ORIGINAL))
    assert "1 documents read, 0 written, 1 unchanged" in output
    assert snapshot() == before
    assert dict(Provision.objects.values_list("key", "pk")) == ids


def build_docx(path: Path, *, duplicate_article: bool = False) -> Path:
    """A decree as a DOCX: the two-column header as a table, the body as paragraphs (one with a line
    break inside it), a table inside an article."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "BỘ TƯ PHÁP\n-------"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 09/2026/TT-BTP"
    header.cell(1, 1).text = "Hà Nội, ngày 02 tháng 4 năm 2026"
    for text in [
        "THÔNG TƯ",
        "HƯỚNG DẪN VIỆC GỬI VĂN BẢN TỐ TỤNG ĐIỆN TỬ",
        "Căn cứ Nghị định số 45/2026/NĐ-CP ngày 15 tháng 3 năm 2026 của Chính phủ;",
        "Bộ trưởng Bộ Tư pháp ban hành Thông tư hướng dẫn việc gửi văn bản tố tụng điện tử.",
        "Phần thứ nhất",
        "QUY ĐỊNH CHUNG",
        "Chương I",
        "PHẠM VI",
        "Điều 1. Phạm vi điều chỉnh",
        "Thông tư này hướng dẫn việc gửi văn bản tố tụng điện tử.",
        "Phần thứ hai",
        "QUY ĐỊNH CỤ THỂ",
        "Chương II",
        "GỬI VĂN BẢN",
        "Mục 1",
        "HỒ SƠ GỬI",
        "Điều 2. Hồ sơ gửi",
        "1. Hồ sơ gửi gồm:\na) Văn bản tố tụng;",
        "b) Danh sách người nhận;",
        "đ) Bản kê chứng cứ.",
        "2. Hồ sơ được lưu theo mẫu sau:",
    ]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Mục", "Nội dung"), ("Người nhận", "Họ và tên")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in [
        "Mục 2",
        "THỜI HẠN",
        "Điều 3. Thời hạn gửi",
        "Văn bản được gửi trong ngày làm việc.",
        *(["Điều 2. Lặp lại", "Nội dung lặp lại."] if duplicate_article else []),
        "Điều 4. Hiệu lực thi hành",
        "Thông tư này có hiệu lực thi hành từ ngày 15 tháng 5 năm 2026.",
        "BỘ TRƯỞNG",
        "Nguyễn Hải Ninh",
    ]:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_docx_file_is_read_into_parts_chapters_sections_articles_clauses_and_points(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "thong-tu.docx")
    output = laws("import", "docx", str(path))
    assert "docx: 1 documents read, 1 written" in output
    circular = LegalDocument.objects.get(number="09/2026/TT-BTP")
    assert (circular.doc_type, circular.issuer, circular.issued_on, circular.effective_from) == (
        "thong_tu",
        "Bộ Tư pháp",
        datetime.date(2026, 4, 2),
        datetime.date(2026, 5, 15),
    )
    assert circular.title == "Thông tư hướng dẫn việc gửi văn bản tố tụng điện tử"
    assert circular.sources == ["docx"]
    rows = structure("09/2026/TT-BTP")
    assert [(kind, key, parent) for kind, key, parent, _ in rows] == [
        ("phan", "phan-1", None),
        ("chuong", "chuong-i", "phan-1"),
        ("dieu", "dieu-1", "chuong-i"),
        ("phan", "phan-2", None),
        ("chuong", "chuong-ii", "phan-2"),
        ("muc", "chuong-ii/muc-1", "chuong-ii"),
        ("dieu", "dieu-2", "chuong-ii/muc-1"),
        ("khoan", "dieu-2/khoan-1", "dieu-2"),
        ("diem", "dieu-2/khoan-1/diem-a", "dieu-2/khoan-1"),
        ("diem", "dieu-2/khoan-1/diem-b", "dieu-2/khoan-1"),
        ("diem", "dieu-2/khoan-1/diem-dd", "dieu-2/khoan-1"),
        ("khoan", "dieu-2/khoan-2", "dieu-2"),
        ("muc", "chuong-ii/muc-2", "chuong-ii"),
        ("dieu", "dieu-3", "chuong-ii/muc-2"),
        ("dieu", "dieu-4", "chuong-ii/muc-2"),
    ]
    assert {key: title for _, key, _, title in rows}["phan-2"] == "QUY ĐỊNH CỤ THỂ"
    clause = find_provision(circular, 2, 2)
    assert clause is not None
    # The table's rows stay inside clause 2 ("Mục" in a cell is not a section heading).
    assert text_as_of(clause, datetime.date(2026, 6, 1)) == (
        "2. Hồ sơ được lưu theo mẫu sau:\nMục | Nội dung\nNgười nhận | Họ và tên"
    )
    point = find_provision(circular, 2, 1, "đ", day=datetime.date(2026, 6, 1))
    assert point is not None
    assert point.key == "dieu-2/khoan-1/diem-dd"
    before = snapshot()
    assert "0 written, 1 unchanged" in laws("import", "docx", str(path))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "twice.txt",
            ORIGINAL.read_text(encoding="utf-8").replace("Điều 6. Thời điểm tống đạt", "Điều 5. Thời điểm tống đạt"),
            "twice.txt: line 51: article 5 appears twice (first at line 40)",
        ),
        (
            "open-quote.txt",
            ORIGINAL.read_text(encoding="utf-8").replace("áp dụng đối với Tòa án", "áp dụng đối với “Tòa án"),
            "open-quote.txt: line 22: a quotation opened here is not closed",
        ),
        ("not-a-law.txt", "Kính gửi Tòa án.\nNội dung đơn.", "not-a-law.txt: no 'Điều', 'Chương' or 'Phần' heading"),
        ("legacy.txt", b"\xd0i\xea\xd2u 1. T\xean\n", "legacy.txt: is not UTF-8 text (byte 0)"),
    ],
)
def test_a_bad_text_file_is_refused_naming_the_file_and_the_place_and_writes_nothing(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CommandError) as caught:
        laws("import", "text", str(path))
    assert str(caught.value).startswith(f"text: {message}"), str(caught.value)
    assert LegalDocument.objects.count() == Provision.objects.count() == Job.objects.count() == 0


def test_a_docx_with_an_article_twice_or_that_is_no_docx_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "twice.docx", duplicate_article=True)
    with pytest.raises(CommandError) as caught:
        laws("import", "docx", str(path))
    assert "twice.docx: paragraph" in str(caught.value)
    assert "article 2 appears twice" in str(caught.value)
    fake = tmp_path / "fake.docx"
    fake.write_text("Điều 1. Không phải DOCX", encoding="utf-8")
    with pytest.raises(CommandError, match=r"docx: fake\.docx: is not a DOCX document"):
        laws("import", "docx", str(fake))
    assert LegalDocument.objects.count() == Provision.objects.count() == 0
