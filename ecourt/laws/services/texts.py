"""Writing a document's text: its structure, each article's readings, and the original versions.

Every article read from a source becomes (or joins) an ``ArticleReading``; the article and its
clauses and points get their original versions (introduced by the document itself, from the day it
enters into force) from the preferred reading, the one of the highest-ranked source. A second source
with the same text only adds its name to the reading and to the versions' sources. Versions that
amendments introduced are never touched here.

Everything is written in bulk (a few queries per table and document), since the largest codes have
thousands of provisions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..inputs import TEXT_RANKS
from ..models import ArticleReading, DocumentRelation, LegalDocument, Provision, ProvisionVersion
from ..parsing.cleaning import checksum, comparison_key
from ..parsing.numbering import point_rank, roman_to_int, split_number
from ..parsing.structure import ARTICLE, CLAUSE, POINT, UPPER_KINDS, Line, Node, ParsedBody, parse_body

_BATCH = 1000


@dataclass
class TextCounts:
    provisions_created: int = 0
    provisions_updated: int = 0
    provisions_removed: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    readings_created: int = 0
    readings_updated: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    @property
    def changed(self) -> bool:
        return any(self.__dict__.values())


def render_article(node: Node) -> str:
    """The article as one text: "Điều N. Title", its lead-in, then "1. …", "a) …" (what is compared
    between sources and kept as a reading)."""
    lines = [f"Điều {node.number}. {node.title}".rstrip() if node.title else f"Điều {node.number}."]
    lines += node.lines
    for child in node.children:
        lines += _render(child)
    return "\n".join(lines)


def _render(node: Node) -> list[str]:
    marker = f"{node.number}." if node.kind == CLAUSE else f"{node.number})"
    first = f"{marker} {node.lines[0]}" if node.lines else marker
    return [first, *node.lines[1:]] + [line for child in node.children for line in _render(child)]


def parse_reading(text: str, where: str) -> Node:
    """An article back from its reading (the inverse of ``render_article``)."""
    first, *rest = text.split("\n")
    heading = first.removeprefix("Điều ").split(".", 1)
    number, title = heading[0].strip(), heading[1].strip() if len(heading) > 1 else ""
    lines = [Line(rest[0] if rest else "", where, article=(number, title))] + [Line(t, where) for t in rest[1:]]
    body = parse_body(lines, keep_upper=False, embedded_articles=False)
    return body.articles()[0]


@dataclass
class _State:
    document: LegalDocument
    provisions: dict[str, Provision]
    originals: dict[int, ProvisionVersion]
    readings: dict[int, list[ArticleReading]]
    counts: TextCounts = field(default_factory=TextCounts)
    touched_provisions: set[int] = field(default_factory=set)


def _load(document: LegalDocument) -> _State:
    provisions = {p.key: p for p in Provision.objects.filter(document=document)}
    originals: dict[int, ProvisionVersion] = {}
    for version in ProvisionVersion.objects.filter(provision__document=document, introduced_by=document).order_by(
        "provision_id", "valid_from"
    ):
        originals.setdefault(version.provision_id, version)
    readings: dict[int, list[ArticleReading]] = defaultdict(list)
    for reading in ArticleReading.objects.filter(provision__document=document):
        readings[reading.provision_id].append(reading)
    return _State(document, provisions, originals, readings)


def write_text(document: LegalDocument, body: ParsedBody, *, source: str, rank: int, keep_upper: bool) -> TextCounts:
    """Make the database hold ``body`` as ``source``'s text of ``document`` (idempotent)."""
    state = _load(document)
    if keep_upper:
        _write_upper(state, body, source)
    for article in body.articles():
        parent_key = _upper_parent_key(body, article) if keep_upper else None
        _write_article(state, article, source=source, rank=rank, parent_key=parent_key)
    _renumber(document)
    return state.counts


def _upper_parent_key(body: ParsedBody, article: Node) -> str | None:
    def find(nodes: list[Node], parent: Node | None) -> Node | bool | None:
        for node in nodes:
            if node is article:
                return parent if parent is not None else True
            if node.kind in UPPER_KINDS:
                found = find(node.children, node)
                if found is not None:
                    return found
        return None

    found = find(body.nodes, None)
    return found.key if isinstance(found, Node) else None


def _write_upper(state: _State, body: ParsedBody, source: str) -> None:
    def visit(nodes: list[Node], parent: Node | None) -> None:
        for node in nodes:
            if node.kind not in UPPER_KINDS:
                continue
            provision = _ensure_provision(state, node, parent.key if parent else None)
            _ensure_original(state, provision, node, [source])
            visit(node.children, node)

    visit(body.nodes, None)


def _write_article(state: _State, article: Node, *, source: str, rank: int, parent_key: str | None) -> None:
    text = render_article(article)
    digest = checksum(comparison_key(text))
    provision = _ensure_provision(state, article, parent_key, move=parent_key is not None)
    readings = state.readings[provision.pk]
    mine = next((r for r in readings if r.checksum == digest), None)
    for reading in readings:
        if reading is not mine and source in reading.sources:
            reading.sources = [s for s in reading.sources if s != source]
            _save_reading(state, reading)
    if mine is None:
        first = not any(r.sources for r in readings)
        mine = ArticleReading.objects.create(
            provision=provision, text=text, checksum=digest, sources=[source], rank=rank, preferred=first
        )
        readings.append(mine)
        state.counts.readings_created += 1
    elif source not in mine.sources:
        mine.sources = sorted({*mine.sources, source})
        mine.rank = max(mine.rank, rank)
        _save_reading(state, mine)
    live = [r for r in readings if r.sources]
    preferred = max(live, key=lambda r: (r.rank, r.checksum))
    for reading in live:
        if reading.preferred != (reading is preferred):
            reading.preferred = reading is preferred
            _save_reading(state, reading)
    state.readings[provision.pk] = live
    node = article if preferred is mine else parse_reading(preferred.text, article.where)
    if provision.text_checksum != preferred.checksum or _sources_changed(state, provision, preferred):
        _build_subtree(state, provision, node, preferred.sources)
        provision.text_checksum = preferred.checksum
        provision.save(update_fields=["text_checksum"])


