"""Names as documents and gazette pages write them, and as the corpus stores them.

Headers and the gazette write issuers, titles and signers in capitals ("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN
NÔNG THÔN", "LUẬT PHÒNG, CHỐNG MA TÚY", "NGUYỄN TẤN DŨNG"); the corpus stores them as citations and
pages show them ("Bộ Nông nghiệp và Phát triển nông thôn", "Luật Phòng, chống ma túy", "Nguyễn Tấn
Dũng"). Document types are recognised from their name or from the type code of their number.
"""

from __future__ import annotations

import re

from .cleaning import clean_text

# Longest first: "THÔNG TƯ LIÊN TỊCH" before "THÔNG TƯ", "BỘ LUẬT" before "LUẬT".
TYPE_WORDS: list[tuple[str, str, str]] = [
    ("VĂN BẢN HỢP NHẤT", "van_ban_hop_nhat", "Văn bản hợp nhất"),
    ("THÔNG TƯ LIÊN TỊCH", "thong_tu_lien_tich", "Thông tư liên tịch"),
    ("NGHỊ QUYẾT LIÊN TỊCH", "nghi_quyet_lien_tich", "Nghị quyết liên tịch"),
    ("HIẾN PHÁP", "hien_phap", "Hiến pháp"),
    ("BỘ LUẬT", "bo_luat", "Bộ luật"),
    ("PHÁP LỆNH", "phap_lenh", "Pháp lệnh"),
    ("NGHỊ QUYẾT", "nghi_quyet", "Nghị quyết"),
    ("NGHỊ ĐỊNH", "nghi_dinh", "Nghị định"),
    ("QUYẾT ĐỊNH", "quyet_dinh", "Quyết định"),
    ("THÔNG TƯ", "thong_tu", "Thông tư"),
    ("CHỈ THỊ", "chi_thi", "Chỉ thị"),
    ("CÔNG VĂN", "cong_van", "Công văn"),
    ("ÁN LỆ", "an_le", "Án lệ"),
    ("LUẬT", "luat", "Luật"),
    ("LỆNH", "lenh", "Lệnh"),
]
TYPE_LABEL = {code: label for _, code, label in TYPE_WORDS}

# Type codes inside numbers: "63/2024/NĐ-CP" is a decree, "02/2021/TT-BTP" a circular.
_CODE_TYPES = [
    ("VBHN", "van_ban_hop_nhat"),
    ("TTLT", "thong_tu_lien_tich"),
    ("NQLT", "nghi_quyet_lien_tich"),
    ("NĐ", "nghi_dinh"),
    ("QĐ", "quyet_dinh"),
    ("TT", "thong_tu"),
    ("NQ", "nghi_quyet"),
    ("CT", "chi_thi"),
    ("L", "lenh"),
    ("AL", "an_le"),
]


def type_of_name(text: str) -> tuple[str, str] | None:
    """("Luật số 45/2013/QH13 …") → ("luat", rest of text) when the text starts with a type word."""
    upper = text.upper()
    for word, code, _ in TYPE_WORDS:
        if upper.startswith(word) and (len(upper) == len(word) or not upper[len(word)].isalpha()):
            return code, text[len(word) :].strip()
    return None


def type_of_number(number: str) -> str | None:
    """The type a number's code says ("NĐ-CP" → decree); None for "91/2015/QH13" (law or resolution)."""
    match = re.search(r"/([A-ZĐ]+)-[^/]*$|/([A-ZĐ]+)$", number)
    if not match:
        return None
    code = match.group(1) or match.group(2)
    for prefix, doc_type in _CODE_TYPES:
        if code == prefix:
            return doc_type
    return None


_PROPER = [
    "Việt Nam",
    "Nhà nước",
    "Quốc hội",
    "Chính phủ",
    "Nhân dân",
    "Ủy ban Thường vụ Quốc hội",
    "Mặt trận Tổ quốc",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Hội đồng Thẩm phán",
    "Thủ tướng",
    "Công an nhân dân",
    "Quân đội nhân dân",
]
_NAMED_BY_NUMBER = re.compile(r"\b(bộ luật|luật|nghị định|nghị quyết|thông tư|quyết định|pháp lệnh)(?= số \d)")
_PROPER_FOLDED = [(re.compile(re.escape(p.lower())), p) for p in _PROPER]


