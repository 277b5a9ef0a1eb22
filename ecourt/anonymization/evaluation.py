"""A labelled set built from the dev judgments, and the anonymizer measured on it.

The dev judgments were published already anonymized ("Chị Lê Thị T", "phường P"). ``build_labelled``
restores plausible full names in place of the court's encodings (keeping the court's initial, so "Lê Thị
T" becomes e.g. "Lê Thị Thu" and the court's own encoding is the right answer), restores place names the
same way, and adds identity-card, phone, bank-account, passport and e-mail numbers after each "sinh năm"
— recording every span it writes. ``evaluate`` runs ``anonymize_text`` on each labelled text and reports
leaks by kind, officials' names kept, consistency and throughput.

Nothing here is tuned on anything but ``judgments-dev.json``; the 15 held-out judgments are not in the
repository's data folder.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from ecourt import vietnamese
from ecourt.anonymization.services import Anonymized, anonymize_text

DEV_JUDGMENTS = Path(settings.BASE_DIR).parent / "shared" / "data" / "alqac-2026-judgments" / "judgments-dev.json"

# Given names and place syllables by initial (written here: Faker's vi_VN provider has no Vietnamese
# given-name list). Each restored name keeps the court's initial.
GIVEN = {
    "A": "An Anh Ánh Ân",
    "B": "Bình Bảo Bích Bắc",
    "C": "Cường Chi Công Cúc",
    "D": "Dũng Dung Duy Diệp",
    "Đ": "Đức Đạt Điệp Đông",
    "E": "Em",
    "G": "Giang Giao Gấm",
    "H": "Hoa Hùng Hương Hải Hạnh Huy",
    "I": "Ích",
    "K": "Khánh Kiên Khoa Kim",
    "L": "Lan Long Linh Lộc",
    "M": "Minh Mai Mạnh Mỹ",
    "N": "Nam Nga Nhung Ngọc Nghĩa",
    "O": "Oanh",
    "P": "Phong Phúc Phượng Phát",
    "Q": "Quang Quỳnh Quân",
    "R": "Rạng",
    "S": "Sơn Sáu Sinh Sang",
    "T": "Tâm Thủy Tuấn Thu Trung Thắng",
    "U": "Uyên",
    "V": "Vân Việt Vinh Vũ",
    "X": "Xuân Xoan",
    "Y": "Yến",
}
PLACE = {
    "A": "An Ái",
    "B": "Bình Bắc",
    "C": "Cẩm Châu",
    "D": "Duyên Diễn",
    "Đ": "Đông Định",
    "G": "Gia Giang",
    "H": "Hòa Hưng",
    "K": "Khánh Kim",
    "L": "Lộc Long",
    "M": "Minh Mỹ",
    "N": "Ninh Nghĩa",
    "P": "Phú Phong",
    "Q": "Quang Quế",
    "S": "Sơn Sa",
    "T": "Tân Thạnh",
    "V": "Vĩnh Văn",
    "X": "Xuân",
    "Y": "Yên",
}
TITLE = r"(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ụ|[Cc]háu|[Ee]m)"
UNITS = r"(?:phường|xã|huyện|thị trấn|thôn|xóm|ấp|bản|thị xã|quận|đường|phố|tổ dân phố)"
_NOT_FAMILY_WORDS = (
    "Thôn Xóm Ấp Tổ Phường Xã Huyện Quận Tỉnh Thành Bản Khu Đường Phố Công Tòa Toà Ủy Uỷ Ngân Sở Phòng Chi Hội "
    "Viện Điều Khoản Theo Nguyên Bị Người Đại Cùng Đều Trú Địa Ông Bà Anh Chị Cụ Cháu Em Và Của Với Cty "
    "Lô Số Mục Phần Điểm Chương Tờ Thửa Mẫu Phụ Lục Bảng Hình Dãy Khối Nhà Căn Phòng Tầng Ô Khoảnh"
)
NOT_FAMILY = set(_NOT_FAMILY_WORDS.split())


@dataclass
class Truth:
    start: int  # the whole restored span in the labelled text
    end: int
    kind: str  # person, official, address, id_number, phone, bank_account, email
    secret: tuple[int, int]  # the part that must not survive (a person's given name, a number)
    identity: str = ""
    court: str = ""  # what the court wrote there


@dataclass
class Labelled:
    case_id: str
    text: str
    truths: list[Truth] = field(default_factory=list)


def load_judgments(path: Path) -> list[dict[str, Any]]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the judgments ({exc})") from exc
    return [r for r in records if isinstance(r, dict) and r.get("judgment_text")]


def judgment_body(raw: str) -> str:
    """The text without the database-dump header ("*** 4101. row ***", "case_name: …", "judgment_text: ")."""
    marker = raw.find("judgment_text:")
    return raw[marker + len("judgment_text:") :].lstrip() if marker >= 0 else raw


def _pick(rng: random.Random, table: dict[str, str], letter: str) -> str:
    return rng.choice(table.get(letter, table["T"]).split()) if letter in table else letter + "ương"


def _court_names(text: str) -> list[tuple[int, int, list[str]]]:
    """The court's encoded names: capitalised syllables ending in a lone capital ("Lê Thị T", "Đỗ Thị\\nThanh T")."""
    out: list[tuple[int, int, list[str]]] = []
    for m in re.finditer(r"(?<![\w])([^\W\d_])(?![\w])", text):
        if not m.group(1).isupper():
            continue
        words: list[re.Match[str]] = []
        pos = m.start()
        while len(words) < 3:
            prev = re.search(r"([^\W\d_]+)[ \t]*\n?[ \t]*$", text[max(0, pos - 40) : pos])
            if not prev or not pos - 40 + prev.start() >= -40:
                break
            word = prev.group(1)
            if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
                break
            start = max(0, pos - 40) + prev.start(1)
            words.insert(0, re.match(r"[^\W\d_]+", text[start:]) or prev)
            pos = start
            if words and word in NOT_FAMILY:
                words.pop(0)
                break
        if words and words[0].group() not in NOT_FAMILY:
            out.append((pos, m.end(), [*(w.group() for w in words), m.group(1)]))
    return out


