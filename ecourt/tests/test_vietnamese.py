"""Vietnamese text compares equal whatever its Unicode form or tone-mark placement."""

from __future__ import annotations

import unicodedata

import pytest

from ecourt.vietnamese import fold, normalize, same_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Cộng hoà xã hội chủ nghĩa", "Cộng hòa xã hội chủ nghĩa"),
        ("HOÀ", "HÒA"),
        ("uỷ ban", "ủy ban"),
        ("hoàng", "hoàng"),  # closed syllable: the tone stays on the last vowel
        ("người", "người"),
        ("quý", "quý"),  # "qu" is a consonant: the tone stays on y
        ("giữ", "giữ"),
        ("ngoài", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("Điều 26, 35 và 39 BLTTDS", "Điều 26, 35 và 39 BLTTDS"),
    ],
)
def test_it_uses_one_tone_placement(text, expected):
    assert normalize(text) == expected


def test_nfd_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Khánh Hoà")
    assert normalize(decomposed) == "Khánh Hòa"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


def test_same_text_ignores_form_and_placement():
    assert same_text(unicodedata.normalize("NFD", "Thuỷ"), "Thủy")
    assert not same_text("Thủy", "Thúy")


def test_fold_removes_every_diacritic():
    assert fold("Đống Đa") == "dong da"
    assert fold("Tòa án nhân dân TỐI CAO") == "toa an nhan dan toi cao"
    assert fold(unicodedata.normalize("NFD", "hợp đồng")) == "hop dong"
