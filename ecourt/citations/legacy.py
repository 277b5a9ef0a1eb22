"""Repair of Vietnamese text that a PDF extractor copied in a legacy 8-bit font encoding.

Judgments typed in the 1990s–2000s fonts (".VnTime" = TCVN3/ABC, "VNI-Times" = VNI) come out of PDF
extraction as Latin-1 look-alikes: "§iÒu 357 Bé luËt" (TCVN3 for "Điều 357 Bộ luật") or "Ñieàu 26"
(VNI for "Điều 26"), often mixed with Unicode text on the same line. Both encodings reuse Latin-1 letters
that are also ordinary Vietnamese letters in Unicode ("é", "ô", "à"), so a word is decoded only when the
result is a Vietnamese syllable and its nearest unambiguous neighbour on the line is legacy too.

``decode_line_words(line)`` yields ``(start, end, unicode_text)`` for the words of a line to replace.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

# TCVN3 (TCVN 5712:1993, ".VnTime"): one byte per precomposed letter. Capitals with a tone share the
# lower-case codes (capital fonts such as ".VnTimeH" draw them large), so they decode to lower case.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ ­ư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}

# VNI ("VNI-Times"): an ASCII base letter followed by a mark character; a few letters stand alone.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_MARKS_LOWER = {
    "ù": _ACUTE,
    "ø": _GRAVE,
    "û": _HOOK,
    "õ": _TILDE,
    "ï": _DOT,
    "â": _CIRC,
    "á": _CIRC + _ACUTE,
    "à": _CIRC + _GRAVE,
    "å": _CIRC + _HOOK,
    "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT,
    "ê": _BREVE,
    "é": _BREVE + _ACUTE,
    "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
VNI_MARKS = {**_VNI_MARKS_LOWER, **{k.upper(): v for k, v in _VNI_MARKS_LOWER.items()}}
_VNI_ALONE_LOWER = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ"}
VNI_ALONE = {**_VNI_ALONE_LOWER, **{k.upper(): v.upper() for k, v in _VNI_ALONE_LOWER.items()}}
# Marks go on a vowel: a breve only on "a", a circumflex only on "a", "e", "o" ("aâ" = â, "eâ" = ê).
_VNI_BASES = set("aeiouyAEIOUYơưƠƯ")

# Letters that Unicode Vietnamese writes with Latin-1 characters; the rest of TCVN3's and VNI's codes
# never occur in Unicode Vietnamese and so mark a word as legacy for certain.
_UNICODE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
LEGACY_ONLY = (set(TCVN3) | set(VNI_MARKS) | set(VNI_ALONE)) - _UNICODE_LATIN1
# A word: letters (any script), plus the TCVN3 symbol codes that stand for letters (§ ¸ µ © …).
_LEGACY_SYMBOLS = "".join(sorted(ch for ch in TCVN3 if not ch.isalpha()))
WORD = re.compile(rf"(?:[^\W\d_]|[{re.escape(_LEGACY_SYMBOLS)}])+")
LEGACY_SIGNAL = re.compile(f"[{re.escape(''.join(sorted(LEGACY_ONLY)))}]")

# A Vietnamese syllable: onset, vowel nucleus, final consonant. Nuclei that end in a glide ("ai", "âu",
# "ươi" …) and the open diphthongs ("ia", "ua", "ưa") take no final; "ă", "â", "iê", "uô", "ươ" need one.
_NO_FINAL = "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu uôi ươi ươu oai oay oeo uây uya uyu"
_NEED_FINAL = "ă â iê yê uô ươ uyê oă uâ"
_FREE = "a e ê i o ô ơ u ư y oa oe uê uy uơ oo"
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_FINAL = r"(?:ng|nh|ch|[cmnpt])"


def _alternatives(nuclei: str) -> str:
    return "|".join(sorted(nuclei.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"{_ONSET}(?:(?:{_alternatives(_NO_FINAL)})|(?:{_alternatives(_NEED_FINAL)}){_FINAL}"
    rf"|(?:{_alternatives(_FREE)}){_FINAL}?)"
)
_STOP_FINAL = re.compile(r"(?:c|ch|p|t)$")
_TONES = {_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT}


@lru_cache(maxsize=1 << 16)  # pure, and words repeat: an old judgment is thousands of the same syllables
def is_syllable(word: str) -> bool:
    """Whether ``word`` (Unicode) is a well-formed Vietnamese syllable with at most one tone mark.

    A syllable closed by a stop (c, ch, p, t) carries the acute or the dot below ("các", "việc").
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if _SYLLABLE.fullmatch(bare) is None:
        return False
    return not (_STOP_FINAL.search(bare) and tones[:1] not in ([_ACUTE], [_DOT]))


@lru_cache(maxsize=1 << 16)
def decode_tcvn3(word: str) -> str:
    return "".join(TCVN3.get(ch, ch) for ch in word)


