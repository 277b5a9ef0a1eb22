"""``anonymize_text``: each kind of replacement, collisions, consistency, officials kept, offsets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pytest

from ecourt.anonymization.services import anonymize_text

HEADER = """TÒA ÁN NHÂN DÂN HUYỆN TUYÊN HÓA, TỈNH QUẢNG BÌNH
Thành phần Hội đồng xét xử sơ thẩm gồm có:
Thẩm phán - Chủ toạ phiên toà: Ông Trần Thanh Dần
Các Hội thẩm nhân dân:
1. Ông Nguyễn Văn Thiện
2. Bà Hoàng Thị Thanh
Thư ký phiên toà: Bà Trần Thị Linh Chi – Thư ký Tòa án.
Đại diện Viện kiểm sát nhân dân huyện Tuyên Hoá tham gia phiên tòa: Ông Phan Quang Phú – Kiểm sát viên.
Tại trụ sở Tòa án nhân dân huyện Tuyên Hóa xét xử vụ án giữa các đương sự:
"""


def by_original(text: str) -> dict[str, tuple[str, str]]:
    return {r.original: (r.replacement, r.kind) for r in anonymize_text(text).replacements}


def test_person_keeps_family_and_middle_names_and_encodes_the_given_name() -> None:
    result = anonymize_text(HEADER + "Nguyên đơn: Ông Nguyễn Văn An, sinh năm 1975.\nÔng An trình bày.")
    assert "Ông Nguyễn Văn A, sinh năm 1975" in result.text
    assert "Ông A trình bày" in result.text
    assert "An" not in result.text.split("giữa các đương sự")[1].replace("Văn A,", "")
    assert {r.kind for r in result.replacements} == {"person"}


def test_officials_keep_their_names() -> None:
    result = anonymize_text(HEADER + "Nguyên đơn: Bà Đoàn Thị Xuân.\nTHẨM PHÁN\nTrần Thanh Dần")
    for name in ("Trần Thanh Dần", "Nguyễn Văn Thiện", "Hoàng Thị Thanh", "Trần Thị Linh Chi", "Phan Quang Phú"):
        assert result.text.count(name) == HEADER.count(name) + (name == "Trần Thanh Dần")
    assert "Bà Đoàn Thị X." in result.text
    assert "huyện Tuyên Hóa xét xử" in result.text  # the court keeps its name


def test_collisions_are_numbered_and_each_person_keeps_one_code() -> None:
    text = (
        HEADER + "Bị đơn: ông Phan Hoài Hùng và ông Phan Hoài Hải.\n"
        "Ông Phan Hoài Hùng vay của ông Phan Hoài Hải; ông Hải đòi, ông Hùng không trả. Ông Phan Hoài Hùng vắng."
    )
    result = anonymize_text(text)
    body = result.text.split("giữa các đương sự")[1]
    assert body.count("Phan Hoài H1") == 3
    assert body.count("Phan Hoài H2") == 2
    assert "ông H2 đòi, ông H1 không trả" in body
    assert "Hùng" not in body
    assert "Hải" not in body


def test_names_broken_across_lines_and_titles_in_lower_case() -> None:
    result = anonymize_text(HEADER + "Bị đơn: anh Chử Lương Dũng và chị Đỗ Thị\nThanh Thủy. Chị Thủy có mặt.")
    assert "anh Chử Lương D và chị Đỗ Thị\nThanh T. Chị T có mặt." in result.text


def test_party_list_guides_the_encoding() -> None:
    @dataclass
    class Party:
        name: str
        kind: str = "person"

    text = HEADER + "Nguyên đơn vắng. Theo biên bản, Lê Minh Tuấn và Công ty Hải Bình có mặt. Ngân hàng Á Châu vắng."
    assert "Lê Minh Tuấn" in anonymize_text(text).text  # no role word, no title: not found alone
    guided = anonymize_text(text, parties=[Party("Lê Minh Tuấn"), Party("Ngân hàng Á Châu", "organization")])
    assert "Lê Minh T và Công ty HB có mặt. NHÁC vắng." in guided.text
    assert [r.kind for r in guided.replacements] == ["person", "organization", "organization"]


def test_organisations_become_initials_after_their_legal_form() -> None:
    found = by_original(HEADER + "Bị đơn: Công ty TNHH Thương mại Hải Bình (sau đây gọi là Công ty Hải Bình).")
    assert found["Thương mại Hải Bình"] == ("THB", "organization")
    assert found["Hải Bình"] == ("HB", "organization")


def test_addresses_below_the_province_are_encoded_the_province_kept() -> None:
    text = HEADER + "Địa chỉ: số 12 Lê Lợi, thôn 4 Liên Hòa, xã Thanh Trạch, huyện Bố Trạch, tỉnh Quảng Bình, tổ 28."
    result = anonymize_text(text)
    assert "số 12 LL, thôn 4 LH, xã TT, huyện BT, tỉnh Quảng Bình, tổ 28." in result.text
    assert {r.kind for r in result.replacements} == {"address"}
    assert "thành phố Hà Nội" in anonymize_text("Trú tại: phường Kim Mã, thành phố Hà Nội").text


@pytest.mark.parametrize(
    ("sentence", "number", "kind"),
    [
        ("CCCD số 001187012345 cấp ngày 1/1/2020", "001187012345", "id_number"),
        ("CMND số: 212345678 do Công an cấp", "212345678", "id_number"),
        ("hộ chiếu số C1234567", "C1234567", "id_number"),
        ("số điện thoại 0912 345 678", "0912 345 678", "phone"),
        ("SĐT: 0912.345.678", "0912.345.678", "phone"),
        ("điện thoại: +84 912 345 678", "+84 912 345 678", "phone"),
        ("tài khoản số 0071000123456 tại Vietcombank", "0071000123456", "bank_account"),
        ("STK: 1234 5678 9012", "1234 5678 9012", "bank_account"),
        ("email: nguyen.an@gmail.com", "nguyen.an@gmail.com", "email"),
        ("xe máy BKS 24B1 – 85782 màu xanh", "24B1 – 85782", "other"),
        ("thửa đất số: 268; tờ bản đồ số 27", "268", "other"),
    ],
)
def test_numbers_are_removed(sentence: str, number: str, kind: str) -> None:
    result = anonymize_text("Nguyên đơn trình bày: " + sentence + ".")
    assert number not in result.text
    assert (number, kind) in {(r.original, r.kind) for r in result.replacements}


def test_money_dates_and_article_numbers_stay() -> None:
    text = "Buộc trả 100.000.000 đồng theo Điều 357 Bộ luật Dân sự 91/2015/QH13 ngày 24/11/2015."
    assert anonymize_text(text).text == text


def test_offsets_index_the_original_text_even_in_nfd_and_other_tone_placements() -> None:
    text = HEADER + "Nguyên đơn: Ông Nguyễn Văn Hoà, trú tại xã Thanh Thuỷ. Ông Hoà trình bày."
    nfd = unicodedata.normalize("NFD", text)
    for original in (text, nfd):
        result = anonymize_text(original)
        assert result.replacements
        for r in result.replacements:
            assert original[r.start : r.end] == r.original
        rebuilt, cursor = [], 0
        for r in result.replacements:
            rebuilt += [original[cursor : r.start], r.replacement]
            cursor = r.end
        assert "".join([*rebuilt, original[cursor:]]) == result.text
        body = unicodedata.normalize("NFC", result.text).split("giữa các đương sự")[1]
        assert body == ":\nNguyên đơn: Ông Nguyễn Văn H, trú tại xã TT. Ông H trình bày."


def test_place_names_after_ba_and_ong_are_not_people() -> None:
    assert "Bà Rịa" in anonymize_text("Nguyên đơn trú tại tỉnh Bà Rịa - Vũng Tàu.").text
