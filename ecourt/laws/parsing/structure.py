"""Reading the structure of a Vietnamese legal text: Phần, Chương, Mục, Tiểu mục, Điều, khoản, điểm.

Input is a list of ``Line`` (clean text plus where it came from, for error messages); output is a tree
of ``Node``, each holding its *own* text (a clause's text without its points), with a stable key.

What the reader knows:
- headings: "Phần thứ nhất" / "PHẦN THỨ HAI" (ordinal words, or Roman or Arabic numerals), "Chương II"
  (Roman or Arabic), "Mục 1", "Tiểu mục 2", each with its title inline or on the following upper-case
  line(s); "Điều 12a. Title" or a bare "Điều 115" (the Constitution's articles have no titles);
- clauses "1.", "1a." and points "a)", "đ)", "a1)", which must follow on (a "2." after "3." is text);
- text inside quotation marks is never structure: an amending law quotes the new "Điều 203. …" with
  its clauses, and those belong to the amending clause's text, not to the amending law;
- a line with a table cell separator ("|") is text.

What it refuses (``StructureError``, naming the place): an article, section or chapter number given
twice, a numeral that is not one ("Chương IIV"), a clause or point outside any article once the
articles have begun, a quotation still open at the end of an article record or of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import StructureError
from .numbering import key_segment, ordinal_prefix, point_rank, roman_to_int, split_number

PART, CHAPTER, SECTION, SUBSECTION = "phan", "chuong", "muc", "tieu_muc"
ARTICLE, CLAUSE, POINT = "dieu", "khoan", "diem"
UPPER_KINDS = (PART, CHAPTER, SECTION, SUBSECTION)
_LABEL = {
    PART: "Part",
    CHAPTER: "Chapter",
    SECTION: "Section",
    SUBSECTION: "Subsection",
    ARTICLE: "Article",
    CLAUSE: "Clause",
    POINT: "Point",
}


@dataclass
class Line:
    """One line of input. ``article`` is set when the reader knows an article starts here (a JSON
    record): its number and title, and the line's text is the first line of the article's body."""

    text: str
    where: str
    article: tuple[str, str] | None = None


@dataclass
class Node:
    kind: str
    number: str
    title: str = ""
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    where: str = ""
    key: str = ""

    @property
    def text(self) -> str:
        """The node's own text: the lines before its first sub-provision and after its heading."""
        return "\n".join(self.lines)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedBody:
    nodes: list[Node]
    preamble: list[str] = field(default_factory=list)
    dropped_headings: int = 0
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def articles(self) -> list[Node]:
        return [n for n in self.walk() if n.kind == ARTICLE]


_SEP = r"(?=$|[\s.:\-–])\s*[.:\-–]?\s*"
_PART = re.compile(r"^(?:PHẦN|Phần)\s+(.+)$")
_CHAPTER = re.compile(rf"^(?:CHƯƠNG|Chương)\s+([IVXLC]+|\d+){_SEP}(.*)$")
_SECTION = re.compile(rf"^(?:MỤC|Mục)\s+(\d+|[IVXLC]+){_SEP}(.*)$")
_SUBSECTION = re.compile(rf"^(?:TIỂU MỤC|Tiểu mục)\s+(\d+){_SEP}(.*)$")
_ARTICLE = re.compile(r"^(?:ĐIỀU|Điều)\s+(\d+[a-zđ]?)\s*(?:[.:]\s*(.*))?$")
_CLAUSE = re.compile(r"^(\d{1,3}[a-zđ]?)\.(?!\d)\s*(.*)$")
_POINT = re.compile(r"^([a-zđ]\d{0,2})\)\s*(.*)$")
_OPENERS, _CLOSERS = "“«", "”»"


