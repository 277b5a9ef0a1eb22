"""Official Gazette pages (``congbao-gazette-pages/pages/*.txt``): metadata and the relation lists.

A page is one line of text: the site's menus, a sidebar of related documents ("Văn bản liên quan",
with their days of issue and expiry), the relation diagram ("Lược đồ": eleven lists, each "name [n]"
followed by "NUMBER Type số NUMBER title" entries) and the document's properties ("Thuộc tính: Loại
văn bản … Số, ký hiệu … Cơ quan ban hành … Ngày ban hành … Trích yếu … Người ký … Ngày hiệu lực …").

The lists are read from the page's document (X) as follows: "căn cứ" X is based on them; "được hướng
dẫn" X guides them, "hướng dẫn" they guide X; "bị sửa đổi bổ sung" X amends them, "sửa đổi bổ sung"
they amend X ("đính chính": corrects); "bị thay thế/bãi bỏ" X replaces them (repeals when X's title
says "bãi bỏ" and not "thay thế"), "thay thế/bãi bỏ" they replace X; "… một phần" the same, partly;
"dẫn chiếu" the later document refers to the earlier (the page does not say which way). Entries whose
number has no year ("57/NQ-CP") are left out: such numbers start again every year, so the entry does
not say which document it is.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import LawDataError
from ..inputs import META_GAZETTE_PAGE, DocumentInput, Meta, RelationInput
from ..models import RelationKind
from ..parsing.cleaning import clean_text
from ..parsing.names import TYPE_WORDS, document_title, issuer_name, person_name, type_of_name, type_of_number
from ..parsing.numbering import document_key
from .common import digest, shared_data

SOURCE = "gazette"
_SECTIONS = {
    "Văn bản căn cứ văn bản này": (RelationKind.BASED_ON, False, False),
    "Văn bản sửa đổi bổ sung/đính chính": (RelationKind.AMENDS, False, False),
    "Văn bản thay thế/bãi bỏ/hủy bỏ/đình chỉ một phần": (RelationKind.REPEALS, False, True),
    "Văn bản dẫn chiếu": (RelationKind.REFERS_TO, True, False),
    "Văn bản bị thay thế/bãi bỏ/hủy bỏ/đình chỉ một phần": (RelationKind.REPEALS, True, True),
    "Văn bản bị thay thế/bãi bỏ/hủy bỏ/đình chỉ": (RelationKind.REPLACES, True, False),
    "Văn bản bị sửa đổi bổ xung/được đính chính": (RelationKind.AMENDS, True, False),
    "Văn bản hướng dẫn": (RelationKind.GUIDES, False, False),
    "Văn bản thay thế/bãi bỏ/hủy bỏ/đình chỉ": (RelationKind.REPLACES, False, False),
    "Văn bản căn cứ": (RelationKind.BASED_ON, True, False),
    "Văn bản được hướng dẫn": (RelationKind.GUIDES, True, False),
}
_HEAD = re.compile("(" + "|".join(re.escape(s) for s in sorted(_SECTIONS, key=len, reverse=True)) + r") \[(\d+)\]")
_ENTRY = re.compile(
    r"(?:^|\s)(?P<num>\d[^\s]*) (?:(?P<type>[A-ZĐÂ][^\s]*(?: [^\s]+){0,4}?) )?số (?P=num)(?=[\s.,;:]|$)"
)
_DAY = r"\d{2}/\d{2}/\d{4}"
_PROPS = re.compile(
    r"Thuộc tính Loại văn bản ?(?P<type>.*?) ?Số, ký hiệu (?P<number>\S+) Cơ quan ban hành ?(?P<issuer>.*?) ?"
    rf"Ngày ban hành ?(?P<issued>{_DAY})? ?Trích yếu ?(?P<summary>.*?) ?Người ký ?(?P<signer>.*?) ?"
    rf"Ngày hiệu lực ?(?P<effective>{_DAY})? ?Công báo"
)
_HEADER_DAYS = re.compile(rf"Ban hành: (?P<issued>{_DAY}) - Hiệu lực: (?P<effective>{_DAY})?")
_SIDEBAR = re.compile(
    rf"(?P<num>\d[^\s]*) Ngày ban hành: (?P<issued>{_DAY}) (?P<title>.*?) Ngày hết hiệu lực: ?(?P<expiry>{_DAY})?"
)
_HAS_YEAR = re.compile(r"/((?:19|20)\d\d)/")


def gazette_pages(path: Path | None = None) -> list[Path]:
    root = path or shared_data() / "congbao-gazette-pages"
    if root.is_file():
        return [root]
    pages = sorted((root / "pages").glob("*.txt")) if (root / "pages").is_dir() else sorted(root.glob("*.txt"))
    if not pages:
        raise LawDataError(f"{root}: no gazette pages (*.txt) here")
    return pages


def _day(value: str | None, where: str, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day, no time
    except ValueError as exc:
        raise LawDataError(f"{where}: {name} {value!r} is not a day (dd/mm/yyyy)") from exc


def _type_code(label: str) -> str:
    found = type_of_name(label)
    return found[0] if found and not found[1] else "khac"


def listed_title(type_label: str, rest: str) -> tuple[str, str]:
    """(doc_type, title) from a listing: ("Luật", "bộ luật tố tụng hình sự.") → ("bo_luat", "Bộ luật Tố
    tụng hình sự"); ("Thông tư", "quy định …") → ("thong_tu", "Thông tư quy định …")."""
    rest = clean_text(rest).rstrip(". ")
    own = type_of_name(rest)
    if own is not None and (not type_label or _type_code(type_label) in (own[0], "luat")):
        return own[0], document_title(own[0], own[1])
    code = _type_code(type_label) if type_label else "khac"
    if code == "van_ban_hop_nhat":
        rest = re.sub(r"^hợp nhất\s+", "", rest, flags=re.IGNORECASE)
    return code, document_title(code, rest) if code != "khac" else f"{type_label} {rest}".strip()


def _year(number: str, issued: datetime.date | None) -> int | None:
    match = _HAS_YEAR.search(f"/{number}/")
    return int(match.group(1)) if match else issued.year if issued else None


def read_page(path: Path) -> DocumentInput:
    """One page, checked: its document's metadata, the documents in its lists and its sidebar."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LawDataError(f"{path.name}: is not UTF-8 text (byte {exc.start})") from exc
    text = " ".join(text.split())
    props = _PROPS.search(text)
    if props is None:
        raise LawDataError(
            f"{path.name}: no 'Thuộc tính' block with 'Loại văn bản … Số, ký hiệu …' (not a document page?)"
        )
    where = path.name
    number = props.group("number").strip()
    header = _HEADER_DAYS.search(text)
    issued = _day(props.group("issued") or (header and header.group("issued")), where, "Ngày ban hành")
    effective = _day(props.group("effective") or (header and header.group("effective")), where, "Ngày hiệu lực")
    doc_type, title = listed_title(props.group("type"), props.group("summary"))
    if doc_type == "khac":
        doc_type = type_of_number(number) or doc_type  # some pages leave "Loại văn bản" empty
    meta = Meta(
        number=number,
        doc_type=doc_type,
        title=title,
        issuer=issuer_name(props.group("issuer"), doc_type),
        signer=person_name(props.group("signer")) if props.group("signer").strip() else "",
        issued_on=issued,
        effective_from=effective,
    )
    key = document_key(number, doc_type, _year(number, issued), title)
    relations, warnings = _relations(text, where, title, issued)
    return DocumentInput(
        source=SOURCE,
        locator=f"{SOURCE}#{path.name}",
        where=where,
        checksum=digest(raw),
        key=key,
        metas=[(META_GAZETTE_PAGE, meta)],
        relations=relations,
        mentioned=_sidebar(text, where),
        warnings=warnings,
    )


def _relations(
    text: str, where: str, title: str, issued: datetime.date | None
) -> tuple[list[RelationInput], list[str]]:
    start, end = text.find("Lược đồ Văn bản căn cứ"), text.find("Thuộc tính Loại văn bản")
    diagram = text[start:end] if 0 <= start < end else ""
    heads = list(_HEAD.finditer(diagram))
    relations, warnings = [], []
    own_year = issued.year if issued else None
    for i, head in enumerate(heads):
        section, declared = head.group(1), int(head.group(2))
        body = diagram[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(diagram)]
        entries = list(_ENTRY.finditer(body))
        if len(entries) != declared:
            warnings.append(f"'{section}' says {declared} documents, the page lists {len(entries)}")
        kind, outgoing, partial = _SECTIONS[section]
        for j, entry in enumerate(entries):
            number = entry.group("num").rstrip(".,;")
            rest = body[entry.end() : entries[j + 1].start() if j + 1 < len(entries) else len(body)]
            if not _HAS_YEAR.search(f"/{number}/"):
                warnings.append(f"'{section}': {number} has no year, left out")
                continue
            doc_type, other_title = listed_title(entry.group("type") or "", rest)
            other_year = _year(number, None)
            kind_here, out = kind, outgoing
            if kind == RelationKind.REFERS_TO and own_year and other_year and other_year > own_year:
                out = False  # a later document refers to this one
            acting_title = title if out else other_title
            if (
                kind == RelationKind.REPLACES
                and "bãi bỏ" in acting_title.lower()
                and "thay thế" not in acting_title.lower()
            ):
                kind_here = RelationKind.REPEALS
            if kind == RelationKind.AMENDS and "đính chính" in acting_title.lower():
                kind_here = RelationKind.CORRECTS
            other = Meta(number=number, doc_type=doc_type, title=other_title)
            relations.append(
                RelationInput(
                    kind_here,
                    document_key(number, doc_type, other_year, other_title),
                    other,
                    outgoing=out,
                    partial=partial,
                    note=f"{where}: {section}",
                )
            )
    return relations, warnings


def _sidebar(text: str, where: str) -> list[tuple[str, Meta]]:
    start, end = text.find("Văn bản liên quan"), text.find("Sơ đồ văn bản")
    sidebar = text[start:end] if 0 <= start < end else ""
    mentioned = []
    for match in _SIDEBAR.finditer(sidebar):
        number = match.group("num")
        issued = _day(match.group("issued"), where, "Ngày ban hành")
        words = match.group("title").split(" số ", 1)
        type_label = words[0] if len(words) == 2 and any(words[0].upper() == w for w, _, _ in TYPE_WORDS) else ""
        rest = words[1].split(" ", 1)[1] if type_label and " " in words[1] else match.group("title")
        doc_type, title = listed_title(type_label, rest)
        if doc_type == "khac" or not _year(number, issued):
            continue
        meta = Meta(
            number=number,
            doc_type=doc_type,
            title=title,
            issued_on=issued,
            effective_to=_day(match.group("expiry"), where, "Ngày hết hiệu lực"),
        )
        mentioned.append((document_key(number, doc_type, _year(number, issued), title), meta))
    return mentioned


def read_gazette(path: Path | None = None) -> list[DocumentInput]:
    """Every page under ``path``, checked; nothing is written here."""
    return [read_page(page) for page in gazette_pages(path)]
