"""Vietnamese normalization that keeps a map back to the original offsets.

Matching runs on ``ecourt.vietnamese.normalize`` text (NFC, one tone placement), but every replacement
must index the text as it arrived (NFD input, "hoà"/"hòa"). ``NormalizedText`` groups each base character
with the combining marks after it, composes each group to NFC, moves tone marks, and remembers where each
normalized character came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ecourt import vietnamese


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    positions: tuple[int, ...]  # positions[i]: original offset of normalized char i; last = len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalized slice [start, end)."""
        return self.positions[start], self.positions[end]


def normalized(original: str) -> NormalizedText:
    clusters: list[str] = []
    starts: list[int] = []
    for index, ch in enumerate(original):
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
            starts.append(index)
    composed: list[str] = []
    positions: list[int] = []
    for cluster, start in zip(clusters, starts, strict=True):
        nfc = unicodedata.normalize("NFC", cluster)
        composed.append(nfc)
        # A cluster that does not compose to one character maps every piece to its start.
        positions.extend([start] * len(nfc))
    joined = "".join(composed)
    text = vietnamese.normalize(joined)
    if len(text) != len(joined):
        # Tone placement changes lengths only for odd non-Vietnamese clusters: keep plain NFC there.
        text = joined
    positions.append(len(original))
    return NormalizedText(original=original, text=text, positions=tuple(positions))
