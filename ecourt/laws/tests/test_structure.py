"""The structure reader on tricky texts: inserted articles and clauses, "đ", Roman chapters, quoted
amendment text, tables, titles on their own line, and the refusals that name the place."""

from __future__ import annotations

import pytest

from ecourt.laws.errors import StructureError
from ecourt.laws.parsing.structure import Line, Node, parse_body, parse_fragment


def lines(text: str) -> list[Line]:
    return [Line(t.strip(), f"line {n}") for n, t in enumerate(text.strip().split("\n"), 1) if t.strip()]


def keys(nodes: list[Node]) -> list[str]:
    return [n.key for root in nodes for n in root.walk()]


def by_key(nodes: list[Node], key: str) -> Node:
    return next(n for root in nodes for n in root.walk() if n.key == key)


CODE = """
Phần thứ nhất
NHỮNG QUY ĐỊNH CHUNG
Chương I
PHẠM VI ĐIỀU CHỈNH
Điều 1. Phạm vi điều chỉnh
Bộ luật này quy định những nguyên tắc cơ bản.
Chương II
THẨM QUYỀN CỦA TÒA ÁN
Mục 1
THẨM QUYỀN THEO LOẠI VIỆC
Điều 12. Những tranh chấp thuộc thẩm quyền
1. Tranh chấp giữa cá nhân với cá nhân:
a) Về quốc tịch;
đ) Về hợp đồng dân sự;
e) Về quyền sở hữu trí tuệ.
1a. Tranh chấp về lao động.
2. Các tranh chấp khác.
Điều 12a. Thẩm quyền bổ sung
Tòa án có thẩm quyền giải quyết những việc khác.
Mục 2
THẨM QUYỀN THEO LÃNH THỔ
Điều 13. Chương trình hòa giải
Điều kiện áp dụng theo quy định tại Điều 12 của Bộ luật này.
Phần thứ hai
ĐIỀU KHOẢN THI HÀNH
Chương XIV
HIỆU LỰC
Điều 14. Hiệu lực thi hành
Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2017.
"""


def test_it_reads_parts_chapters_sections_articles_clauses_and_points_with_stable_keys() -> None:
    body = parse_body(lines(CODE))
    assert keys(body.nodes) == [
        "phan-1",
        "chuong-i",
        "dieu-1",
        "chuong-ii",
        "chuong-ii/muc-1",
        "dieu-12",
        "dieu-12/khoan-1",
        "dieu-12/khoan-1/diem-a",
        "dieu-12/khoan-1/diem-dd",
        "dieu-12/khoan-1/diem-e",
        "dieu-12/khoan-1a",
        "dieu-12/khoan-2",
        "dieu-12a",
        "chuong-ii/muc-2",
        "dieu-13",
        "phan-2",
        "chuong-xiv",
        "dieu-14",
    ]
    assert by_key(body.nodes, "phan-1").title == "NHỮNG QUY ĐỊNH CHUNG"
    assert by_key(body.nodes, "chuong-ii/muc-1").title == "THẨM QUYỀN THEO LOẠI VIỆC"
    assert by_key(body.nodes, "dieu-12").title == "Những tranh chấp thuộc thẩm quyền"
    # Own text only: the clause without its points, the point without a marker.
    assert by_key(body.nodes, "dieu-12/khoan-1").text == "Tranh chấp giữa cá nhân với cá nhân:"
    assert by_key(body.nodes, "dieu-12/khoan-1/diem-dd").text == "Về hợp đồng dân sự;"
    # "Chương trình …" and "Điều kiện …" are titles and text, not headings.
    assert by_key(body.nodes, "dieu-13").title == "Chương trình hòa giải"