def build_labelled(case_id: str, court_text: str, rng: random.Random) -> Labelled:
    edits: list[tuple[int, int, str, str, tuple[int, int], str]] = []  # start, end, new, kind, secret, identity
    people: dict[str, str] = {}  # the court's name (casefolded) → the restored given name
    named_at: list[tuple[int, str, str]] = []  # where each person was named: offset, initial, identity
    # The header names the court's members, some of whom the court encoded too: they are officials, kept.
    parties_start = re.search(r"giữa các đương sự|giữa:|Nguyên đơn\s*:|NGUYÊN ĐƠN", court_text)
    head_end = parties_start.start() if parties_start and parties_start.start() < 8000 else 0
    for start, end, words in _court_names(court_text):
        if start < head_end or re.search(UNITS + r"[ \t]+$", court_text[max(0, start - 20) : start]):
            continue  # officials, or a place ("xã An H") rather than a person
        key = vietnamese.normalize(" ".join(words)).casefold()
        given = people.setdefault(key, _pick(rng, GIVEN, words[-1]))
        prefix = court_text[start : end - 1]  # family and middle names, line breaks as the court wrote them
        new = prefix + given
        edits.append((start, end, new, "person", (len(prefix), len(new)), key))
        named_at.append((start, words[-1], key))
    # "chị T" after "chị Lê Thị T": the person last named with that initial.
    for m in re.finditer(TITLE + r"[ \t]+([^\W\d_])(?![\w])", court_text):
        letter = m.group(1)
        if not letter.isupper():
            continue
        earlier = [key for at, initial, key in named_at if at < m.start() and initial == letter]
        key = earlier[-1] if earlier else f"alone:{letter}"
        given = people.setdefault(key, _pick(rng, GIVEN, letter))
        edits.append((m.start(1), m.end(1), given, "person", (0, len(given)), key))
    places: dict[str, str] = {}
    for m in re.finditer(r"(?<![\w])" + UNITS + r"[ \t]+([A-ZĐ]{1,3})(?![\w])", court_text):
        code = m.group(1)
        before = " ".join(court_text[max(0, m.start() - 60) : m.start()].split())
        if re.search(
            r"(?:Tòa án nhân dân|Toà án nhân dân|TAND|Viện kiểm sát nhân dân|VKSND|THADS|Thi hành án dân sự)\s*$",
            before,
            re.IGNORECASE,
        ):
            continue  # the court's or the procuracy's own name, which is published as it is
        name = places.setdefault(code, " ".join(_pick(rng, PLACE, letter) for letter in code))
        edits.append((m.start(1), m.end(1), name, "address", (0, len(name)), code))
    for n, m in enumerate(re.finditer(r"sinh năm:?\s*\d{4}", court_text)):
        new, kind = _number(rng, n)
        secret = re.search(r"[\w.@+-]*\d[\d .\-]*\d|[\w.+-]+@[\w.-]+\w", new)
        assert secret is not None
        edits.append((m.end(), m.end(), new, kind, secret.span(), ""))
    return _apply(case_id, court_text, edits)


