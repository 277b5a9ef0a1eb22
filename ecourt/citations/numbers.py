"""Document numbers ("số ký hiệu"): which numbers name legal documents, and one key to compare them by.

A Vietnamese legal document number is ``serial/year/issuer-code``: ``91/2015/QH13`` (a law of the 13th
National Assembly), ``326/2016/UBTVQH14`` (its Standing Committee), ``63/2024/NĐ-CP`` (a Government
decree), ``01/2017/NQ-HĐTP`` (a resolution of the Supreme Court's Judicial Council), ``02/2021/TT-BTP`` (a
circular of the Ministry of Justice), ``58/2023/AL`` (a precedent), ``144/TANDTC-PC`` (an official letter,
no year). Court case documents use the same shape — judgment ``01/2022/LĐ-ST``, acceptance
``03/2021/TLST-LĐ``, decision to try ``02/2022/QĐXX-LĐST`` — and must not be taken for law; the code after
the year tells them apart: a legal document's code starts with the kind of document (QH, UBTVQH, NĐ, NQ,
TT, TTLT, QĐ, CT, PL, L, AL), a court's with a case type or a procedural step.
"""

from __future__ import annotations

import re

from ecourt.vietnamese import fold

# Kinds of legal document that open the code (folded): "nd-cp", "nq-hdtp", "tt-btp", "qd-ttg", "ct-ttg",
# "pl-ubtvqh11", "l-ctn", "nqlt-…", "ttlt-…", and the National Assembly's "qh13", "ubtvqh14".
_LEGAL_KIND = re.compile(r"^(?:(?:ubtv)?qh\d*|nd|nq|nqlt|tt|ttlt|qd|ct|pl|l|al|vbhn)$")
# Codes of court case documents: case types with an instance (DS-ST, DSST, KDTM-PT, HNGĐ-GĐT …), and
# procedural steps (TLST, TLPT, QĐXX…, QĐST, QĐPT, BPKCTT …).
_COURT_SEGMENT = re.compile(
    r"^(?:tl|qdxx|qdst|qdpt|qdgdt|qdtt|qn|adbpkctt|bpkctt|qdadbpkctt)[a-z]*$"
    r"|^(?:ds|hs|hc|kdtm|ld|hngd|dd|kt|tc)?(?:st|pt|gdt)$"
    r"|^(?:ds|hs|hc|kdtm|ld|hngd|kt)$"
    r"|^ta$"  # a local court's own letters and notices ("109/CV-TA", "25/TB-TA"); the Supreme Court is TANDTC
)


def code_segments(code: str) -> list[str]:
    """The folded segments of an issuer code: "NĐ- CP" → ["nd", "cp"]; "UBTVQH 14" → ["ubtvqh14"]."""
    return [part for part in re.split(r"\s*-\s*", fold(code).replace(" ", "")) if part]


def is_court_code(code: str) -> bool:
    segments = code_segments(code)
    if not segments:
        return False
    if segments[0] == "qd" and len(segments) > 1 and _COURT_SEGMENT.match(segments[1]):
        return True
    return any(_COURT_SEGMENT.match(segment) for segment in segments)


def is_legal_code(code: str, *, typed: bool) -> bool:
    """Whether ``code`` can end a legal document's number. Written after a document type ("Công văn số
    144/TANDTC-PC") any code but a court's will do; on its own the code must open with a document kind,
    and "QĐ-", "TT-", "NQ-" must name their issuer."""
    segments = code_segments(code)
    if not segments or is_court_code(code):
        return False
    if typed:
        return True
    if not _LEGAL_KIND.match(segments[0]):
        return False
    return not (segments[0] in ("nd", "nq", "tt", "qd", "ct", "pl", "l", "nqlt", "ttlt") and len(segments) < 2)


def is_consolidated_code(code: str) -> bool:
    """Whether ``code`` is a consolidated text's ("văn bản hợp nhất": "VBHN-VPQH", "VBHN-BTC"): such a
    number has no year by rule ("01/VBHN-VPQH", the consolidated Criminal Code of 2017), the office that
    consolidated it after the hyphen."""
    segments = code_segments(code)
    return len(segments) >= 2 and segments[0] == "vbhn"


_DASHES = re.compile("[\u2010-\u2015\u2212]")


def number_key(number: str) -> str:
    """The comparison key of a number: folded, upper case, no spaces, one kind of dash ("91/2015/ QH13"
    → "91/2015/QH13", "84/2007/NĐ–CP" → "84/2007/ND-CP")."""
    return _DASHES.sub("-", re.sub(r"\s+", "", fold(number))).upper()


def display_number(written: str) -> str:
    """A number as it should be shown: no spaces, upper case, "Ð" (eth) as "Đ", "–" as "-"."""
    return _DASHES.sub("-", re.sub(r"\s+", "", written)).replace("Ð", "Đ").replace("ð", "đ").upper()


def split_number(number: str) -> tuple[str, int | None, str]:
    """``(serial, year, code)`` of a number key: "326/2016/UBTVQH14" → ("326", 2016, "UBTVQH14");
    "326/UBTVQH" → ("326", None, "UBTVQH"); "326" → ("326", None, "")."""
    parts = number_key(number).split("/")
    serial = parts[0]
    if len(parts) >= 3 and parts[1].isdigit():
        return serial, int(parts[1]), "/".join(parts[2:])
    if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 4:
        return serial, int(parts[1]), ""
    return serial, None, "/".join(parts[1:])


def codes_compatible(written: str, known: str) -> bool:
    """Whether a written issuer code can be a mistyped or shortened ``known`` one: "UBTVQH" or "QH14"
    for "UBTVQH14". Letters must be a prefix or suffix of the known letters, digits (the legislature)
    equal when written."""
    if not written:
        return True
    w_letters, k_letters = re.sub(r"\d", "", written), re.sub(r"\d", "", known)
    w_digits, k_digits = re.sub(r"\D", "", written), re.sub(r"\D", "", known)
    if w_digits and w_digits != k_digits:
        return False
    return bool(w_letters) and (k_letters.startswith(w_letters) or k_letters.endswith(w_letters))
