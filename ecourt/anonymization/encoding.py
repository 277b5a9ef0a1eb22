"""How names are encoded under Resolution 03/2017/NQ-HĐTP (PRODUCT.md §4.3).

A person keeps the family and middle names and the given name becomes its first letter ("Nguyễn Văn An"
→ "Nguyễn Văn A"); an organisation keeps its legal form and its name becomes initials ("Công ty TNHH Hải
Bình" → "Công ty TNHH HB"); a place below the province becomes initials ("phường Tân Lập" → "phường TL").
"""

from __future__ import annotations

from ecourt import vietnamese


def initial(word: str) -> str:
    """The first letter, upper case, with its diacritics ("Đức" → "Đ", "ánh" → "Á")."""
    return word[:1].upper()


def initials(words: list[str]) -> str:
    return "".join(initial(w) for w in words if w)


# Initial consonant clusters some courts keep as the "initial" ("Phạm Văn Th"): never a whole syllable.
DIGRAPHS = {"Ch", "Gh", "Kh", "Ng", "Ngh", "Nh", "Ph", "Th", "Tr"}


def is_encoded(word: str) -> bool:
    """Already an initial as the courts write them: "T", "T1", "HB", "Th"."""
    letters = word.rstrip("0123456789")
    return bool(letters) and ((letters.isupper() and len(letters) <= 3) or letters in DIGRAPHS)


def person_base(syllables: list[str]) -> str:
    """ "Nguyễn Văn An" → "Nguyễn Văn A" (before any collision number)."""
    *kept, given = syllables
    code = given if is_encoded(given) else initial(given)
    return " ".join([*kept, code])


def identity_key(syllables: list[str]) -> str:
    """Which person a name denotes: the same words whatever their case, form and tone placement."""
    return vietnamese.normalize(" ".join(syllables)).casefold()
