"""A document's text put together from its provisions' versions, in memory, for several documents at once.

``selectors.text_as_of`` answers for one provision; the search index (every document, every article
period) and the document page (a whole act on one day) need the whole tree of a document, so this
module loads the provisions and versions of many documents in two queries and assembles them.

Choosing a version: ``on(day)`` takes, for each provision, the version that covers ``day`` (none: the
provision is not part of the text that day); ``latest`` takes the version covering today, else the
last one, which is what a document "says" in the search index even when it is not (yet, or any
longer) in force.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Provision, ProvisionKind, ProvisionVersion

STRUCTURE_KINDS = (ProvisionKind.PART, ProvisionKind.CHAPTER, ProvisionKind.SECTION, ProvisionKind.SUBSECTION)
# How a heading reads in the text: "Chương II", "Điều 203."; parts keep their number as written.
_LABEL = {
    ProvisionKind.PART: "Phần",
    ProvisionKind.CHAPTER: "Chương",
    ProvisionKind.SECTION: "Mục",
    ProvisionKind.SUBSECTION: "Tiểu mục",
    ProvisionKind.ARTICLE: "Điều",
}

Chooser = Callable[[Sequence[ProvisionVersion]], ProvisionVersion | None]


def covers(version: ProvisionVersion, day: datetime.date) -> bool:
    return (version.valid_from is None or version.valid_from <= day) and (
        version.valid_to is None or day < version.valid_to
    )


def on(day: datetime.date) -> Chooser:
    """The version covering ``day`` (the latest-starting if periods overlap), or None."""

    def choose(versions: Sequence[ProvisionVersion]) -> ProvisionVersion | None:
        found = [v for v in versions if covers(v, day)]
        return max(found, key=_start) if found else None

    return choose


def latest(versions: Sequence[ProvisionVersion]) -> ProvisionVersion | None:
    today = datetime.date.today()
    current = on(today)(versions)
    if current is not None:
        return current
    return max(versions, key=_start) if versions else None


def _start(version: ProvisionVersion) -> tuple[datetime.date, int]:
    return (version.valid_from or datetime.date.min, version.pk or 0)


def heading(provision: Provision, title: str) -> str:
    """ "Điều 203. Thời hạn chuẩn bị xét xử", "Chương II – TITLE"; clauses and points have none."""
    label = _LABEL.get(ProvisionKind(provision.kind))
    if label is None:
        return ""
    if provision.kind == ProvisionKind.ARTICLE:
        return f"{label} {provision.number}. {title}" if title else f"{label} {provision.number}"
    return f"{label} {provision.number}" + (f". {title}" if title else "")


def marker(provision: Provision) -> str:
    """ "1." for a clause, "a)" for a point, nothing for the rest."""
    if provision.kind == ProvisionKind.CLAUSE:
        return f"{provision.number}."
    if provision.kind == ProvisionKind.POINT:
        return f"{provision.number})"
    return ""


_KEY_WORDS = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "tieu-muc": "Tiểu mục", "dieu": "Điều"}
_KEY_WORDS_LOWER = {"khoan": "khoản", "diem": "điểm"}


def provision_label(key: str) -> str:
    """How a citation names a provision from its key: "dieu-203/khoan-1/diem-dd" → "điểm đ khoản 1 Điều 203"."""
    words: list[str] = []
    for segment in key.split("/"):
        kind, _, number = segment.rpartition("-")
        if kind in _KEY_WORDS_LOWER:
            number = number.replace("dd", "đ") if kind == "diem" else number
            words.append(f"{_KEY_WORDS_LOWER[kind]} {number}")
        else:
            words.append(f"{_KEY_WORDS.get(kind, kind)} {number.upper() if kind == 'chuong' else number}")
    return " ".join(reversed(words))


@dataclass
class Node:
    """A provision as it stands in the chosen text, with its version and its children."""

    provision: Provision
    version: ProvisionVersion | None
    depth: int
    children: list[Node] = field(default_factory=list)

    @property
    def repealed(self) -> bool:
        return self.version is not None and self.version.repealed

    @property
    def title(self) -> str:
        return (self.version.title if self.version is not None else "") or self.provision.title

    @property
    def heading(self) -> str:
        return heading(self.provision, self.title)

    @property
    def line(self) -> str:
        """The provision's own text with its marker ("1. …", "a) …")."""
        text = self.version.text if self.version is not None else ""
        return f"{marker(self.provision)} {text}".strip()

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Structure:
    """One document's provisions and all their versions, as loaded."""

    document_id: int
    provisions: list[Provision]  # in reading order
    versions: dict[int, list[ProvisionVersion]]  # by provision id

    def tree(self, choose: Chooser, *, keep_repealed: bool = False) -> list[Node]:
        """The provisions that are part of the chosen text, nested. Structure headings (parts, chapters)
        without a version of their own are kept while something under them is."""
        nodes: dict[int, Node] = {}
        roots: list[Node] = []
        loaded = {p.pk for p in self.provisions}
        for provision in self.provisions:
            version = choose(self.versions.get(provision.pk, ()))
            parent = nodes.get(provision.parent_id) if provision.parent_id else None
            if parent is None and provision.parent_id in loaded:
                continue  # its parent is not part of this text, nor is it (a parent not loaded: a root)
            structural = provision.kind in STRUCTURE_KINDS
            if version is None and not structural:
                continue
            if version is not None and version.repealed and not keep_repealed:
                continue
            node = Node(provision, version, parent.depth + 1 if parent else 0)
            nodes[provision.pk] = node
            (parent.children if parent else roots).append(node)
        return [n for n in roots if _has_text(n)]