@lru_cache(maxsize=1 << 16)
def decode_vni(word: str) -> str:
    out: list[str] = []
    for ch in word:
        mark = VNI_MARKS.get(ch)
        if mark is not None and out and out[-1][-1] in _VNI_BASES:
            out[-1] = unicodedata.normalize("NFC", out[-1] + mark)
        else:
            out.append(VNI_ALONE.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def _is_unicode_word(word: str) -> bool:
    """Certainly Unicode: it holds a letter beyond Latin-1 (ạ, ơ, đ …), which no legacy code produces."""
    return any(ord(ch) > 0xFF and ch.isalpha() for ch in word)


_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}


def text_encoding(lines: list[str]) -> str:
    """The legacy encoding of a whole text: the one that reads more of its certainly-legacy words as
    syllables (TCVN3 on a tie, the more common of the two). Lines decide for themselves, then fall
    back on this when their own words do not tell."""
    return _majority(word for line in lines for word in WORD.findall(line)) or "tcvn3"


def _majority(words: Iterable[str]) -> str | None:
    tcvn3 = vni = 0
    for word in words:
        if len(word) > 1 and LEGACY_SIGNAL.search(word) and not _is_unicode_word(word):
            tcvn3 += is_syllable(decode_tcvn3(word))
            vni += is_syllable(decode_vni(word))
    if tcvn3 == vni:
        return None
    return "vni" if vni > tcvn3 else "tcvn3"


def decode_line_words(line: str, default: str = "tcvn3") -> Iterator[tuple[int, int, str]]:
    """Words of ``line`` written in a legacy encoding, as ``(start, end, unicode)``.

    The line's encoding is the one that reads more of its certainly-legacy words (``default`` on a
    tie). Each word is then classified: legacy for certain (a code no Unicode word uses, or a word that
    is no syllable as written but is one decoded), Unicode for certain (a letter beyond Latin-1),
    ambiguous (a syllable both ways: "tè" is "tố" in TCVN3), or neutral (ASCII, a lone symbol such as
    "½"). An ambiguous word follows its nearest certain neighbour on the line and stays as written when
    the two nearest disagree. VNI's "ñ" left inside an otherwise Unicode word ("ñịnh") is "đ".
    """
    words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(line)]
    # punctuation splits the line into phrases; a neighbour in the same phrase counts first
    stops = [m.start() for m in _PUNCTUATION.finditer(line)]
    segments = [bisect_left(stops, start) for start, _, _ in words]
    encoding = _majority(word for _, _, word in words) or default
    other = "vni" if encoding == "tcvn3" else "tcvn3"
    kinds: list[str] = []  # "legacy", "unicode", "ambiguous", "neutral"
    readings: list[str | None] = []
    for _, _, word in words:
        if word.isascii() or len(word) == 1 or _is_unicode_word(word):
            kinds.append("unicode" if _is_unicode_word(word) else "neutral")
            readings.append(None)
            continue
        certain = LEGACY_SIGNAL.search(word) is not None or not is_syllable(word)
        reading = _DECODERS[encoding](word)
        if not is_syllable(reading) and certain and is_syllable(_DECODERS[other](word)):
            reading = _DECODERS[other](word)
        valid = reading != word and is_syllable(reading)
        readings.append(reading if valid else None)
        if LEGACY_SIGNAL.search(word):
            kinds.append("legacy")
        elif not valid:
            kinds.append("unicode")
        else:
            kinds.append("legacy" if certain else "ambiguous")
    settled = _settle(kinds, segments)
    for index, (start, end, word) in enumerate(words):
        kind = settled[index]
        decoded = readings[index]
        if kind == "legacy" and decoded is not None:
            yield start, end, decoded
        elif kind == "legacy":
            # no reading is a syllable (OCR damage on top): decode code by code all the same
            yield start, end, _DECODERS[encoding](word)
        elif kind == "unicode" and ("ñ" in word or "Ñ" in word):
            yield start, end, word.replace("ñ", "đ").replace("Ñ", "Đ")


_PUNCTUATION = re.compile(r"[;,.:()]")


def _settle(kinds: list[str], segments: list[int]) -> list[str]:
    """Each ambiguous word takes the kind ("legacy" or "unicode") of its nearest certain neighbour in
    its own phrase, else on the whole line; "unicode" when the two nearest disagree or there are none.
    Two linear passes (a line of an old judgment can hold thousands of words)."""
    count = len(kinds)
    left: list[int | None] = [None] * count  # index of the nearest certain word before
    right: list[int | None] = [None] * count  # … and after
    last: int | None = None
    for i in range(count):
        left[i] = last
        if kinds[i] in ("legacy", "unicode"):
            last = i
    last = None
    for i in range(count - 1, -1, -1):
        right[i] = last
        if kinds[i] in ("legacy", "unicode"):
            last = i
    settled = list(kinds)
    for i, kind in enumerate(kinds):
        if kind != "ambiguous":
            continue
        before, after = left[i], right[i]
        in_phrase = [j for j in (before, after) if j is not None and segments[j] == segments[i]]
        settled[i] = _nearest(kinds, i, in_phrase or [j for j in (before, after) if j is not None])
    return settled


def _nearest(kinds: list[str], index: int, candidates: list[int]) -> str:
    if not candidates:
        return "unicode"
    distance = min(abs(j - index) for j in candidates)
    found = {kinds[j] for j in candidates if abs(j - index) == distance}
    return "legacy" if found == {"legacy"} else "unicode"