def _number(rng: random.Random, n: int) -> tuple[str, str]:
    digits = "".join(str(rng.randrange(10)) for _ in range(14))
    forms = [
        (f", CCCD số {digits[:12]}", "id_number"),
        (f", số điện thoại 09{digits[:8]}", "phone"),
        (f", CMND số: {digits[:9]} do Công an tỉnh cấp", "id_number"),
        (f", tài khoản số {digits[:13]} tại Ngân hàng Vietcombank", "bank_account"),
        (f", SĐT: 0{digits[0:3]}.{digits[3:6]}.{digits[6:9]}", "phone"),
        (f", email: {rng.choice(['hoa', 'nam', 'tuan'])}{digits[:4]}@gmail.com", "email"),
        (f", hộ chiếu số C{digits[:7]}", "id_number"),
        (f", STK: {digits[:4]} {digits[4:8]} {digits[8:12]}", "bank_account"),
        (f", điện thoại: +84 {digits[:3]} {digits[3:6]} {digits[6:9]}", "phone"),
    ]
    return forms[n % len(forms)]


def _apply(case_id: str, court_text: str, edits: list[tuple[int, int, str, str, tuple[int, int], str]]) -> Labelled:
    pieces: list[str] = []
    truths: list[Truth] = []
    cursor = 0
    length = 0
    for start, end, new, kind, secret, identity in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            continue  # overlapping restorations: keep the first
        pieces.append(court_text[cursor:start])
        length += start - cursor
        truths.append(
            Truth(
                length,
                length + len(new),
                kind,
                (length + secret[0], length + secret[1]),
                identity,
                court_text[start:end],
            )
        )
        pieces.append(new)
        length += len(new)
        cursor = end
    pieces.append(court_text[cursor:])
    text = "".join(pieces)
    truths += _officials(text)
    return Labelled(case_id, text, truths)


def _officials(text: str) -> list[Truth]:
    """The court's members and procurator: titled full names in the header, before the parties."""
    head = re.search(r"giữa các đương sự|giữa:|Nguyên đơn\s*:|NGUYÊN ĐƠN", text)
    end = head.start() if head and head.start() < 8000 else 0
    names = {
        " ".join(m.group(1).split())
        for m in re.finditer(r"(?:Ông|Bà)\s+((?:[^\W\d_]{2,}[ \t]+){1,3}[^\W\d_]{2,})(?![ \t]*[^\W\d_])", text[:end])
        if all(w[0].isupper() and w[1:].islower() for w in m.group(1).split())
    }
    truths: list[Truth] = []
    for name in names:
        pattern = r"\s+".join(re.escape(w) for w in name.split())
        for m in re.finditer(r"(?<![\w])" + pattern + r"(?![\w])", text):
            truths.append(Truth(m.start(), m.end(), "official", m.span(), name.casefold()))
    return truths