def _has_text(node: Node) -> bool:
    if node.provision.kind not in STRUCTURE_KINDS or node.version is not None:
        return True
    node.children = [c for c in node.children if _has_text(c)]
    return bool(node.children)


def load(document_ids: Collection[int], *, under: str | None = None) -> dict[int, Structure]:
    """The structures of these documents (two queries). ``under`` (a provision key) loads only that
    provision and what it contains, in every document given."""
    provisions = Provision.objects.filter(document_id__in=document_ids)
    versions = ProvisionVersion.objects.filter(provision__document_id__in=document_ids)
    if under is not None:
        provisions = provisions.filter(Q(key=under) | Q(key__startswith=f"{under}/"))
        versions = versions.filter(Q(provision__key=under) | Q(provision__key__startswith=f"{under}/"))
    by_document: dict[int, list[Provision]] = defaultdict(list)
    for provision in provisions.order_by("document_id", "position"):
        by_document[provision.document_id].append(provision)
    by_provision: dict[int, list[ProvisionVersion]] = defaultdict(list)
    for version in versions.order_by("provision_id", "valid_from", "pk"):
        by_provision[version.provision_id].append(version)
    return {
        doc_id: Structure(doc_id, by_document.get(doc_id, []), by_provision)
        for doc_id in document_ids
        if doc_id in by_document
    }


def plain_text(nodes: Sequence[Node]) -> str:
    """The text as printed: headings on their own lines, clauses "1. …", points "a) …"."""
    lines: list[str] = []

    def add(node: Node) -> None:
        if node.repealed:
            return  # nor what it contained
        if node.heading:
            lines.append(node.heading)
        if node.line:
            lines.append(node.line)
        for child in node.children:
            add(child)

    for root in nodes:
        add(root)
    return "\n".join(lines)


# --- periods of a provision -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A provision with its clauses and points as they stood from ``start`` up to ``end`` (None: still).

    ``version_id`` is the version that opened the period (the provision's own when it changed that day,
    else the clause's or point's): a stable integer that names the period. ``text`` is None while the
    provision was repealed.
    """

    provision: Provision
    version_id: int
    start: datetime.date | None
    end: datetime.date | None
    title: str
    text: str | None
    introduced_by_ids: tuple[int, ...]  # documents whose versions begin the period, the opening one first

    @property
    def repealed(self) -> bool:
        return self.text is None

    @property
    def introduced_by_id(self) -> int | None:
        return self.introduced_by_ids[0] if self.introduced_by_ids else None


def article_periods(
    structure: Structure, article: Provision, *, repealed: bool = False, until: datetime.date | None = None
) -> list[Period]:
    """The distinct texts of ``article`` (or of any provision) over time, oldest first; the periods it
    was repealed only with ``repealed=True``. ``until``: the day the document itself ceased to be in
    force (its ``effective_to``), which ends every period: its provisions' versions stay open-ended.

    A clause amended alone changes the article's text without a new version of the article: the
    periods cut at every day a version of the article or of anything under it begins.
    """
    prefix = f"{article.key}/"
    subtree = [p for p in structure.provisions if p.pk == article.pk or p.key.startswith(prefix)]
    versions = [v for p in subtree for v in structure.versions.get(p.pk, ())]
    own = structure.versions.get(article.pk, [])
    if not own:
        return []
    depth = {p.pk: p.key.count("/") for p in subtree}
    starts = sorted({v.valid_from for v in versions}, key=lambda d: d or datetime.date.min)
    article_end = None
    if all(v.valid_to is not None for v in own):
        article_end = max(v.valid_to for v in own if v.valid_to is not None)
    if until is not None:
        article_end = until if article_end is None else min(article_end, until)
    local = Structure(structure.document_id, subtree, structure.versions)
    periods: list[Period] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else article_end
        if end is not None and article_end is not None:
            end = min(end, article_end)
        if start is not None and article_end is not None and start >= article_end:
            break
        day = start or datetime.date.min
        opening = sorted((v for v in versions if v.valid_from == start), key=lambda v: (depth[v.provision_id], v.pk))
        by = tuple(dict.fromkeys(v.introduced_by_id for v in opening if v.introduced_by_id is not None))
        nodes = local.tree(on(day), keep_repealed=True)
        top = next((n for n in nodes if n.provision.pk == article.pk), None)
        if top is None:  # not part of the text then (before its first version)
            continue
        if top.repealed:
            if repealed:
                periods.append(Period(article, opening[0].pk, start, end, top.title, None, by))
            continue
        body = plain_text(top.children)
        text = "\n".join(filter(None, [top.line, body]))
        periods.append(Period(article, opening[0].pk, start, end, top.title, text, by))
    return periods
