"""People and organisations in a judgment: who the officials are, who the parties are, where they are named.

Officials (judges, assessors, clerks, procurators) are named in the header before the parties; parties are
named after a role word ("Nguyên đơn:", "Bị đơn:", …) or a title ("ông", "bà", "anh", "chị", …) followed
by capitalised syllables. All matching runs on normalized text (``text.normalized``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ecourt import vietnamese
from ecourt.anonymization.encoding import identity_key, initials, is_encoded

# "Trẻ" introduces a minor in the party list ("Trẻ Trần Văn Kiên – sinh năm 2007").
TITLE = re.compile(r"(?<![\w])(?:[ÔôOo]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ụ|[Cc]háu|[Ee]m|[Tt]rẻ)[ \t]+(?=[^\W\d_])")
ROLE = re.compile(
    r"(?<![\w])(?:[Nn]guyên đơn|[Bb]ị đơn|[Nn]gười có quyền lợi,? nghĩa vụ liên quan|[Nn]gười liên quan|"
    r"[Nn]gười đại diện[^:\n]{0,80}|[Nn]gười được[^:\n]{0,60}ủy quyền|[Nn]gười làm chứng|[Bb]ị cáo|"
    r"[Nn]gười bị hại|[Nn]gười khởi kiện|[Nn]gười bị kiện|[Nn]gười kháng cáo|[Nn]gười bảo vệ[^:\n]{0,80}|"
    r"[Đđ]ương sự)\s*:\s*(?:\d+[.)]\s*)?"
)
OFFICIAL_ROLE = re.compile(
    r"(?:Thẩm phán|Hội thẩm|Thư ký|Kiểm sát viên|Chủ tọa|Hội đồng xét xử|Viện kiểm sát)", re.IGNORECASE
)
# Where the parties start: the header before it lists only the court's members and the procurator.
PARTIES_START = re.compile(
    r"giữa các đương sự|giữa:|(?<![\w])(?:Nguyên đơn|NGUYÊN ĐƠN|Người khởi kiện|Bị cáo|Đương sự)\s*:"
)
SYLLABLE = re.compile(r"[^\W\d_]+\d?")
# Capitalised words that never start or continue a person's name (compared exactly: "Phường" is a
# stop word, "Phương" a given name).
_STOP_WORDS = (
    "Trú Địa Cùng Đều Người Tại Theo Là Có Không Và Với Của Nơi Tòa Toà Viện Ủy Uỷ UBND Ngân "
    "Phòng Sở Bộ Hội Đội Luật Bản Quyết Điều Khoản Ngày Tháng Do Vì Nay Khi Sau Trước "
    "Nguyên Bị Chủ Thư Thẩm Kiểm Doanh Tổng Cục Bệnh HKTT ĐKHKTT Vợ Chồng Con "
    "Mẹ Bố Cha Ông Bà Chị Cháu Cụ Đơn Giấy Xã Phường Huyện Quận Tỉnh Thôn Xóm Ấp Tổ Số "
    "Nghề Hộ Các Tổ"
)
STOP = {vietnamese.normalize(w).casefold() for w in _STOP_WORDS.split()}
# Words that follow "Bà"/"Ông" in place names ("Bà Rịa", "Cầu Ông Lãnh").
_PLACE_WORDS = "Rịa Chiểu Điểm Đen Lãnh Triệu Hom Quẹo Trưng"
PLACE_AFTER_TITLE = {vietnamese.normalize(w).casefold() for w in _PLACE_WORDS.split()}
ORG_START = re.compile(
    r"(?:Công ty|Cty|Doanh nghiệp tư nhân|DNTN|Hợp tác xã|HTX|Văn phòng luật sư|VPLS)(?![\w])", re.IGNORECASE
)
ORG_FORM = re.compile(
    r"(?:\s+(?:cổ phần|CP|TNHH|trách nhiệm hữu hạn|một thành viên|MTV|hai thành viên(?: trở lên)?|2TV|"
    r"tư nhân|liên doanh|hợp danh))*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    syllables: tuple[str, ...]

    @property
    def key(self) -> str:
        return identity_key(list(self.syllables))


def read_name(text: str, pos: int, *, limit: int = 5) -> Name | None:
    """Capitalised syllables from ``pos``: a name, crossing a line break only inside "Họ Đệm / Tên"."""
    syllables: list[str] = []
    start = end = pos
    while len(syllables) < limit:
        m = SYLLABLE.match(text, pos)
        if not m:
            break
        word = m.group()
        if not (word[0].isupper() and (len(word) == 1 or not word[1:].rstrip("0123456789").isupper())):
            break
        if word[1:].rstrip("0123456789") and not word[1:].rstrip("0123456789").islower():
            break
        if word.casefold() in STOP or (word == "Công" and re.match(r"[ \t]+(?:ty|an)\b", text[m.end() :])):
            break  # "Công" is a given name, but "Công ty", "Công an" are not people
        if not syllables:
            start = m.start()
        syllables.append(word)
        end = m.end()
        gap = re.match(r"[ \t]*(\n[ \t]*)?", text[end:])
        assert gap is not None  # the pattern matches the empty string
        if gap.group(1) is not None:
            # PDF lines break names ("chị Đỗ Thị \nThanh T"): cross only while the name lacks a given name.
            nxt = SYLLABLE.match(text, end + gap.end())
            if len(syllables) > 2 or nxt is None or vietnamese.fold(nxt.group()) in {"sinh", "nam"}:
                break
        elif not gap.group():
            break
        pos = end + gap.end()
    if not syllables:
        return None
    return Name(start, end, tuple(syllables))


def titled_names(text: str) -> Iterator[Name]:
    for m in TITLE.finditer(text):
        name = read_name(text, m.end())
        if name is None or name.syllables[0].casefold() in PLACE_AFTER_TITLE:
            continue
        yield name


def role_names(text: str) -> Iterator[Name]:
    """Names right after a role word without a title ("Nguyên đơn: Lê Thị Hoa")."""
    for m in ROLE.finditer(text):
        if TITLE.match(text, m.end()) or ORG_START.match(text, m.end()):
            continue
        name = read_name(text, m.end())
        if name is not None and len(name.syllables) >= 2:
            yield name


def officials(text: str) -> set[str]:
    """Identity keys of the judges, assessors, clerks and procurator named in the header."""
    keys: set[str] = set()
    head_end = 0
    first_role = OFFICIAL_ROLE.search(text, 0, 8000)
    if first_role:
        parties = PARTIES_START.search(text, first_role.start())
        head_end = parties.start() if parties and parties.start() - first_role.start() < 6000 else 0
    if head_end:
        for name in titled_names(text[:head_end]):
            if len(name.syllables) >= 2:
                keys.add(name.key)
    # Anywhere in the first pages: "Thẩm phán: Nguyễn Văn A", "Bà Hoàng Thị Hiệp – Kiểm sát viên".
    for m in re.finditer(
        r"(?:Thẩm phán|Hội thẩm(?: nhân dân)?|Thư ký(?: phiên tòa)?|Kiểm sát viên|Chủ tọa(?: phiên tòa)?)"
        r"[^:\n]{0,40}:\s*(?:\d+[.)]\s*)?",
        text[:12000],
        re.IGNORECASE,
    ):
        title = TITLE.match(text, m.end())
        named = read_name(text, title.end() if title else m.end())
        if named and len(named.syllables) >= 2:
            keys.add(named.key)
    for m in re.finditer(r"(?:Ông|Bà)[ \t]+", text[:12000]):
        titled = read_name(text, m.end())
        if titled and len(titled.syllables) >= 2:
            tail = text[titled.end : titled.end + 30]
            if re.match(r"\s*[-–,]\s*(?:là\s+)?(?:Thẩm phán|Hội thẩm|Thư ký|Kiểm sát viên)", tail, re.IGNORECASE):
                keys.add(titled.key)
    return keys


_TRADE_SECOND_SYLLABLES = "mại vụ tư dựng xuất nhập khẩu triển tải lịch sản nghệ phẩm nghiệp liệu"
ORG_NAME_LOWER = set(_TRADE_SECOND_SYLLABLES.split())
ORG_NAME_BREAK = {"Ngân", "Công", "Chi", "Tòa", "Toà", "Ủy", "Uỷ", "Viện", "UBND", "Ông", "Bà", "Anh", "Chị"}


@dataclass(frozen=True)
class Organisation:
    start: int  # of the name after the legal form
    end: int
    replacement: str


def organisations(text: str) -> Iterator[Organisation]:
    """ "Công ty TNHH Hải Bình" → the span of "Hải Bình", replaced by "HB"."""
    for m in ORG_START.finditer(text):
        form = ORG_FORM.match(text, m.end())
        pos = form.end() if form else m.end()
        words: list[re.Match[str]] = []
        for token in re.finditer(r"[ \t]+([^\W_]+)", text[pos : pos + 200]):
            if token.start() != (words[-1].end() if words else 0):
                break
            word = token.group(1)
            if vietnamese.fold(word) in {"ong", "ba", "anh", "chi"}:
                break
            if word in ORG_NAME_BREAK:
                break  # "Công ty H và Ngân hàng …": another body starts
            # "Thương mại Hải Bình": the second syllable of a trade word belongs to the name.
            if not (word[0].isupper() or word[0].isdigit()) and (not words or word not in ORG_NAME_LOWER):
                break
            words.append(token)
        capitals = [w.group(1) for w in words if w.group(1)[0].isupper()]
        if not capitals or all(is_encoded(w) for w in capitals):
            continue
        while words and not words[-1].group(1)[0].isupper():
            words.pop()
        start = pos + words[0].start(1)
        end = pos + words[-1].end(1)
        yield Organisation(start, end, initials([w.group(1) for w in words if w.group(1)[0].isupper()]))
