"""The reviewer page's two panes cut into runs: plain text, a replacement, or a span kept by an undo."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ecourt.anonymization.models import ReplacementKind
from ecourt.anonymization.services import Anonymized, Kept, Replacement

KIND_LABELS = dict(ReplacementKind.choices)


@dataclass(frozen=True)
class Run:
    text: str  # the original text of the run
    replacement: Replacement | None = None
    kept: Kept | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.replacement.kind, "")) if self.replacement else ""

    @property
    def undo_vals(self) -> str:
        """The HTMX values of the "keep as written" button of a replacement."""
        return json.dumps({"action": "undo", "original": self.text}, ensure_ascii=False)


def runs(text: str, result: Anonymized) -> list[Run]:
    marks: list[tuple[int, int, Replacement | None, Kept | None]] = [
        *((r.start, r.end, r, None) for r in result.replacements),
        *((k.start, k.end, None, k) for k in result.kept),
    ]
    out: list[Run] = []
    cursor = 0
    for start, end, replacement, kept in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < cursor:
            continue  # two undone strings overlapping: the first one shown
        if start > cursor:
            out.append(Run(text[cursor:start]))
        out.append(Run(text[start:end], replacement, kept))
        cursor = end
    if cursor < len(text):
        out.append(Run(text[cursor:]))
    return out