def sentence_case(text: str) -> str:
    """ "PHÒNG, CHỐNG MA TÚY" → "Phòng, chống ma túy" (keeping the proper names the law capitalises)."""
    # Numbers of documents ("45/2026/NĐ-CP") keep their capitals.
    lowered = " ".join(w if any(ch.isdigit() for ch in w) else w.lower() for w in clean_text(text).split())
    for pattern, proper in _PROPER_FOLDED:
        lowered = pattern.sub(proper, lowered)
    # "… của nghị định số 45/2026/NĐ-CP": a document named by its number keeps its capital.
    lowered = _NAMED_BY_NUMBER.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], lowered)
    return lowered[:1].upper() + lowered[1:]


def document_title(doc_type: str, subject: str) -> str:
    """Title from a type and a subject as headers write them: ("luat", "ĐẤT ĐAI") → "Luật Đất đai",
    ("nghi_dinh", "Quy định chi tiết …") → "Nghị định quy định chi tiết …"."""
    label = TYPE_LABEL.get(doc_type, "")
    subject = clean_text(subject).rstrip(".")
    if not subject:
        return label
    if subject.upper() == subject:
        subject = sentence_case(subject)
    if doc_type in ("luat", "bo_luat", "phap_lenh", "hien_phap"):
        subject = subject[:1].upper() + subject[1:]
    else:
        # "Nghị định quy định …", "Thông tư hướng dẫn …": the subject runs on from the type word.
        first = subject.split(" ", 1)[0]
        if first[1:].islower() and not any(subject.startswith(p) for p in _PROPER):
            subject = subject[:1].lower() + subject[1:]
    return f"{label} {subject}".strip() if label else subject


_ISSUERS = {
    "QUỐC HỘI": "Quốc hội",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
    "CHÍNH PHỦ": "Chính phủ",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "THỦ TƯỚNG": "Thủ tướng Chính phủ",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "VĂN PHÒNG QUỐC HỘI": "Văn phòng Quốc hội",
    "HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "TÒA ÁN NHÂN DÂN TỐI CAO": "Tòa án nhân dân tối cao",
    "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO": "Chánh án Tòa án nhân dân tối cao",
    "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO": "Viện kiểm sát nhân dân tối cao",
    "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO": "Viện trưởng Viện kiểm sát nhân dân tối cao",
    "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Ngân hàng Nhà nước Việt Nam",
    "THANH TRA CHÍNH PHỦ": "Thanh tra Chính phủ",
    "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ",
    "KIỂM TOÁN NHÀ NƯỚC": "Kiểm toán nhà nước",
    "TỔNG KIỂM TOÁN NHÀ NƯỚC": "Tổng Kiểm toán nhà nước",
    "BỘ CÔNG THƯƠNG": "Bộ Công Thương",
}


def issuer_name(raw: str, doc_type: str = "") -> str:
    """An issuing body as the corpus names it. Laws are the National Assembly's, whichever of the
    Assembly or the President (who promulgates them) a page names."""
    text = clean_text(raw).strip(" -")
    if not text:
        return ""
    upper = text.upper().replace("UỶ", "ỦY").replace("TOÀ", "TÒA")
    if doc_type in ("luat", "bo_luat", "hien_phap") and ("QUỐC HỘI" in upper or "CHỦ TỊCH NƯỚC" in upper):
        return "Quốc hội"
    if text != upper:
        return text  # already written as a name
    parts = [p.strip() for p in re.split(r"\s+-\s+", upper) if p.strip()]
    return " - ".join(_one_issuer(p) for p in parts)


def _one_issuer(upper: str) -> str:
    if upper in _ISSUERS:
        return _ISSUERS[upper]
    if upper.startswith("BỘ "):
        rest = upper[3:].lower()
        # Each field of a ministry's name is capitalised: "Văn hóa, Thể thao và Du lịch".
        pieces = re.split(r"(,\s+|\s+và\s+|\s+-\s+)", rest)
        return "Bộ " + "".join(p if i % 2 else p[:1].upper() + p[1:] for i, p in enumerate(pieces))
    return sentence_case(upper)


def person_name(raw: str) -> str:
    """ "NGUYỄN TẤN DŨNG" → "Nguyễn Tấn Dũng"; a name already in title case is kept."""
    text = clean_text(raw)
    if text.upper() == text:
        return " ".join(word.capitalize() for word in text.split())
    return text