def test_quoted_amendment_text_belongs_to_the_amending_clause() -> None:
    text = """
    Điều 1. Sửa đổi, bổ sung một số điều của Bộ luật Tố tụng dân sự
    1. Sửa đổi, bổ sung Điều 203 như sau:
    “Điều 203. Thời hạn chuẩn bị xét xử
    1. Thời hạn chuẩn bị xét xử là 04 tháng.
    a) Đối với vụ án dân sự;
    2. Thẩm phán ra một trong các quyết định sau đây.”.
    2. Bãi bỏ khoản 3 Điều 204.
    Điều 2. Hiệu lực thi hành
    Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.
    """
    body = parse_body(lines(text))
    assert keys(body.nodes) == ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    quoted = by_key(body.nodes, "dieu-1/khoan-1").text
    assert "“Điều 203. Thời hạn chuẩn bị xét xử" in quoted
    assert "a) Đối với vụ án dân sự;" in quoted


def test_a_quotation_parsed_on_its_own_is_an_article_or_clauses() -> None:
    root = parse_fragment(lines("Điều 4a. Xác nhận\n1. Tòa án gửi mã.\n2. Đương sự xác nhận."))
    article = root.children[0]
    assert (article.kind, article.number, article.title) == ("dieu", "4a", "Xác nhận")
    assert [c.number for c in article.children] == ["1", "2"]
    clauses = parse_fragment(lines("4. Quy hoạch gồm:\na) Định hướng;\nđ) Giải pháp."))
    assert [(c.kind, c.number) for c in clauses.children] == [("khoan", "4")]
    assert [p.number for p in clauses.children[0].children] == ["a", "đ"]


def test_table_rows_and_out_of_order_numbers_are_text() -> None:
    text = """
    Điều 7. Lưu trữ
    1. Bản ghi gồm:
    Thông tin | Nội dung
    1. | Thời điểm gửi
    2. Tòa án lưu trữ bản ghi.
    1. Dòng đánh số lại trong một danh sách.
    """
    body = parse_body(lines(text))
    assert keys(body.nodes) == ["dieu-7", "dieu-7/khoan-1", "dieu-7/khoan-2"]
    assert by_key(body.nodes, "dieu-7/khoan-1").lines == ["Bản ghi gồm:", "Thông tin | Nội dung", "1. | Thời điểm gửi"]
    assert by_key(body.nodes, "dieu-7/khoan-2").lines[-1] == "1. Dòng đánh số lại trong một danh sách."
    assert body.warnings == ["line 6: '1.' after clause 2 read as text"]


def test_records_with_known_article_numbers_and_untitled_articles() -> None:
    records = [
        Line("Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập.", "article '1'", article=("1", "")),
        Line("1. Nhà nước bảo đảm quyền con người.", "article '2'", article=("2", "")),
        Line("Điều 3", "article '2'"),  # an article the source left inside the one before
        Line("Quốc hội là cơ quan đại biểu cao nhất của Nhân dân.", "article '2'"),
        Line("Chương II", "article '2'"),
        Line("QUYỀN CON NGƯỜI", "article '2'"),
    ]
    body = parse_body(records, keep_upper=False)
    assert keys(body.nodes) == ["dieu-1", "dieu-2", "dieu-2/khoan-1", "dieu-3"]
    assert by_key(body.nodes, "dieu-3").text == "Quốc hội là cơ quan đại biểu cao nhất của Nhân dân."
    assert body.dropped_headings == 1  # a heading that leaked into an article is not its text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Điều 5. Một\nNội dung.\nĐiều 5. Hai\nNội dung.", "line 3: article 5 appears twice (first at line 1)"),
        ("Chương IIV\nTÊN\nĐiều 1. A\nB.", "line 1: chapter number 'IIV' is not a Roman numeral"),
        ("Điều 1. A\n1. Sửa đổi như sau: “Điều 2. B\nNội dung.\nĐiều 3. C\nD.", "line 2: a quotation opened here"),
        ("Chương I\nTÊN\n1. Khoản không thuộc điều nào.", "line 3: clause 1. stands outside any article"),
        ("Mục 1\nA\nĐiều 1. X\nY.\nMục 1\nB\nĐiều 2. Z\nW.", "line 5: section 1 appears twice"),
    ],
)
def test_an_unknown_structure_is_refused_naming_the_place(text: str, message: str) -> None:
    with pytest.raises(StructureError) as caught:
        parse_body(lines(text))
    assert str(caught.value).startswith(message)