def is_upper_text(text: str) -> bool:
    """Whether a line is written in capitals, as headings' titles are."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _heading_title_ok(title: str) -> bool:
    # An inline title is in capitals; "Phần thứ hai của Bộ luật này …" or "Mục 1 nêu trên …" is text.
    return not title or is_upper_text(title)


def quote_depth(text: str, depth: int) -> int:
    """The depth of quotation after ``text`` given the depth before it. A straight double quote only
    closes (real texts mix “ with a closing "); a closing mark with nothing open is ignored."""
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif (ch in _CLOSERS or ch == '"') and depth:
            depth -= 1
    return depth


@dataclass
class _Heading:
    kind: str
    number: str
    title: str


def _match_upper(text: str, where: str) -> _Heading | None:
    """A Part, Chapter, Section or Subsection heading, or None."""
    match = _PART.match(text)
    if match:
        words = match.group(1).split()
        if words[0].lower() == "thứ":
            found = ordinal_prefix(words[1:])
            if found is None:
                return None
            value, used = found
            title = " ".join(words[1 + used :]).lstrip(".:-– ")
        elif roman_to_int(words[0].rstrip(".:")) or words[0].rstrip(".:").isdigit():
            numeral = words[0].rstrip(".:")
            value = int(numeral) if numeral.isdigit() else roman_to_int(numeral) or 0
            title = " ".join(words[1:]).lstrip(".:-– ")
        else:
            return None
        return _Heading(PART, str(value), title) if _heading_title_ok(title) else None
    for kind, pattern in ((CHAPTER, _CHAPTER), (SECTION, _SECTION), (SUBSECTION, _SUBSECTION)):
        match = pattern.match(text)
        if match and _heading_title_ok(match.group(2)):
            numeral = match.group(1)
            if not numeral.isdigit() and roman_to_int(numeral) is None:
                raise StructureError(where, f"{_LABEL[kind].lower()} number {numeral!r} is not a Roman numeral")
            return _Heading(kind, numeral, match.group(2))
    return None


def is_heading(text: str) -> bool:
    """Whether a line opens a Part, Chapter, Section, Subsection or Article (where a body begins)."""
    try:
        return _match_upper(text, "") is not None or _ARTICLE.match(text) is not None
    except StructureError:
        return True


class _Builder:
    def __init__(self, *, keep_upper: bool, embedded_articles: bool, fragment: bool) -> None:
        self.keep_upper = keep_upper
        self.embedded_articles = embedded_articles
        self.fragment = fragment
        self.root = Node("", "")
        self.preamble: list[str] = []
        self.upper: dict[str, Node] = {}
        self.article: Node | None = None
        self.clause: Node | None = None
        self.point: Node | None = None
        self.heading_awaiting_title: Node | None = None
        self.dropping_title = False
        self.started = False
        self.depth = 0
        self.quote_where = ""
        self.dropped = 0
        self.warnings: list[str] = []
        self.article_seen: dict[str, str] = {}

    # -- appending text ---------------------------------------------------------------------------
    def current(self) -> Node | None:
        if self.point or self.clause or self.article:
            return self.point or self.clause or self.article
        if self.fragment:
            return self.root
        for kind in (SUBSECTION, SECTION, CHAPTER, PART):
            if kind in self.upper:
                return self.upper[kind]
        return None

    def add_text(self, text: str, where: str) -> None:
        node = self.current()
        if node is None:
            self.preamble.append(text)
        else:
            node.lines.append(text)
        self.track_quotes(text, where)

    def track_quotes(self, text: str, where: str) -> None:
        if not self.depth:
            self.quote_where = where
        self.depth = quote_depth(text, self.depth)

    def check_quotes_closed(self, what: str) -> None:
        if self.depth:
            raise StructureError(self.quote_where, f"a quotation opened here is not closed before {what}")

    # -- structure --------------------------------------------------------------------------------
    def parent_for_upper(self, kind: str) -> Node:
        order = UPPER_KINDS[: UPPER_KINDS.index(kind)]
        for above in reversed(order):
            if above in self.upper:
                return self.upper[above]
        return self.root

    def open_upper(self, heading: _Heading, where: str) -> None:
        self.check_quotes_closed("the next heading")
        self.started = True
        self.article = self.clause = self.point = None
        if not self.keep_upper:
            self.dropped += 1
            self.dropping_title = not heading.title
            self.heading_awaiting_title = None
            return
        node = Node(heading.kind, heading.number, heading.title, where=where)
        self.parent_for_upper(heading.kind).children.append(node)
        for kind in UPPER_KINDS[UPPER_KINDS.index(heading.kind) :]:
            self.upper.pop(kind, None)
        self.upper[heading.kind] = node
        self.heading_awaiting_title = None if heading.title else node

    def open_article(self, number: str, title: str, where: str) -> None:
        self.check_quotes_closed(f"article {number}")
        if number in self.article_seen:
            raise StructureError(where, f"article {number} appears twice (first at {self.article_seen[number]})")
        self.article_seen[number] = where
        self.started = True
        self.heading_awaiting_title = None
        self.dropping_title = False
        node = Node(ARTICLE, number, title, where=where)
        parent = self.root
        for kind in (SUBSECTION, SECTION, CHAPTER, PART):
            if kind in self.upper:
                parent = self.upper[kind]
                break
        parent.children.append(node)
        self.article, self.clause, self.point = node, None, None

    def open_clause(self, number: str, text: str, where: str) -> bool:
        holder = self.article or (self.root if self.fragment else None)
        if holder is None:
            if self.started:
                raise StructureError(where, f"clause {number}. stands outside any article")
            return False
        last = next((c for c in reversed(holder.children) if c.kind == CLAUSE), None)
        if last is not None and split_number(number) <= split_number(last.number):
            self.warnings.append(f"{where}: '{number}.' after clause {last.number} read as text")
            return False
        node = Node(CLAUSE, number, lines=[text] if text else [], where=where)
        holder.children.append(node)
        self.clause, self.point = node, None
        self.track_quotes(text, where)
        return True

    def open_point(self, letter: str, text: str, where: str) -> bool:
        holder = self.clause or self.article or (self.root if self.fragment else None)
        if holder is None:
            if self.started:
                raise StructureError(where, f"point {letter}) stands outside any article")
            return False
        last = next((c for c in reversed(holder.children) if c.kind == POINT), None)
        if last is not None and point_rank(letter) <= point_rank(last.number):
            self.warnings.append(f"{where}: '{letter})' after point {last.number}) read as text")
            return False
        node = Node(POINT, letter, lines=[text] if text else [], where=where)
        holder.children.append(node)
        self.point = node
        self.track_quotes(text, where)
        return True

    def feed(self, line: Line) -> None:
        text, where = line.text, line.where
        if line.article is not None:
            self.open_article(line.article[0], line.article[1], where)
            if text:
                self.feed(Line(text, where))
        elif self.depth or "|" in text:
            self.add_text(text, where)  # quoted text and table rows are never structure
        elif not self.take_heading_title(text, where) and not self.take_marker(text, where):
            self.add_text(text, where)

    def take_heading_title(self, text: str, where: str) -> bool:
        """Whether the line is (part of) the title of the heading just opened."""
        if self.heading_awaiting_title is None and not self.dropping_title:
            return False
        if is_upper_text(text) and not _ARTICLE.match(text) and _match_upper(text, where) is None:
            if self.heading_awaiting_title is not None:
                node = self.heading_awaiting_title
                node.title = f"{node.title} {text}".strip()
            return True
        self.heading_awaiting_title, self.dropping_title = None, False
        return False

    def take_marker(self, text: str, where: str) -> bool:
        """Whether the line opens a heading, an article, a clause or a point."""
        heading = _match_upper(text, where)
        if heading is not None:
            self.open_upper(heading, where)
            return True
        match = _ARTICLE.match(text)
        if match and (self.embedded_articles or self.fragment):
            self.open_article(match.group(1), (match.group(2) or "").strip(), where)
            return True
        match = _CLAUSE.match(text)
        if match and self.open_clause(match.group(1), match.group(2), where):
            return True
        match = _POINT.match(text)
        return bool(match and self.open_point(match.group(1), match.group(2), where))


def parse_body(lines: Iterable[Line], *, keep_upper: bool = True, embedded_articles: bool = True) -> ParsedBody:
    """The structure of a document's body (or of a sequence of article records)."""
    builder = _Builder(keep_upper=keep_upper, embedded_articles=embedded_articles, fragment=False)
    for line in lines:
        builder.feed(line)
    builder.check_quotes_closed("the end of the text")
    body = ParsedBody(builder.root.children, builder.preamble, builder.dropped, builder.warnings)
    assign_keys(body.nodes)
    return body


def parse_fragment(lines: Iterable[Line]) -> Node:
    """Quoted text of an amendment: an article, or clauses, points or plain text, under a root node
    whose ``lines`` hold any text before the first marker. Keys are relative to the root."""
    builder = _Builder(keep_upper=True, embedded_articles=True, fragment=True)
    for line in lines:
        builder.feed(line)
    return builder.root


def assign_keys(nodes: list[Node], parent: Node | None = None) -> None:
    """Give every node its stable key (see ``numbering``); refuse two nodes with the same key."""
    _assign(nodes, parent, {})


def _assign(nodes: list[Node], parent: Node | None, seen: dict[str, Node]) -> None:
    for node in nodes:
        segment = key_segment(node.kind, node.number)
        inside = f"{parent.key}/{segment}" if parent is not None and parent.key else segment
        if node.kind in (ARTICLE, PART):
            key = segment  # article numbers are unique in a document, whatever chapter they sit in
        elif node.kind == CHAPTER:
            # Chapters usually number on across parts; where they start again, the part tells them apart.
            key = segment if segment not in seen else inside
        else:
            key = inside
        if key in seen:
            raise StructureError(node.where, f"{_LABEL[node.kind].lower()} {node.number} appears twice")
        seen[key] = node
        node.key = key
        _assign(node.children, node, seen)
