"""Reads behind the corpus pages: search, a document as of a day with its table of contents and
relations, a provision with its history.

The views only parse the request and render; everything they show is put together here, with a
bounded number of queries whatever the size of the document (the Civil Code has 689 articles).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ecourt.citations.models import CitationLink
from ecourt.citations.rendering import linked_html
from ecourt.citations.selectors import CitedByCounts, CitingText, cited_by, cited_by_counts
from ecourt.search import engine
from ecourt.search.storage import IndexOutdatedError

from .models import (
    DocumentRelation,
    DocumentStatus,
    DocumentType,
    LegalDocument,
    Provision,
    ProvisionKind,
    RelationKind,
)
from .reading import STRUCTURE_KINDS, Node, Period, article_periods, heading, load, marker, on, provision_label
from .selectors import document_end, document_status, documents_amending

PAGE_SIZE = 20
CITING_LIMIT = 20  # citing texts listed on a provision's page, latest first (the counts cover them all)
FACETS = ("doc_type", "issuer", "year", "status")

# What a relation says read from its target's side: "amended by", "replaced by".
PASSIVE: dict[str, Promise] = {
    RelationKind.AMENDS: _("Amended by"),
    RelationKind.SUPPLEMENTS: _("Supplemented by"),
    RelationKind.REPLACES: _("Replaced by"),
    RelationKind.REPEALS: _("Repealed by"),
    RelationKind.GUIDES: _("Guided by"),
    RelationKind.CONSOLIDATES: _("Consolidated by"),
    RelationKind.BASED_ON: _("Basis of"),
    RelationKind.REFERS_TO: _("Referred to by"),
    RelationKind.CORRECTS: _("Corrected by"),
    RelationKind.RENUMBERS: _("Renumbered by"),
}
# The order relation groups are shown in: what changes the law first, mere references last.
RELATION_ORDER = [
    RelationKind.REPLACES,
    RelationKind.REPEALS,
    RelationKind.AMENDS,
    RelationKind.SUPPLEMENTS,
    RelationKind.RENUMBERS,
    RelationKind.CORRECTS,
    RelationKind.CONSOLIDATES,
    RelationKind.GUIDES,
    RelationKind.BASED_ON,
    RelationKind.REFERS_TO,
]


def document_url(document_key: str, day: datetime.date | None = None) -> str:
    url = reverse("laws:document", args=[document_key])
    return f"{url}?date={day.isoformat()}" if day else url


# --- search and browse -------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    results: engine.Results | None
    unavailable: bool = False  # the index must be rebuilt (its declaration changed)


def search_documents(query: str, filters: dict[str, Any], page: int) -> SearchOutcome:
    """The "laws" corpus searched as the page asks; an outdated index is reported, not raised."""
    try:
        results = engine.search(
            "laws",
            query.strip() or "*",
            filters=filters,
            facets=FACETS,
            facet_size=15,
            page=page,
            page_size=PAGE_SIZE,
            highlight_fields=["title", "text"],
            snippet_chars=280,
        )
    except IndexOutdatedError:
        return SearchOutcome(None, unavailable=True)
    return SearchOutcome(results)


def type_label(value: str) -> str:
    try:
        return str(DocumentType(value).label)
    except ValueError:
        return value


def status_label(value: str) -> str:
    try:
        return str(DocumentStatus(value).label)
    except ValueError:
        return value


def documents_with_text() -> QuerySet[LegalDocument]:
    """Documents whose text is here (at least one article), newest first, with their article count."""
    articles = Provision.objects.filter(document=OuterRef("pk"), kind=ProvisionKind.ARTICLE)
    return (
        LegalDocument.objects.filter(Exists(articles))
        .annotate(articles=Count("provisions", filter=Q(provisions__kind=ProvisionKind.ARTICLE)))
        .order_by("-issued_on", "number")
    )


# --- a document as of a day --------------------------------------------------------------------------


@dataclass
class Block:
    """One paragraph of the text: a heading (part, chapter, article) or a clause or point."""

    kind: str
    key: str
    depth: int
    heading: str
    text: str
    url: str  # the provision's own page, as of the same day
    repealed: bool = False
    version_id: int | None = None
    marker: str = ""  # "1." or "a)"; ``text`` is the marker and the version's own text
    own_text: str = ""  # the version's own text as stored: the offsets of its citations point into it
    html: SafeString | None = None  # the text with its citations as links (link_citations)


@dataclass
class TocItem:
    kind: str
    key: str
    depth: int
    label: str
    gist: str  # the first words of an article without a title (ALQAC prints many without), so the entry says something


TOC_GIST_CHARS = 70


def _gist(node: Node) -> str:
    if node.provision.kind != ProvisionKind.ARTICLE or node.title:
        return ""
    first = node.line or next((c.line for c in node.children if c.line), "")
    return first if len(first) <= TOC_GIST_CHARS else first[:TOC_GIST_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass
class RelationRow:
    label: str
    other: LegalDocument
    effective_on: datetime.date | None
    partial: bool
    target_key: str  # the target document's key, for the link to its provision
    target_provision: str  # key of the provision acted on ("" for the whole document)
    source_provision: str

    @property
    def target_label(self) -> str:
        return provision_label(self.target_provision) if self.target_provision else ""


@dataclass
class RelationGroup:
    label: str
    rows: list[RelationRow]


@dataclass
class DocumentPage:
    document: LegalDocument
    day: datetime.date
    status: DocumentStatus
    blocks: list[Block]
    toc: list[TocItem]
    has_structure: bool  # the document has provisions at all (some documents are metadata only)
    first_day: datetime.date | None  # the first day some text of it applies, to offer when none does on ``day``
    relations: list[RelationGroup]
    articles: int
    cited: CitedByCounts


def document_page(document: LegalDocument, day: datetime.date) -> DocumentPage:
    structure = load([document.pk]).get(document.pk)
    nodes = structure.tree(on(day)) if structure else []
    blocks: list[Block] = []
    toc: list[TocItem] = []
    base_url = document_url(document.key)
    for root in nodes:
        for node in root.walk():
            blocks.append(_block(base_url, node, day))
            if node.provision.kind in STRUCTURE_KINDS or node.provision.kind == ProvisionKind.ARTICLE:
                toc.append(TocItem(node.provision.kind, node.provision.key, node.depth, node.heading, _gist(node)))
    link_citations(document, blocks, day)
    first_day = None
    if structure and not blocks:
        starts = [v.valid_from for vs in structure.versions.values() for v in vs if v.valid_from]
        first_day = min(starts) if starts else None
    return DocumentPage(
        document=document,
        day=day,
        status=document_status(document, day),
        blocks=blocks,
        toc=toc,
        has_structure=structure is not None,
        first_day=first_day,
        relations=relation_groups(document),
        articles=sum(1 for b in blocks if b.kind == ProvisionKind.ARTICLE),
        cited=cited_by_counts(document),
    )


def _block(base_url: str, node: Node, day: datetime.date) -> Block:
    """``base_url`` is the document's page: provision pages are below it (keys are ASCII paths, so the
    URL is put together without a ``reverse`` per paragraph, which a 2,500-paragraph code would feel)."""
    kind = node.provision.kind
    return Block(
        kind=kind,
        key=node.provision.key,
        depth=node.depth,
        heading=node.heading,
        text=node.line,
        url=f"{base_url}{node.provision.key}/?date={day.isoformat()}" if kind not in STRUCTURE_KINDS else "",
        repealed=node.repealed,
        version_id=node.version.pk if node.version is not None else None,
        marker=marker(node.provision),
        own_text=node.version.text if node.version is not None else "",
    )


def link_citations(document: LegalDocument, blocks: list[Block], day: datetime.date) -> None:
    """Give each paragraph that cites other provisions its text with the citations as links (one query).

    The citation graph stores each citation's place in the version's own text (without the clause's
    "1." marker), so the marker is put back in front of the linked text.
    """
    wanted = {b.version_id for b in blocks if b.version_id is not None}
    if not wanted:
        return
    by_version: dict[int, list[CitationLink]] = defaultdict(list)
    rows = CitationLink.objects.filter(citing_document=document).select_related("target_document")
    for row in rows.order_by("start"):
        if row.citing_version_id in wanted:
            by_version[row.citing_version_id].append(row)
    for block in blocks:
        citations = by_version.get(block.version_id or 0)
        if not citations:
            continue
        linked = linked_html(block.own_text, citations, day)
        block.html = format_html("{} {}", block.marker, linked) if block.marker else linked


def relation_groups(document: LegalDocument) -> list[RelationGroup]:
    """What the document does to others ("Amends …") and what others do to it ("Amended by …"), grouped
    by kind in a fixed order, each group in the order the relations take effect (two queries)."""
    related = ("source", "target", "source_provision", "target_provision")
    outgoing = DocumentRelation.objects.filter(source=document).select_related(*related)
    incoming = DocumentRelation.objects.filter(target=document).select_related(*related)
    groups: dict[tuple[int, int], RelationGroup] = {}
    for direction, rows in ((0, incoming), (1, outgoing)):
        for relation in rows.order_by("effective_on", "id"):
            kind = RelationKind(relation.kind)
            label = str(PASSIVE[kind]) if direction == 0 else str(kind.label)
            group = groups.setdefault((direction, RELATION_ORDER.index(kind)), RelationGroup(label, []))
            other = relation.source if direction == 0 else relation.target
            group.rows.append(
                RelationRow(
                    label,
                    other,
                    relation.effective_on,
                    relation.partial,
                    relation.target.key,
                    relation.target_provision.key if relation.target_provision else "",
                    relation.source_provision.key if relation.source_provision else "",
                )
            )
    return [groups[k] for k in sorted(groups)]


# --- a provision as of a day, and its history -----------------------------------------------------------


@dataclass
class HistoryEntry:
    period: Period
    introduced_by: list[LegalDocument]
    diff: SafeString | None  # against the previous period's text
    current: bool  # the period that covers the page's day


@dataclass
class ProvisionPage:
    document: LegalDocument
    provision: Provision
    day: datetime.date
    heading: str
    blocks: list[Block]  # the text on ``day``, empty when not in force
    absence: str  # why there is no text on ``day``
    history: list[HistoryEntry]
    amending: list[LegalDocument]
    ancestors: list[Crumb]
    cited: CitedByCounts
    citing: list[CitingText]

    @property
    def label(self) -> str:
        return provision_label(self.provision.key)


@dataclass(frozen=True)
class Crumb:
    kind: str
    key: str
    label: str


def find_provision_by_key(document: LegalDocument, key: str) -> Provision | None:
    return Provision.objects.filter(document=document, key=key.strip("/")).first()


def provision_page(document: LegalDocument, provision: Provision, day: datetime.date) -> ProvisionPage:
    structure = load([document.pk], under=provision.key)[document.pk]
    nodes = structure.tree(on(day), keep_repealed=True)
    top = next((n for n in nodes if n.provision.pk == provision.pk), None)
    ended = document_end(document)
    periods = article_periods(structure, provision, repealed=True, until=ended)
    blocks: list[Block] = []
    absence = ""
    if ended is not None and day >= ended:
        absence = str(_("The document was no longer in force on this day (from %(day)s).")) % {
            "day": ended.strftime("%d/%m/%Y")
        }
    elif top is None or top.repealed:
        absence = _absence(periods, day)
    else:
        base_url = document_url(document.key)
        blocks = [_block(base_url, n, day) for n in _walk_in_force(top)]
        link_citations(document, blocks, day)
    by_id = _documents({i for p in periods for i in p.introduced_by_ids})
    history: list[HistoryEntry] = []
    previous: str | None = None
    for period in periods:
        diff = word_diff(previous, period.text) if history else None
        covering = (period.start is None or period.start <= day) and (period.end is None or day < period.end)
        history.append(HistoryEntry(period, [by_id[i] for i in period.introduced_by_ids], diff, covering))
        previous = period.text
    heading = top.heading if top is not None else _plain_heading(provision)
    return ProvisionPage(
        document=document,
        provision=provision,
        day=day,
        heading=heading,
        blocks=blocks,
        absence=absence,
        history=history,
        amending=documents_amending(provision),
        ancestors=ancestors(provision),
        cited=cited_by_counts(provision),
        citing=cited_by(provision, limit=CITING_LIMIT),
    )


def _walk_in_force(node: Node) -> list[Node]:
    out: list[Node] = []
    if node.repealed:
        return out
    out.append(node)
    for child in node.children:
        out.extend(_walk_in_force(child))
    return out


def _absence(periods: list[Period], day: datetime.date) -> str:
    covering = [p for p in periods if (p.start is None or p.start <= day) and (p.end is None or day < p.end)]
    if covering and covering[0].repealed:
        return str(_("This provision was repealed on this day."))
    if periods and periods[0].start and day < periods[0].start:
        return str(_("This provision was not yet in force on this day."))
    return str(_("This provision was no longer part of the text on this day."))


def _plain_heading(provision: Provision) -> str:
    return heading(provision, provision.title) or marker(provision)


def _documents(ids: set[int]) -> dict[int, LegalDocument]:
    return {d.pk: d for d in LegalDocument.objects.filter(pk__in=ids)} if ids else {}


def ancestors(provision: Provision) -> list[Crumb]:
    """The chapters, sections and articles above the provision, outermost first (one query)."""
    chain: list[Crumb] = []
    depth_limit = 6  # part > chapter > section > subsection > article > clause
    related = "__".join(["parent"] * depth_limit)
    row = Provision.objects.select_related(related).get(pk=provision.pk) if provision.parent_id else provision
    current = row.parent if provision.parent_id else None
    while current is not None and len(chain) < depth_limit:
        structural = current.kind in STRUCTURE_KINDS
        label = provision_label(current.key.rsplit("/", 1)[-1] if structural else current.key)
        chain.append(Crumb(current.kind, current.key, label))
        current = current.parent
    return list(reversed(chain))


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str | None, new: str | None) -> SafeString:
    """The change from ``old`` to ``new`` word by word: removed words in <del>, added in <ins>."""
    if old is None or new is None:
        return escape(new or "")
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
