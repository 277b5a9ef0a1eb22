"""Reading judgments from a source file into checked inputs (nothing is written here).

ALQAC 2026 (``../shared/data/alqac-2026-judgments/judgments-dev.json``, see its PROVENANCE.md): a JSON
list of records with ``case_id`` and ``judgment_text`` (after a MySQL ``\\G`` dump header holding the
``case_name``), and the court, number and date as the annotators copied them. The text's own header
is preferred where it says them — the annotations have errors (case_4616 names the court of Bến Tre,
the text the court of Hải Phòng): the court after "NHÂN DANH NƯỚC CỘNG HÒA …", "Bản án số: …", and the
date under it (ecourt.citations.header).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from ecourt.cases.models import CaseType, Instance
from ecourt.citations.header import header_date
from ecourt.citations.prepare import prepare
from ecourt.vietnamese import fold, normalize

from .metadata import FoundParty, read_metadata

SOURCE = "alqac-2026"
DEFAULT_PATH = Path(settings.BASE_DIR).parent / "shared" / "data" / "alqac-2026-judgments" / "judgments-dev.json"
_DUMP = re.compile(r"\A\*+ *\d+\. row \*+\s*\n\s*case_name: (?P<name>[^\n]*)\njudgment_text: ?")
# "NHÂN DANH / NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / TÒA ÁN NHÂN DÂN HUYỆN X, TỈNH Y": the court
# that decides, on one line or two (the second starting with the province or city)
_COURT = re.compile(
    r"viet\s+n\w*\s+toa\s+an\s+nhan\s+dan\s+(?P<name>[^\n]+?)\s*(?:\n\s*(?P<more>(?:tinh|thanh\s+pho)\s[^\n]+?))?\s*\n"
)
_NUMBER = re.compile(
    r"ban\s+an\s+so\s*:?\s*(?P<n>\d{1,5}\s*/\s*(?:19|20)\d\d\s*/\s*[a-z]+(?:[ \t]*[-–.]?[ \t]*(?!ngay)[a-z]+)*)"
)
_TYPES = (("KDTM", CaseType.KDTM), ("HNGD", CaseType.HNGD), ("LD", CaseType.LD), ("HC", CaseType.HC))
_TYPES_LAST = (("HS", CaseType.HS), ("DS", CaseType.DS))
_INSTANCES = (("GDT", Instance.GDT), ("PT", Instance.PT), ("ST", Instance.ST), ("TT", Instance.TT))
_RECORD_TYPES = {"dan su": CaseType.DS, "hinh su": CaseType.HS, "hanh chinh": CaseType.HC}


class JudgmentDataError(Exception):
    """Bad input for judgments; the message names the file and the record."""


@dataclass(frozen=True)
class JudgmentInput:
    source: str
    source_id: str
    number: str
    court_name: str
    decided_on: datetime.date | None
    case_type: str
    instance: str
    title: str
    text: str
    checksum: str
    where: str  # file and record, for messages
    # read from the text (metadata.py): JudgmentKind, Outcome and the parties named in it
    kind: str = ""
    outcome: str = ""
    parties: tuple[FoundParty, ...] = field(default_factory=tuple)


def read_alqac(path: Path | None = None) -> list[JudgmentInput]:
    """Every record of the file, checked: a file that is not a JSON list of records with ``case_id``
    and a non-empty ``judgment_text`` (unique ids) raises ``JudgmentDataError`` and nothing is read."""
    path = path or DEFAULT_PATH
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise JudgmentDataError(f"{path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise JudgmentDataError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(records, list):
        raise JudgmentDataError(f"{path}: expected a JSON list of judgment records")
    out: list[JudgmentInput] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        where = f"{path.name}, record {index + 1}"
        if not isinstance(record, dict):
            raise JudgmentDataError(f"{where}: not an object")
        case_id, text = record.get("case_id"), record.get("judgment_text")
        if not isinstance(case_id, str) or not case_id.strip():
            raise JudgmentDataError(f"{where}: no 'case_id'")
        if not isinstance(text, str) or not text.strip():
            raise JudgmentDataError(f"{where} ({case_id}): no 'judgment_text'")
        if case_id in seen:
            raise JudgmentDataError(f"{where}: 'case_id' {case_id!r} appears twice")
        seen.add(case_id)
        out.append(_input(record, case_id.strip(), text, f"{where} ({case_id})"))
    return out


def _input(record: dict[str, Any], case_id: str, raw: str, where: str) -> JudgmentInput:
    dump = _DUMP.match(raw)
    title = dump.group("name").strip() if dump else ""
    text = raw[dump.end() :] if dump else raw
    prepared = prepare(text)
    head = prepared.folded[prepared.body_start : prepared.body_start + 3000]
    # names are read from the repaired copy (legacy encodings made Unicode), offsets of the working copy
    number = _number_in(prepared.unicode, prepared.body_start, head) or _clean(str(record.get("judgment_number") or ""))
    court = _court_in(prepared.unicode, prepared.body_start, head) or _clean(str(record.get("court") or ""))
    decided_on = header_date(prepared) or _date(str(record.get("judgment_date") or ""))
    case_type, instance = case_type_of(number)
    if not case_type:
        case_type = _RECORD_TYPES.get(fold(str(record.get("case_type") or "")).strip(), "")
    checksum = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    meta = read_metadata(text, number, instance, prepared)
    return JudgmentInput(
        SOURCE,
        case_id,
        number,
        court,
        decided_on,
        case_type,
        instance,
        normalize(title)[:300],
        text,
        checksum,
        where,
        kind=meta.kind,
        outcome=meta.outcome,
        parties=tuple(meta.parties),
    )


def _clean(value: str) -> str:
    return normalize(" ".join(value.split()))


def _number_in(text: str, start: int, head: str) -> str:
    match = _NUMBER.search(head)
    if match is None:
        return ""
    return re.sub(r"\s*/\s*", "/", _clean(text[start + match.start("n") : start + match.end("n")])).rstrip(". ")


def _court_in(text: str, start: int, head: str) -> str:
    match = _COURT.search(head)
    if match is None:
        return ""
    end = match.end("more") if match.group("more") else match.end("name")
    name = _clean(text[start + match.start("name") : start + end].replace("\n", " ")).strip(" ,-–")
    return f"Tòa án nhân dân {court_case(name)}"


def court_case(name: str) -> str:
    """ "HUYỆN BÌNH CHÁNH, THÀNH PHỐ HỒ CHÍ MINH" → "huyện Bình Chánh, thành phố Hồ Chí Minh": names of
    units in lower case, words in capitals capitalised, as the court map writes them; the initials of an
    anonymised place stay ("thị xã BC, tỉnh Bình Dương")."""
    units = {"tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "khu", "vực"}
    words = name.split()

    def word(index: int, w: str) -> str:
        bare = w.strip(",.-–")
        if normalize(bare.lower()) in units:
            return w.lower()
        if not bare.isupper():
            return w
        after_unit = index > 0 and normalize(words[index - 1].lower()) in units
        if len(bare) <= 2 and after_unit and (index == len(words) - 1 or w.endswith(",")):
            return w
        return "-".join(p.capitalize() for p in w.split("-"))

    return " ".join(word(i, w) for i, w in enumerate(words))


def case_type_of(number: str) -> tuple[str, str]:
    """The case type and instance in a judgment number's code: "13/2017/DS-ST" → ("DS", "ST"),
    "KDTM - ST", "DSST", "ST-DS" alike; ("", "") when it names none."""
    code = re.sub(r"[^A-Z]", "", fold(number.rsplit("/", 1)[-1]).upper()) if number.count("/") >= 2 else ""
    case_type = next((t for c, t in _TYPES if c in code), "") or next((t for c, t in _TYPES_LAST if c in code), "")
    rest = code.replace(str(case_type), "", 1) if case_type else code
    instance = next((i for c, i in _INSTANCES if c in rest), "")
    return str(case_type), str(instance)


def _date(value: str) -> datetime.date | None:
    match = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", value)
    if match is None:
        return None
    try:
        return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
