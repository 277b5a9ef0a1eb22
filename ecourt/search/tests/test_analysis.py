"""The cached normalizer of the indexer gives exactly what ecourt.vietnamese.normalize gives."""

from __future__ import annotations

import unicodedata

import pytest

from ecourt.search.analysis import ANALYZERS, FOLD, KEYWORD, normalize_text
from ecourt.vietnamese import normalize

from .statutes import STATUTES

SAMPLES = [
    "Cộng hoà xã hội chủ nghĩa Việt Nam, tỉnh Khánh Hoà, thuỷ lợi, khoẻ mạnh, khuỷu tay, quý, giữ gìn",
    "HOÀ GIẢI THÀNH; Điều 5a khoản 2 Nghị định số 63/2024/NĐ-CP, ngày 01/02/2024 (đã sửa đổi)",
    unicodedata.normalize("NFD", "Hợp đồng mua bán nhà ở tại quận Đống Đa, thành phố Hà Nội"),
    "người ngoài, ngoài ra, mía, của, Nguyễn Thị Thuỳ Dương, Hoàng, toán, x2y, _a_, e-mail: a@b.vn",
    "",
    *(d["text"] for d in STATUTES),
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_cached_normalizer_matches_the_projects(text):
    assert normalize_text(text) == normalize(text)


def test_the_analyzers_fold_and_keep_numbers_whole():
    assert ANALYZERS[FOLD].analyze(normalize_text("Đống Đa, hợp đồng")) == ["dong", "da", "hop", "dong"]
    assert ANALYZERS[KEYWORD].analyze("63/2024/NĐ-CP") == ["63/2024/nd-cp"]