def _covered(secret: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether every character of the secret lies inside some replacement."""
    start, end = secret
    pos = start
    for s, e in spans:
        if s <= pos < e:
            pos = e
            if pos >= end:
                return True
    return pos >= end


def evaluate(records: list[dict[str, Any]], *, seed: int = 2017) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    labelled = [
        build_labelled(str(r.get("case_id", i)), judgment_body(str(r["judgment_text"])), rng)
        for i, r in enumerate(records)
    ]
    total: Counter[str] = Counter()
    leaked: Counter[str] = Counter()
    leaks: list[str] = []
    codes: dict[str, set[str]] = defaultdict(set)
    court_agree = court_total = 0
    unlabelled: Counter[str] = Counter()
    characters = 0
    started = time.perf_counter()
    results: list[Anonymized] = [anonymize_text(item.text) for item in labelled]
    seconds = time.perf_counter() - started
    for item, result in zip(labelled, results, strict=True):
        characters += len(item.text)
        spans = sorted((r.start, r.end) for r in result.replacements)
        for truth in item.truths:
            total[truth.kind] += 1
            touched = any(s < truth.end and truth.start < e for s, e in spans)
            if truth.kind == "official":
                leaked[truth.kind] += touched  # an official's name changed
                continue
            if not _covered(truth.secret, spans):
                leaked[truth.kind] += 1
                if len(leaks) < 40:
                    leaks.append(f"{item.case_id} {truth.kind}: {item.text[truth.start : truth.end]!r}")
            if truth.kind == "person" and truth.court and len(truth.court.split()) >= 2:
                encoded = _encoded(result, truth)
                codes[f"{item.case_id}/{truth.identity}"].add(" ".join(encoded.split()))
                court_total += 1
                court_agree += " ".join(encoded.split()) == " ".join(truth.court.split())
        for r in result.replacements:
            if not any(t.start < r.end and r.start < t.end for t in item.truths):
                unlabelled[r.kind] += 1
    kinds = ["person", "address", "id_number", "phone", "bank_account", "email"]
    return {
        "judgments": len(labelled),
        "characters": characters,
        "labelled": dict(total),
        "leak_rate": {k: round(leaked[k] / total[k], 4) if total[k] else None for k in kinds},
        "leaked": {k: leaked[k] for k in kinds},
        "officials_kept": round(1 - leaked["official"] / total["official"], 4) if total["official"] else None,
        "officials_total": total["official"],
        "consistency": round(sum(len(c) == 1 for c in codes.values()) / len(codes), 4) if codes else None,
        "persons_identities": len(codes),
        "agrees_with_court_encoding": round(court_agree / court_total, 4) if court_total else None,
        "unlabelled_replacements": dict(unlabelled),
        "seconds": round(seconds, 3),
        "characters_per_second": round(characters / seconds) if seconds else None,
        "examples_of_leaks": leaks,
    }


def _encoded(result: Anonymized, truth: Truth) -> str:
    """What the anonymizer wrote over the truth's span (the span itself where nothing replaced it)."""
    text = ""
    for r in result.replacements:
        if r.start <= truth.start and truth.end <= r.end:
            return r.replacement
        if truth.start <= r.start < truth.end:
            text = r.replacement
    return text


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['judgments']} judgments, {report['characters']:,} characters; labelled: {report['labelled']}",
        "leak rate by kind: " + ", ".join(f"{k} {v}" for k, v in report["leak_rate"].items()),
        f"officials' names kept: {report['officials_kept']} of {report['officials_total']}",
        f"consistency (same person, same code): {report['consistency']} over {report['persons_identities']} people",
        f"agrees with the court's own encoding: {report['agrees_with_court_encoding']}",
        f"replacements outside the labels: {report['unlabelled_replacements']}",
        f"throughput: {report['characters_per_second']:,} characters/s ({report['seconds']} s)",
        *("  leak: " + leak for leak in report["examples_of_leaks"][:20]),
    ]
    return "\n".join(lines)
