"""Every citation form the extractor reads, with exact offsets (pure Python: no database)."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from ecourt.citations.extractor import Citation, extract
from ecourt.citations.identity import identify

DAY = datetime.date(2017, 9, 22)


def provisions(text: str) -> list[tuple[str | None, str | None, str | None]]:
    found = extract(text)
    for citation in found:
        assert text[citation.start : citation.end] == citation.text
        assert citation.start <= citation.anchor[0] <= citation.anchor[1] <= citation.end
    return [(c.article, c.clause, c.point) for c in found if c.kind == "provision"]


def number(citation: Citation, day: datetime.date = DAY, domain: str | None = "civil") -> str | None:
    return identify(citation.document, day, domain).number


def test_it_reads_a_clause_of_a_decree_by_its_number():
    text = "theo khoản 2 Điều 5 Nghị định số 63/2024/NĐ-CP của Chính phủ"
    (citation,) = extract(text)
    assert (citation.article, citation.clause, citation.point) == ("5", "2", None)
    assert citation.text == "khoản 2 Điều 5 Nghị định số 63/2024/NĐ-CP"
    assert (citation.start, citation.end) == (5, 46)
    assert citation.anchor == (11, 12)
    assert number(citation) == "63/2024/NĐ-CP"


def test_it_gives_one_citation_per_point_of_a_list():
    text = "điểm a, b khoản 1 Điều 203 của Bộ luật Tố tụng dân sự năm 2015"
    found = extract(text)
    assert [(c.article, c.clause, c.point) for c in found] == [("203", "1", "a"), ("203", "1", "b")]
    assert {c.text for c in found} == {text}
    assert [text[slice(*c.anchor)] for c in found] == ["a", "b"]
    assert {number(c) for c in found} == {"92/2015/QH13"}


def test_it_gives_three_citations_for_three_articles_of_an_abbreviated_code():
    text = "Căn cứ Điều 26, 35 và 39 BLTTDS;"
    found = extract(text)
    assert [c.article for c in found] == ["26", "35", "39"]
    assert {(c.start, c.end) for c in found} == {(7, 31)}
    assert [text[slice(*c.anchor)] for c in found] == ["26", "35", "39"]
    assert {number(c) for c in found} == {"92/2015/QH13"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Điều 584, 585, 589 Bộ luật Dân sự", [("584", None, None), ("585", None, None), ("589", None, None)]),
        ("khoản 1, 2 Điều 5 Luật Đất đai", [("5", "1", None), ("5", "2", None)]),
        ("Điều 5 khoản 2 Luật Đất đai năm 2013", [("5", "2", None)]),
        ("Điều 12 khoản 1 điểm đ Nghị quyết 326/2016/UBTVQH14", [("12", "1", "đ")]),
        ("Điều 228 khoản 1 và 2 của Bộ luật tố tụng dân sự", [("228", "1", None), ("228", "2", None)]),
        ("các Điều: 292, 342 Bộ luật dân sự", [("292", None, None), ("342", None, None)]),
        ("Điều 147, Điều 157 Bộ luật tố tụng dân sự", [("147", None, None), ("157", None, None)]),
        ("Điều 147 Điều 271 Bộ luật tố tụng dân sự", [("147", None, None), ("271", None, None)]),
        ("Điều Điều 133 Bộ luật tố tụng dân sự", [("133", None, None)]),
        ("các Điều 116; 117; 136 Bộ luật Dân sự", [("116", None, None), ("117", None, None), ("136", None, None)]),
        ("Điều 12a Luật Đất đai", [("12a", None, None)]),
        (
            "các điều 6,7,7a và 9 Luật Thi hành án dân sự",
            [("6", None, None), ("7", None, None), ("7a", None, None), ("9", None, None)],
        ),
        (
            "từ Điều 5 đến Điều 8 Bộ luật Dân sự",
            [("5", None, None), ("6", None, None), ("7", None, None), ("8", None, None)],
        ),
        ("các Điều từ 697 đến Điều 701 Bộ luật dân sự", [(str(n), None, None) for n in range(697, 702)]),
        ("khoản 1, khoản 11, khoản 12 Điều 2 Luật khiếu nại", [("2", "1", None), ("2", "11", None), ("2", "12", None)]),
        ("Khoản 1 + khoản 4 Điều 50 Luật Đất đai năm 2003", [("50", "1", None), ("50", "4", None)]),
        ("Điểm a, Khoản 1, Điều 3 Nghị định số 84/2007/NĐ-CP", [("3", "1", "a")]),
        (
            "khoản 1, điểm b khoản 2 Điều 227 và khoản 1, khoản 3 Điều 228 Bộ luật Tố tụng Dân sự",
            [("227", "1", None), ("227", "2", "b"), ("228", "1", None), ("228", "3", None)],
        ),
        (
            "Điều 26 khoản 9, Điều 34, Điều 147 khoản 1 của Bộ luật tố tụng dân sự",
            [("26", "9", None), ("34", None, None), ("147", "1", None)],
        ),
        ("Áp dụng 297 Bộ luật dân sự", [("297", None, None)]),
        ("Áp dụng 234, Điều 604 của Bộ luật Dân sự năm 2005", [("234", None, None), ("604", None, None)]),
    ],
)
def test_it_reads_lists_orders_ranges_and_bare_numbers(text, expected):
    assert provisions(text) == expected


def test_a_closing_parenthesis_that_is_not_the_years_stays_out():
    text = "(theo quy định tại điểm a khoản 1 Điều 146 Bộ luật Dân sự năm 2015)"
    (citation,) = extract(text)
    assert citation.text == "điểm a khoản 1 Điều 146 Bộ luật Dân sự năm 2015"


def test_a_chain_takes_the_document_written_after_it():
    text = "Căn cứ khoản 1 Điều 157; Khoản 1 Điều 158 của Bộ luật Tố tụng dân sự; Điều 584 Bộ luật Dân sự năm 2015"
    found = extract(text)
    assert [(c.article, number(c), c.document_from) for c in found] == [
        ("157", "92/2015/QH13", "written"),
        ("158", "92/2015/QH13", "written"),
        ("584", "91/2015/QH13", "written"),
    ]
    assert found[1].text == "Khoản 1 Điều 158 của Bộ luật Tố tụng dân sự"


def test_a_chain_without_a_document_takes_the_next_one_in_its_sentence_or_the_last_one_before():
    text = (
        "Đương sự chấp hành đúng quy định tại Điều 70, 71 và bị đơn tại Điều 72 Bộ luật tố tụng dân sự. "
        "Tại Điều 73 quy định về quyền của đương sự."
    )
    found = extract(text)
    assert [(c.article, c.document_from, number(c)) for c in found] == [
        ("70", "following", "92/2015/QH13"),
        ("71", "following", "92/2015/QH13"),
        ("72", "written", "92/2015/QH13"),
        ("73", "preceding", "92/2015/QH13"),
    ]
    assert found[0].text == "Điều 70, 71"  # the span of a chain that did not write its document


def test_it_reads_this_article_and_this_law():
    text = "Trường hợp quy định tại khoản 1 Điều này và Điều 5 của Luật này"
    found = extract(text)
    assert [(c.article, c.clause, c.this_article) for c in found] == [(None, "1", True), ("5", None, False)]
    assert [c.text for c in found] == ["khoản 1 Điều này và Điều 5 của Luật này", "Điều 5 của Luật này"]
    assert [text[slice(*c.anchor)] for c in found] == ["1", "5"]
    assert found[1].document is not None
    assert found[1].document.relative


def test_it_reads_precedents_and_documents_cited_as_a_whole():
    text = "Căn cứ Án lệ số 58/2023/AL; Nghị quyết số 326/2016/UBTVQH14 ngày 30/12/2016 về án phí."
    found = extract(text)
    assert [(c.kind, c.text, number(c)) for c in found] == [
        ("document", "Án lệ số 58/2023/AL", "58/2023/AL"),
        ("document", "Nghị quyết số 326/2016/UBTVQH14", "326/2016/UBTVQH14"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công văn số 144/TANDTC-PC ngày 01/8/2017", "144/TANDTC-PC"),
        ("Nghị định số: 84/2007/NĐ – CP Ngày 25/5/2007", "84/2007/NĐ-CP"),
        ("Nghị định số 91/2015/ QH13", "91/2015/QH13"),
        ("Nghị định 01/2020/NĐ- CP", "01/2020/NĐ-CP"),
        ("Nghị quyết số 326/2016/UBTVQH  14", "326/2016/UBTVQH14"),
        ("Nghị quyết số: 326/2016/UBTVQH14", "326/2016/UBTVQH14"),
        ("Nghị quyết 326 ngày 30/12/2016 của Ủy ban thường vụ Quốc hội", "326/2016/UBTVQH14"),
        ("Nghị quyết số 326/UBTVQH của Ủy ban thường vụ Quốc hội", "326/2016/UBTVQH14"),
        ("Nghị quyết số 326/2016/QH14", "326/2016/UBTVQH14"),
        ("Thông tư 48/2009/TT-BTNNPTNT ngày 04/8/2009", "48/2009/TT-BTNNPTNT"),
        ("Quyết định của Thống đốc Ngân hàng Nhà nước số 127/2005/QĐ- NHNN", "127/2005/QĐ-NHNN"),
    ],
)
def test_it_reads_document_numbers_through_spacing_noise_and_shortenings(text, expected):
    (citation,) = extract(text)
    assert number(citation) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Điều 468 Bộ luật dân sự năm 2015", 2015),
        ("Điều 468 BLDS 2015", 2015),
        ("Điều 468 BLDS năm 2005", 2005),
        ("Điều 468 Bộ luật Dân sự (năm 2005)", 2005),
        ("Điều 5 Bộ luật tố tụng dân sự năm 2004 sửa đổi, bổ sung năm 2011", 2004),
        ("Điều 51 Bộ luật Hình sự năm 1999 (sửa đổi, bổ sung năm 2009)", 1999),
    ],
)
def test_it_reads_the_year_after_a_name(text, year):
    """…and keeps a closing parenthesis out of the span unless it opened one."""
    (citation,) = extract(text)
    assert citation.document is not None
    assert citation.document.year == year
    assert citation.end == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Điều 26 BLTTDS", "92/2015/QH13"),
        ("Điều 357 BLDS", "91/2015/QH13"),
        ("Điều 51 BLHS 2015", "100/2015/QH13"),
        ("Điều 5 BLTTHS 2015", "101/2015/QH13"),
        ("Điều 90 BLLĐ 2019", "45/2019/QH14"),
        ("Điều 166 LĐĐ 2013", "45/2013/QH13"),
        ("Điều 33 Luật HN&GĐ 2014", "52/2014/QH13"),
        ("Điều 33 Luật HNGĐ năm 2014", "52/2014/QH13"),
        ("Điều 30 Luật TTHC 2015", "93/2015/QH13"),
        ("Điều 2 Luật THADS", "26/2008/QH12"),
    ],
)
def test_it_reads_common_abbreviations(text, expected):
    (citation,) = extract(text)
    assert number(citation) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Điều 157 Bộ luật tố tụng dn sự",  # a letter lost
        "Điều 157 Bộ luật Tog tuung dân sư u",  # OCR
        "Điều 157 Bộ luật Tố dụng dân sự",  # a typing slip
        "Điểu 157 Bộ luật Tố tụng dân sự",  # "Điểu" for "Điều"
        "Điều 157 Bô ̣ luâ ̣t Tố tụng dân sự",  # combining marks split off by a PDF extractor
        "ĐIỀU 157 BỘ LUẬT TỐ TỤNG DÂN SỰ",
        unicodedata.normalize("NFD", "Điều 157 Bộ luật Tố tụng dân sự"),  # decomposed
        "Điều  157\nBộ luật Tố tụng \ndân sự",  # hard line breaks
    ],
)
def test_it_reads_damaged_and_variant_spellings(text):
    (citation,) = extract(text)
    assert citation.article == "157"
    assert number(citation) == "92/2015/QH13"
    assert text[citation.start : citation.end] == citation.text


def test_the_incomplete_name_of_a_procedure_code_is_the_code_of_the_texts_domain():
    (citation,) = extract("Điều 26 Bộ luật tố tụng")
    assert number(citation, domain="civil") == "92/2015/QH13"
    assert number(citation, domain="criminal") == "19/2003/QH11"  # the 2015 code applies from 01/01/2018
    assert number(citation, datetime.date(2019, 3, 1), domain="criminal") == "101/2015/QH13"
    assert number(citation, domain=None) is None


def test_a_law_the_alias_file_does_not_know_keeps_its_name_and_year():
    (citation,) = extract("Điều 39 Luật Kinh doanh khí năm 2030")
    identity = identify(citation.document, DAY)
    assert (identity.number, identity.title, identity.year) == (None, "Luật Kinh doanh khí", 2030)


def test_an_amending_law_is_a_document_of_its_own():
    text = "khoản 12 Điều 1 Luật sửa đổi, bổ sung một số điều của Luật khiếu nại, tố cáo năm 2005"
    (citation,) = extract(text)
    identity = identify(citation.document, DAY)
    assert (citation.article, citation.clause) == ("1", "12")
    assert identity.number is None
    assert identity.title == "Luật sửa đổi, bổ sung một số điều của Luật khiếu nại, tố cáo"
    assert identity.year == 2005