def _sources_changed(state: _State, provision: Provision, preferred: ArticleReading) -> bool:
    original = state.originals.get(provision.pk)
    return original is None or original.sources != preferred.sources


def _save_reading(state: _State, reading: ArticleReading) -> None:
    if not reading.sources:
        reading.delete()
        return
    reading.rank = max(TEXT_RANKS.get(s, 0) for s in reading.sources)
    reading.save(update_fields=["sources", "rank", "preferred"])
    state.counts.readings_updated += 1


def _ensure_provision(state: _State, node: Node, parent_key: str | None, *, move: bool = True) -> Provision:
    provision = state.provisions.get(node.key)
    parent = state.provisions.get(parent_key) if parent_key else None
    if provision is None:
        provision = Provision.objects.create(
            document=state.document,
            parent=parent,
            kind=node.kind,
            number=node.number,
            key=node.key,
            title=node.title[:600],
            position=0,
        )
        state.provisions[node.key] = provision
        state.counts.provisions_created += 1
        return provision
    changed = []
    if provision.title != node.title[:600] and (node.title or node.kind not in (ARTICLE, *UPPER_KINDS)):
        provision.title = node.title[:600]
        changed.append("title")
    if move and provision.parent_id != (parent.pk if parent else None) and node.kind in (ARTICLE, *UPPER_KINDS):
        provision.parent = parent
        changed.append("parent")
    if changed:
        provision.save(update_fields=changed)
        state.counts.provisions_updated += 1
    return provision


def _ensure_original(state: _State, provision: Provision, node: Node, sources: list[str]) -> None:
    version = state.originals.get(provision.pk)
    if version is None:
        version = ProvisionVersion.objects.create(
            provision=provision,
            text=node.text,
            title=node.title[:600],
            valid_from=state.document.effective_from,
            introduced_by=state.document,
            sources=list(sources),
        )
        state.originals[provision.pk] = version
        state.counts.versions_created += 1
        return
    if (version.text, version.title, version.sources) != (node.text, node.title[:600], list(sources)):
        version.text, version.title, version.sources = node.text, node.title[:600], list(sources)
        version.save(update_fields=["text", "title", "sources"])
        state.counts.versions_updated += 1


def _build_subtree(state: _State, article: Provision, node: Node, sources: list[str]) -> None:
    wanted: set[str] = set()

    def visit(current: Node, parent_key: str | None) -> None:
        wanted.add(current.key)
        provision = article if current is node else _ensure_provision(state, current, parent_key)
        if current is node and (article.title != node.title[:600]):
            article.title = node.title[:600]
            article.save(update_fields=["title"])
            state.counts.provisions_updated += 1
        _ensure_original(state, provision, current, sources)
        for child in current.children:
            visit(child, current.key)

    visit(node, None)
    prefix = f"{article.key}/"
    stale = [p for key, p in state.provisions.items() if key.startswith(prefix) and key not in wanted]
    for provision in stale:
        # A clause the preferred text does not have: removed unless an amendment or relation uses it.
        foreign = provision.versions.exclude(introduced_by=state.document).exists()
        related = DocumentRelation.objects.filter(target_provision=provision).exists()
        if not foreign and not related:
            provision.delete()
            state.provisions.pop(provision.key, None)
            state.counts.provisions_removed += 1


_KIND_RANK = {kind: i for i, kind in enumerate((*UPPER_KINDS, ARTICLE, CLAUSE, POINT))}
_LAST = (10**9, "")


def _number_order(kind: str, number: str) -> tuple[int, str]:
    if kind == POINT:
        rank = point_rank(number)
        return rank[0] * 100 + rank[1], ""
    if not number.isdigit() and roman_to_int(number):
        return roman_to_int(number) or 0, ""
    return split_number(number)


def _renumber(document: LegalDocument) -> None:
    """Give every provision of the document its place in reading order (articles by number, 12a after
    12; chapters by their first article), updating only those that moved."""
    rows = list(Provision.objects.filter(document=document).only("id", "parent_id", "kind", "number", "position"))
    children: dict[int | None, list[Provision]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    first_article: dict[int, tuple[int, str]] = {}

    def first(row: Provision) -> tuple[int, str]:
        if row.pk not in first_article:
            if row.kind == ARTICLE:
                first_article[row.pk] = split_number(row.number)
            else:
                found = [first(c) for c in children[row.pk] if c.kind in (ARTICLE, *UPPER_KINDS)]
                first_article[row.pk] = min(found, default=_LAST)
        return first_article[row.pk]

    order: list[Provision] = []

    def visit(parent: int | None) -> None:
        kids = sorted(
            children[parent],
            key=lambda r: (
                first(r) if r.kind in (ARTICLE, *UPPER_KINDS) else _LAST,
                _KIND_RANK[r.kind],
                _number_order(r.kind, r.number),
            ),
        )
        for kid in kids:
            order.append(kid)
            visit(kid.pk)

    visit(None)
    moved = []
    for position, row in enumerate(order, 1):
        if row.position != position:
            row.position = position
            moved.append(row)
    Provision.objects.bulk_update(moved, ["position"], batch_size=_BATCH)
