"""Names of laws damaged by OCR or typing ("Bộ luật tố tụng dn sự", "Bộ luật Tog tuung dân sư u",
"Bộ luật tố dụng dân sự"): the known name closest to the words after "Bộ luật"/"Luật"/"Pháp lệnh",
within a small edit distance. Only tried where a document is expected (right after "Điều 5") and the
exact names failed, so its cost does not grow with the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ecourt.citations.aliases import Aliases

_HEAD = re.compile(r"(?P<head>bo\s+luat|luat|phap\s+lenh)\s+")
_WORDS = re.compile(r"[a-z]+(?:[\s,]+[a-z]+){0,9}")
MAX_ERROR_RATE = 0.2  # edits per character of the name after its head word


@dataclass(frozen=True)
class _Candidate:
    family: str
    head: str
    rest: str  # the name after its head word, words separated by one space


@cache
def _candidates(aliases: Aliases) -> tuple[_Candidate, ...]:
    found = []
    for name, family in aliases.by_name.items():
        head = _HEAD.match(name + " ")
        if head is None:
            continue
        rest = name[head.end() :].strip()
        if len(rest) >= 4 and not aliases.families[family].by_domain:
            found.append(_Candidate(family, " ".join(head.group("head").split()), rest))
    return tuple(found)


def fuzzy_name(folded: str, position: int, aliases: Aliases) -> tuple[str, int] | None:
    """``(family key, end)`` of a damaged known name at ``position``, when exactly one name is closest."""
    head = _HEAD.match(folded, position)
    if head is None:
        return None
    words = _WORDS.match(folded, head.end())
    if words is None:
        return None
    window = words.group(0)
    flat = " ".join(window.replace(",", " ").split())
    # where each word of ``flat`` ends in ``folded`` (flat collapses runs of spaces and commas)
    ends = [head.end() + m.end() for m in re.finditer(r"[a-z]+", window)]
    head_words = " ".join(head.group("head").split())
    best: list[tuple[int, int, str]] = []  # (distance, words used, family)
    for candidate in _candidates(aliases):
        if candidate.head != head_words:
            continue
        distance, used = _prefix_distance(candidate.rest, flat)
        if distance <= max(1, int(len(candidate.rest) * MAX_ERROR_RATE)):
            best.append((distance, used, candidate.family))
    if not best:
        return None
    best.sort()
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][2] != best[0][2]:
        return None
    distance, used, family = best[0]
    return family, ends[used - 1]


def _prefix_distance(name: str, text: str) -> tuple[int, int]:
    """The smallest edit distance between ``name`` and a prefix of ``text`` that ends at a word's end,
    and how many words that prefix holds."""
    previous = list(range(len(text) + 1))
    for i, ch in enumerate(name, 1):
        current = [i] + [0] * len(text)
        for j, other in enumerate(text, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != other))
        previous = current
    best = (len(name) + 1, 0)
    words = 0
    for j in range(1, len(text) + 1):
        if j == len(text) or text[j] == " ":
            words += 1
            if previous[j] < best[0]:
                best = (previous[j], words)
    return best
