"""What a reader hands to the writer: one checked document of one source.

Ranks order the sources. Metadata: the curated catalogue (100) over a gazette page about the document
itself (80), the header of a full text (70), a source's own trailer (30) and a mention in another
document's page (20): a field is set by the highest-ranked source that gives it, and a lower-ranked
source only fills what is empty, so the result does not depend on the order of the imports. Texts: a
full document file (60) over the ALQAC releases, newest first (2025: 50, 2024: 40, 2023: 30, 2022: 20),
over the judgment corpus (10), whose articles lost their titles and many line breaks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

from .parsing.structure import ParsedBody

META_CATALOGUE, META_GAZETTE_PAGE, META_HEADER, META_TRAILER, META_MENTION = 100, 80, 70, 30, 20
TEXT_RANKS = {"text": 60, "docx": 60, "alqac-2025": 50, "alqac-2024": 40, "alqac-2023": 30, "alqac-2022": 20}
TEXT_RANKS["corpus"] = 10


@dataclass
class Meta:
    """Metadata one source gives for a document; empty values say nothing."""

    number: str = ""
    doc_type: str = ""
    title: str = ""
    short_title: str = ""
    issuer: str = ""
    signer: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    aliases: list[str] = field(default_factory=list)
    preamble: str = ""
    closing_text: str = ""

    def given(self) -> dict[str, object]:
        """The fields this source gives (non-empty), by model field name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in ("", None, [])}


@dataclass
class RelationInput:
    """A relation read from a source: this document ``kind`` the other (``outgoing``) or the reverse."""

    kind: str
    other_key: str
    other: Meta
    outgoing: bool = True
    partial: bool = False
    note: str = ""


@dataclass
class DocumentInput:
    source: str  # label: "alqac-2023", "corpus", "gazette", "catalogue", "text", "docx"
    locator: str  # unique for this document in this source: "alqac-2023#91-2015-qh13"
    where: str  # for messages: "law.json: document 13 (Bộ luật dân sự)"
    checksum: str  # of the input this record was read from
    key: str
    metas: list[tuple[int, Meta]]  # (rank, metadata) from each part of the source that gives some
    body: ParsedBody | None = None
    keep_upper: bool = False  # whether the body's Parts/Chapters/Sections are the document's structure
    relations: list[RelationInput] = field(default_factory=list)
    mentioned: list[tuple[str, Meta]] = field(default_factory=list)  # other documents named: (key, meta)
    warnings: list[str] = field(default_factory=list)

    @property
    def meta(self) -> Meta:
        """The highest-ranked metadata (for messages and keys)."""
        return max(self.metas, key=lambda pair: pair[0])[1]

    @property
    def text_rank(self) -> int:
        return TEXT_RANKS.get(self.source, 0)
