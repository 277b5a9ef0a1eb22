"""Document references as written: "Bộ luật Dân sự năm 2015", "BLTTDS", "Nghị định số 63/2024/NĐ-CP",
"Nghị quyết 326 ngày 30/12/2016", "Án lệ số 58/2023/AL", "Luật này". Pure Python: no database.

``DocumentParser.at(pos)`` reads one reference starting at ``pos`` of a prepared (folded) text. What
the reference *means* — which number, on the text's date — is ``identity.identify``'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecourt.citations.aliases import Aliases, load_aliases
from ecourt.citations.numbers import display_number, is_consolidated_code, is_legal_code
from ecourt.citations.prepare import Prepared

# Kinds of document as written before a number or a name (folded), longest first, with the type they
# stand for (ecourt.laws.models.DocumentType values). "NĐ", "NQ", "TT", "QĐ" are the usual shortenings.
DOCUMENT_TYPES = {
    "nghi quyet lien tich": "nghi_quyet_lien_tich",
    "thong tu lien tich": "thong_tu_lien_tich",
    "van ban hop nhat": "van_ban_hop_nhat",
    "nghi dinh": "nghi_dinh",
    "nghi quyet": "nghi_quyet",
    "thong tu": "thong_tu",
    "quyet dinh": "quyet_dinh",
    "chi thi": "chi_thi",
    "phap lenh": "phap_lenh",
    "cong van": "cong_van",
    "hien phap": "hien_phap",
    "bo luat": "bo_luat",
    "luat": "luat",
    "lenh": "lenh",
    "an le": "an_le",
    "nqlt": "nghi_quyet_lien_tich",
    "ttlt": "thong_tu_lien_tich",
    "nd": "nghi_dinh",
    "nq": "nghi_quyet",
    "tt": "thong_tu",
    "qd": "quyet_dinh",
}
_TYPE_WORDS = "|".join(t.replace(" ", r"\s+") for t in DOCUMENT_TYPES)
_TYPE = rf"(?P<type>{_TYPE_WORDS})(?![a-z])"
_NO = r"\s*(?:so\s*)?[:.]?\s*"  # "số", "số:", "số." between a type or a name and the number
# A number "serial/year/code": the code is letters joined by hyphens ("nd-cp", "nq-hdtp"), spaces
# allowed around "/" and "-" ("91/2015/ QH13", "NĐ- CP"), the legislature's number glued or, after
# "qh", spaced ("UBTVQH 14"); the year may be missing ("144/TANDTC-PC", "326/UBTVQH").
_NUMBER = (
    r"(?P<serial>\d{1,4})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<code>[a-z]+(?:\s*-\s*[a-z]+)*(?:(?<=qh)\s*\d{1,2}|\d{1,2})?)(?![a-z0-9])"
)
# A date after a reference: "ngày 30/12/2016", "ngày 30-12-2016", "ngày 30 tháng 12 năm 2016".
_DATE = re.compile(
    r"\s*,?\s*ngay\s*:?\s*(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+)(?P<year>(?:19|20)\d{2})"
)
_SELF = re.compile(
    r"(?P<type>bo\s+luat|luat|phap\s+lenh|nghi\s+dinh|nghi\s+quyet|thong\s+tu|quyet\s+dinh|van\s+ban)\s+nay(?![a-z])"
)
_PRECEDENT = re.compile(
    r"an\s*le\s*(?:so\s*)?[:.]?\s*(?P<serial>\d{1,3})\s*/\s*(?P<year>(?:19|20)\d{2})\s*/\s*al(?![a-z])"
)
_TYPED_NUMBER = re.compile(_TYPE + _NO + _NUMBER)
# A type and a bare serial ("Nghị quyết 326 ngày 30/12/2016"): with a date after it, or right after a
# provision ("Điều 1 của Quyết định 2547", "điểm đ khoản 1 Điều 12 của Nghị quyết số 326 nêu trên").
_TYPED_SERIAL = re.compile(_TYPE + _NO + r"(?P<serial>\d{1,4})(?![\d/a-z]|[.,]\d)")
# A type, its issuer, then the number: "Quyết định của Thống đốc Ngân hàng Nhà nước số 127/2005/QĐ-NHNN".
_TYPED_ISSUER_NUMBER = re.compile(_TYPE + r"\s+cua\s+[a-z]+(?:\s+[a-z]+){0,9}?\s+so\s*[:.]?\s*" + _NUMBER)
# A law amending another: "Luật sửa đổi, bổ sung một số điều của Luật Khiếu nại, tố cáo năm 2006".
_AMENDING = re.compile(r"(?:bo\s+)?luat\s+sua\s+doi\W*(?:va\W*)?bo\s+sung\s+mot\s+so\s+dieu\s+cua\s+")
_UNTYPED_NUMBER = re.compile(_NUMBER)
# A year after a name: "năm 2015", "2015", "(2015)", ", năm 2015"; then an amendment note to skip.
_YEAR = re.compile(r"\s*(?:(?P<open>\()\s*)?,?\s*(?:nam\s*)?(?P<year>(?:19|20)\d{2})(?![\d/])(?(open)\s*\))")
_YEAR_WORD = re.compile(r"\s*,?\s*nam(?![a-z])")  # "năm" where a year should follow
_AMENDED = re.compile(
    r"\s*,?\s*(?P<paren>\()?\s*(?:da\s+|duoc\s+)?sua\s+doi\W*(?:va\W*)?bo\s+sung(?:\s+nam\s+(?:19|20)\d{2})?"
    r"(?(paren)[^()]{0,60}\))"
)
_NUMBER_AFTER_NAME = re.compile(_NO + _NUMBER)
# A law that the alias file does not know, named with its year: "Luật Xây dựng năm 2014". Up to eight
# words, no digits or sentence punctuation among them; the first word capitalised in the original.
_GENERIC = re.compile(
    r"(?P<type>bo\s+luat|luat|phap\s+lenh)\s+(?P<name>[a-z]+(?:[ \t\n,]+[a-z]+){0,7}?)"
    r"\s*,?\s*(?:nam\s+)?(?P<year>(?:19|20)\d{2})(?![\d/])"
)
# The number of a normative document carries its year ("63/2024/NĐ-CP"); one without it is an individual
# decision ("1213/QĐ-UBND", "05/QĐ-CCTHA"), not law — unless its type says law and only the year was
# dropped ("Nghị quyết số 326/UBTVQH … ngày 30/12/2016"), or it is an official letter or a directive
# (numbered without a year by rule: "Công văn số 144/TANDTC-PC", "Chỉ thị 15/CT-TTg"). A consolidated text
# is numbered without a year by rule too, and its code says so even with no type before it: "khoản 1 Điều
# 418 01/VBHN-VPQH" (``_bare_number``).
_YEARLESS_TYPES = {
    "nghi_quyet", "nghi_quyet_lien_tich", "nghi_dinh", "thong_tu", "thong_tu_lien_tich", "luat", "bo_luat",
    "phap_lenh", "cong_van", "chi_thi", "van_ban_hop_nhat",
}  # fmt: skip
# Words that cannot open a law's name: "Luật sư" (lawyer), "luật này", "luật và …".
_NOT_A_NAME = {"su", "nay", "va", "cua", "la", "thi", "nen", "do", "quy", "dinh", "phap", "moi", "hien"}


@dataclass(frozen=True)
class DocumentRef:
    """A document named in a text, as written. Offsets are of the working (prepared) text."""

    start: int
    end: int
    doc_type: str | None  # DocumentType value, when the reference says it
    number: str | None  # "91/2015/QH13", or a partial "326", "326/UBTVQH" as written
    year: int | None  # from the number, "năm 2015", or the date after a numberless reference
    name: str | None  # the name as written ("Bộ luật tố tụng dân sự"), normalized spacing
    family: str | None  # key in aliases.yaml when the name or abbreviation is known
    relative: bool = False  # "Luật này": the citing document itself
    precedent: bool = False
    year_lost: bool = False  # "Bộ luật dân sự năm" and no year: the PDF moved or dropped it


class DocumentParser:
    def __init__(self, prepared: Prepared, aliases: Aliases | None = None) -> None:
        self.text = prepared
        self.folded = prepared.folded
        self.aliases = aliases or load_aliases()

    def at(self, pos: int, *, after_provision: bool = False) -> DocumentRef | None:
        """The reference that starts at ``pos``, if one does. ``after_provision``: right after "Điều 5",
        where a type with a bare serial ("Quyết định 2547") and a law's name with a year that the alias
        file does not know ("Luật Xây dựng năm 2014") are taken too."""
        readers = (
            self._this_document,
            self._precedent,
            self._amending_law,
            self._known_name,
            self._typed_number,
            self._typed_serial,
            self._generic_name,
            self._bare_number,
        )
        for reader in readers:
            if (reference := reader(pos, after_provision)) is not None:
                return reference
        return None

    def _this_document(self, pos: int, _after: bool) -> DocumentRef | None:
        match = _SELF.match(self.folded, pos)
        if match is None:
            return None
        return DocumentRef(pos, match.end(), _type(match.group("type")), None, None, None, None, relative=True)

    def _precedent(self, pos: int, _after: bool) -> DocumentRef | None:
        match = _PRECEDENT.match(self.folded, pos)
        if match is None:
            return None
        number = f"{int(match.group('serial')):02d}/{match.group('year')}/AL"
        return DocumentRef(pos, match.end(), "an_le", number, int(match.group("year")), None, None, precedent=True)

    def _amending_law(self, pos: int, _after: bool) -> DocumentRef | None:
        match = _AMENDING.match(self.folded, pos)
        return self._amending(pos, match.end()) if match is not None else None

    def _known_name(self, pos: int, _after: bool) -> DocumentRef | None:
        match = self.aliases.name_pattern.match(self.folded, pos)
        return self._named(pos, match) if match is not None else None

    def _typed_number(self, pos: int, _after: bool) -> DocumentRef | None:
        for pattern in (_TYPED_NUMBER, _TYPED_ISSUER_NUMBER):
            match = pattern.match(self.folded, pos)
            if match is None or not is_legal_code(match.group("code"), typed=True):
                continue
            doc_type = _type(match.group("type"))
            if match.group("year") is None and doc_type not in _YEARLESS_TYPES:
                return None  # "Quyết định số 1213/QĐ-UBND": an individual decision, not law
            return self._numbered(pos, match, doc_type)
        return None

    def _typed_serial(self, pos: int, after: bool) -> DocumentRef | None:
        match = _TYPED_SERIAL.match(self.folded, pos)
        if match is None:
            return None
        date = _DATE.match(self.folded, match.end())
        if date is None and not after:
            return None
        year = int(date.group("year")) if date else None
        end = date.end() if date else match.end()
        return DocumentRef(pos, end, _type(match.group("type")), match.group("serial"), year, None, None)

    def _generic_name(self, pos: int, after: bool) -> DocumentRef | None:
        match = _GENERIC.match(self.folded, pos) if after else None
        return self._generic(pos, match) if match is not None else None

    def _bare_number(self, pos: int, _after: bool) -> DocumentRef | None:
        match = _UNTYPED_NUMBER.match(self.folded, pos)
        if match is None or not is_legal_code(match.group("code"), typed=False):
            return None
        if match.group("year") is None and not is_consolidated_code(match.group("code")):
            return None  # "1213/QĐ-UBND": an individual decision; "01/VBHN-VPQH" is a consolidated text
        return self._numbered(pos, match, None)

    def _named(self, pos: int, match: re.Match[str]) -> DocumentRef:
        return self.named(pos, match.end(), self.aliases.family_of(match.group(0)).key)

    def named(self, pos: int, name_end: int, family_key: str) -> DocumentRef:
        """The reference whose name (known as ``family_key``) spans [pos, name_end), with the year or
        number written after it."""
        family = self.aliases.families[family_key]
        end = name_end
        year = None
        if (y := _YEAR.match(self.folded, end)) is not None:
            year, end = int(y.group("year")), y.end()
        year_lost = year is None and _YEAR_WORD.match(self.folded, end) is not None
        if (amended := _AMENDED.match(self.folded, end)) is not None:
            end = amended.end()
        number = None
        if (n := _NUMBER_AFTER_NAME.match(self.folded, end)) is not None and is_legal_code(n.group("code"), typed=True):
            number = display_number(self.text.unicode[n.start("serial") : n.end("code")])
            year = int(n.group("year")) if n.group("year") else year
            end = n.end()
        name = " ".join(self.text.unicode[pos:name_end].split())
        return DocumentRef(
            pos, end, family.doc_type, number, year, name, family.key, year_lost=year_lost and not number
        )

    def _amending(self, pos: int, base: int) -> DocumentRef | None:
        """ "Luật sửa đổi, bổ sung một số điều của <law> [năm YYYY]": a document of its own, known by
        that whole name (the base law's name must be one the alias file knows, or carry a year)."""
        named = self.aliases.name_pattern.match(self.folded, base)
        if named is not None:
            end = named.end()
        elif (generic := _GENERIC.match(self.folded, base)) is not None:
            end = generic.end("name")
        else:
            return None
        year = None
        if (y := _YEAR.match(self.folded, end)) is not None:
            year, end_with_year = int(y.group("year")), y.end()
        else:
            end_with_year = end
        name = " ".join(self.text.unicode[pos:end].split())
        return DocumentRef(pos, end_with_year, "luat", None, year, name, None)

    def _numbered(self, pos: int, match: re.Match[str], doc_type: str | None) -> DocumentRef:
        number = display_number(self.text.unicode[match.start("serial") : match.end("code")])
        year = int(match.group("year")) if match.group("year") else None
        end = match.end()
        if year is None and (date := _DATE.match(self.folded, end)) is not None:
            year = int(date.group("year"))
        if doc_type is None and number.endswith("/AL"):
            doc_type = "an_le"
        elif doc_type is None and is_consolidated_code(match.group("code")):
            doc_type = "van_ban_hop_nhat"
        return DocumentRef(pos, end, doc_type, number, year, None, None, precedent=doc_type == "an_le")

    def _generic(self, pos: int, match: re.Match[str]) -> DocumentRef | None:
        words = match.group("name").replace(",", " ").split()
        if words[0] in _NOT_A_NAME:
            return None
        first = self.text.unicode[match.start("name")]
        if not first.isupper():
            return None
        name = " ".join(self.text.unicode[pos : match.end("name")].split())
        return DocumentRef(pos, match.end(), _type(match.group("type")), None, int(match.group("year")), name, None)


def _type(words: str) -> str:
    return DOCUMENT_TYPES[" ".join(words.split())]
