"""The pre-pass: dump header, legacy encodings, combining marks, page numbers, and offsets back into
the original text."""

from __future__ import annotations

from ecourt.citations.extractor import extract
from ecourt.citations.header import header_date, header_domain
from ecourt.citations.legacy import decode_line_words, is_syllable
from ecourt.citations.prepare import prepare

DUMP = (
    "*************************** 4101. row ***************************\n"
    "    case_name: Đòi bồi thường theo Điều 584 Bộ luật Dân sự\n"
    "judgment_text: TOÀ ÁN NHÂN DÂN THÀNH PHỐ LÀO CAI\nBản án số: 13/2017/DS-ST\nNgày 22/9/2017\n"
    "Căn cứ Điều 603 của Bộ luật Dân sự năm 2015."
)


def test_the_dump_header_is_not_part_of_the_text():
    prepared = prepare(DUMP)
    assert DUMP[prepared.body_start :].startswith("TOÀ ÁN")
    (citation,) = extract(DUMP)  # the case name's "Điều 584" is header, not text
    assert citation.article == "603"
    assert DUMP[citation.start : citation.end] == "Điều 603 của Bộ luật Dân sự năm 2015"


def test_the_header_gives_the_date_and_the_domain():
    prepared = prepare(DUMP)
    assert str(header_date(prepared)) == "2017-09-22"
    assert header_domain(prepared) == "civil"
    assert header_domain(prepare("Bản án số 05/2019/HS-ST ngày 03 tháng 4 năm 2019")) == "criminal"
    assert str(header_date(prepare("Hà Nội, ngày 24 tháng 11 năm 2015"))) == "2015-11-24"
    assert str(header_date(prepare("Trong các ngày 02/11/2018 đến ngày 13/11/2018, tại trụ sở"))) == "2018-11-13"


def test_legacy_tcvn3_and_vni_words_are_decoded_and_offsets_stay_in_the_original():
    tcvn3 = "- Căn cứ vào khoản 1 §iÒu 147 Bé luËt tè tông d©n sù; các Điều 123 Bộ luật dân sự"
    decoded = {tcvn3[s:e]: u for s, e, u in decode_line_words(tcvn3)}
    assert decoded == {"§iÒu": "Điều", "Bé": "Bộ", "luËt": "luật", "tè": "tố", "tông": "tụng", "d©n": "dân", "sù": "sự"}
    vni = "- Caên cöù Ñieàu 26; Ñieàu 266 cuûa Boä luaät Toá tuïng daân söï"
    found = extract(vni)
    assert [c.article for c in found] == ["26", "266"]
    assert found[0].text == "Ñieàu 26; Ñieàu 266 cuûa Boä luaät Toá tuïng daân söï"
    assert vni[found[1].anchor[0] : found[1].anchor[1]] == "266"


def test_unicode_words_that_read_as_legacy_stay_as_written():
    # "các", "bên", "ông" are also TCVN3 codes for other syllables: their Unicode neighbours decide
    line = "theo mức lãi suất mà c¸c  bên thoả thuận; ông Nguyễn Hữu B"
    assert {line[s:e] for s, e, _ in decode_line_words(line)} == {"c¸c"}
    assert is_syllable("các")
    assert not is_syllable("càuc")
    assert not is_syllable("tùc")


def test_combining_marks_split_off_by_the_pdf_extractor_are_dropped():
    text = "Căn cứ vào các Điều 688 của Bô ̣ luâ ̣t Dân sự năm 2005; hết"
    (citation,) = extract(text)
    assert citation.text == "các Điều 688 của Bô ̣ luâ ̣t Dân sự năm 2005"
    assert citation.document is not None
    assert citation.document.year == 2005


def test_a_page_number_inside_a_list_is_not_an_article():
    text = "Áp dụng: \n10 \n \nĐiều 584, Điều \n7 \n \n590 Bộ luật Dân sự năm 2015"
    assert [c.article for c in extract(text)] == ["584", "590"]


def test_pdf_artefacts_read_as_the_letters_they_stand_for():
    text = "NHÂN DANH NƢỚC CỘNG HOÀ; theo Ðiều 2 Luật Thi hành án dân sự"
    (citation,) = extract(text)
    assert citation.article == "2"
    assert citation.text.startswith("Ðiều 2")


def test_a_whole_text_in_a_legacy_encoding_on_one_line_is_read_in_linear_time():
    import time

    text = ("§iÒu 357 Bé luËt tè tông d©n sù; " * 2000)[:64_000]  # an old judgment, 64k on a single line
    started = time.perf_counter()
    found = extract(text)
    assert time.perf_counter() - started < 2.0  # 0.15 s here; the quadratic version took 7.5 s
    assert len(found) == 1940
    assert {c.article for c in found} == {"357"}
