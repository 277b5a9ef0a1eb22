"""Vietnamese text normalization used wherever text is compared, indexed or searched.

Vietnamese arrives in two Unicode forms (NFC, NFD) and with two placements of the tone mark in open
syllables ending in "oa", "oe", "uy" ("hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ"). ``normalize``
returns NFC text with the classic placement that official documents use ("Cộng hòa", "Khánh Hòa").
``fold`` strips every diacritic (đ becomes d) and lowercases, for diacritic-insensitive keys.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Vowel letters after their tone is removed (NFC, lower case).
_VOWELS = set("aăâeêioôơuưy")
# Vowels that carry a shape mark; the tone always goes on them.
_MARKED = set("ăâêôơư")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _place_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word  # no tone, or not a single Vietnamese syllable: leave it alone
    tone = tones[0]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    lower = bare.lower()

    # Start of the vowel nucleus: "qu" and "gi" before another vowel belong to the initial consonant.
    start = 0
    while start < len(lower) and lower[start] not in _VOWELS:
        start += 1
    if start == len(lower):
        return word
    after_q = lower[start] == "u" and start > 0 and lower[start - 1] == "q"
    after_g = (
        lower[start] == "i"
        and start > 0
        and lower[start - 1] == "g"
        and start + 1 < len(lower)
        and lower[start + 1] in _VOWELS
    )
    if after_q or after_g:
        start += 1
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    if end == start:
        return word
    nucleus = range(start, end)
    has_final = end < len(lower)

    marked = [i for i in nucleus if lower[i] in _MARKED]
    if marked:
        target = marked[-1]  # "ươ": the tone sits on ơ
    elif len(nucleus) == 1:
        target = start
    elif has_final:
        target = end - 1  # "hoàng", "toán": on the last vowel
    elif len(nucleus) == 2:
        target = start  # classic placement: "hòa", "thủy", "mía", "của"
    else:
        target = start + 1  # "ngoài", "khuỷu": on the middle vowel

    out = bare[:target] + unicodedata.normalize("NFC", bare[target] + tone) + bare[target + 1 :]
    return unicodedata.normalize("NFC", out)


def normalize(text: str) -> str:
    """NFC text with one tone-mark placement, safe to compare, index and search."""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda m: _place_tone(m.group(0)), text)


def fold(text: str) -> str:
    """Lower-case text without diacritics ("Đống Đa" → "dong da"), for insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def same_text(a: str, b: str) -> bool:
    """Whether two strings are the same text once normalized (case kept)."""
    return normalize(a) == normalize(b)
