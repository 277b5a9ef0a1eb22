"""How a checked draft is shown: its text cut into plain runs and highlighted citations, and links.

A chain like "Điều 26, 35 và 39 BLTTDS" is one passage of the text but three citations (three
verdicts). The passage is one highlight, coloured by its most serious verdict; inside it each cited
number (the citation's ``anchor``) is marked with its own verdict and numbered, so the list of verdicts
below says which is which. Colour is never the only sign: every highlight carries its verdict in
words (a symbol and a label read out by screen readers), and its number links to the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from .verification import SEVERITY, Verdict

SYMBOLS = {
    "valid": "✓",
    "not_found": "✗",
    "amended": "✎",
    "replaced": "⇄",
    "repealed": "⊘",
    "expired": "⌛",
    "not_yet_in_force": "◷",
    "renumbered": "#",
    "unverified": "?",
    "internal": "↺",
}


@dataclass
class Piece:
    text: str
    verdict: Verdict | None = None  # a cited number or letter
    number: int = 0  # its place in the list of verdicts, from 1


@dataclass
class Run:
    """Plain text (``code`` empty) or one highlighted passage made of pieces."""

    code: str = ""
    pieces: list[Piece] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.code, "")


def runs(text: str, verdicts: list[Verdict]) -> list[Run]:
    """The draft's text in order, every citation passage highlighted (passages never overlap)."""
    groups: dict[tuple[int, int], list[tuple[int, Verdict]]] = {}
    for number, verdict in enumerate(verdicts, 1):
        groups.setdefault((verdict.start, verdict.end), []).append((number, verdict))
    out: list[Run] = []
    at = 0
    for (start, end), members in sorted(groups.items()):
        if start < at:  # a passage inside one already shown (not produced by the extractor): skip
            continue
        if start > at:
            out.append(Run(pieces=[Piece(text[at:start])]))
        code = min((v.code for _, v in members), key=SEVERITY.index)
        run = Run(code=code, numbers=[n for n, _ in members])
        run.labels = list(dict.fromkeys(v.label for _, v in members))
        inner = at = start
        anchors = sorted(
            ((v.anchor[0], v.anchor[1], n, v) for n, v in members if start <= v.anchor[0] < v.anchor[1] <= end),
            key=lambda a: a[0],
        )
        if len(members) == 1 or not anchors:
            run.pieces.append(Piece(text[start:end], members[0][1], members[0][0]))
        else:
            for a_start, a_end, number, verdict in anchors:
                if a_start < inner:
                    continue
                if a_start > inner:
                    run.pieces.append(Piece(text[inner:a_start]))
                run.pieces.append(Piece(text[a_start:a_end], verdict, number))
                inner = a_end
            if inner < end:
                run.pieces.append(Piece(text[inner:end]))
        out.append(run)
        at = end
    if at < len(text):
        out.append(Run(pieces=[Piece(text[at:])]))
    return out


def provision_url(document_key: str | None, provision_key: str | None) -> str | None:
    """The corpus page of a document or provision, when the laws pages are installed."""
    if not document_key:
        return None
    try:
        if document_key.endswith("-al") and not provision_key:
            # a precedent (08-2016-al): its page among the precedents (the verdicts of ``verification``)
            return reverse("precedents:detail", args=[document_key])
        if provision_key:
            return reverse("laws:provision", args=[document_key, provision_key])
        return reverse("laws:document", args=[document_key])
    except NoReverseMatch:
        return None
