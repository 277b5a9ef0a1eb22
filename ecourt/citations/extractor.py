"""Find every citation in a Vietnamese text: one ``Citation`` per cited provision, with the exact span of
the original text. Pure Python: no database (``resolver`` maps the results to the corpus).

The text is read on a folded working copy (``prepare``). A citation is a *chain* of provision
designators followed by the document they belong to:

    điểm a, b khoản 1 Điều 203 của Bộ luật Tố tụng dân sự năm 2015
    └─ point ─┘ └clause┘ └article┘ └connector┘ └────── document ───────┘

Designators come in both orders ("khoản 2 Điều 5", "Điều 5 khoản 2", "Điều 12 khoản 1 điểm đ"), as lists
("Điều 26, 35 và 39", "các Điều: 292, 342", "khoản 1, khoản 11 Điều 2", "Điều 147 Điều 271"), as ranges
("các Điều từ 697 đến Điều 701"), with letters ("Điều 7a"), or after "Áp dụng"/"Căn cứ" without the word
"Điều" ("Áp dụng 297 Bộ luật dân sự"). Every provision of a chain belongs to the document written after
it ("Điều 26, Điều 35 Bộ luật …"); a chain with none takes the closest document named before it in the
same passage, or stays without one. A document named on its own ("Án lệ số 58/2023/AL", "theo Nghị
quyết 326/2016/UBTVQH14") is a citation of the document. What is not a citation of law: a judgment's
or a court decision's number ("01/2022/LĐ-ST"), dates, an article of a contract ("Điều 2.1 của hợp
đồng"), "điều" in prose ("Điều này cho thấy", "điều kiện"), the heading of a decision's own article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ecourt.citations.aliases import Aliases, load_aliases
from ecourt.citations.documents import DocumentParser, DocumentRef
from ecourt.citations.fuzzy import fuzzy_name
from ecourt.citations.prepare import Prepared, prepare

# ---------------------------------------------------------------------------------------- patterns
# All patterns run on the folded copy: lower case, no diacritics ("Điều" → "dieu", "khoản" → "khoan").
# Where a chain may start: a designator word, or "Áp dụng"/"Căn cứ (vào)"/"quy định tại" right before a
# number (the bare article numbers some judgments write).
_ANCHOR = re.compile(
    r"(?<![a-z])(?:(?:tu\s+)?(?:cac\s+)?(?:dieu|khoan|diem)(?![a-z])"
    r"|(?P<trigger>ap\s+dung|can\s+cu(?:\s+vao)?|quy\s+dinh\s+tai)\s*:?\s*(?=\d))"
)
# Designator words: "các Điều:", "Điều Điều 133" (a doubled word), "điều số 5"; "từ" opens a range.
_ARTICLE_WORD = re.compile(r"(?:tu\s+)?(?:cac\s+)?dieu(?:\s+dieu)*(?![a-z])\s*(?:so\s+)?[:.]?\s*(?:tu\s+)?")
_CLAUSE_WORD = re.compile(r"(?:tu\s+)?(?:cac\s+)?khoan(?![a-z])\s*[:.]?\s*")
_POINT_WORD = re.compile(r"(?:tu\s+)?(?:cac\s+)?diem(?![a-z])\s*[:.]?\s*")
# An article or clause number, possibly with a letter ("7a", "12a"). Not a number that goes on with "/"
# (a date, a document number), ".digit" or "-digit" (a contract's "2.1", a date "30.12.2016").
_NUMBER = re.compile(r"(?P<n>\d{1,4})(?P<letter>[a-z](?![a-z0-9]))?(?![\d/]|[.-]\d)")
# A point: one letter, with a digit sometimes ("a1"); not the start of a word.
_LETTER = re.compile(r"(?P<n>[a-z]\d?)(?![a-z0-9])")
# "này" in place of a number: "khoản 1 Điều này" (this article), "Điều 5 của Luật này" is a document.
_THIS = re.compile(r"nay(?![a-z])")
# Between the items of one list: ",", ";", "&", "và", "hoặc"; "đến"/"tới" make a range; the designator
# word may be repeated ("Điều 26, Điều 35", "khoản 1, khoản 11") — but only the list's own word.
_LIST_SEP = {
    kind: re.compile(rf"\s*(?:(?P<p>[,;&+])\s*)?(?:(?P<w>va|hoac|den|toi)\s+)?(?:{word}\s*)?")
    for kind, word in (
        ("article", r"(?:cac\s+)?dieu(?![a-z])"),
        ("clause", r"khoan(?![a-z])"),
        ("point", r"diem(?![a-z])"),
    )
}
# Between designators of a chain: punctuation, "và", "hoặc", "đến" (a range), "của" ("khoản 2 của Điều 5").
_CHAIN_SEP = re.compile(r"\s*(?:(?P<p>[,;+])\s*)?(?:(?P<w>va|hoac|cung|den|toi|cua)\s+)?")
# Between a chain and its document: "của", "tại", "thuộc", a dash or a colon; parts of a resolution
# ("tiểu mục 1.1, Mục 1, Phần II"), a short parenthesis ("(Danh mục án phí)") and an annex ("và Danh mục
# án phí, lệ phí Tòa án kèm theo") are passed over.
_CONNECTOR = re.compile(
    r"\s*(?:[-:,]\s*)?(?:(?:cua|tai|thuoc|trong|theo)\s+)?"
    r"(?:(?:tieu\s+muc|muc|phan|chuong)\s+[0-9ivxlc.]+\s*,?\s*)*(?:\([^()\n]{0,60}\)\s*)?"
    r"(?:va\s+(?:danh\s+muc|phu\s+luc)[^;.]{0,80}?\s+kem\s+theo\s+)?"
)
# What a chain must not run into: an article of a contract, minutes, a charter …
_NOT_LAW = re.compile(
    r"(?:cua\s+)?(?:cac\s+)?(?:hop\s+dong|thu\s+cap\s+tin\s+dung|thu\s+bao\s+lanh|bien\s+ban|dieu\s+le|quy\s+che|phu\s+luc"
    r"|giay\s+|ban\s+an|van\s+ban\s+thoa\s+thuan|thoa\s+thuan)"
)
# "Điều 1." opening a line: the heading of the decision's own article, not a citation.
_HEADING = re.compile(r"dieu\s+\d{1,3}[a-z]?\s*[.:]\s+\S")
_PROSE_THIS = re.compile(r"(?:tai|theo|cua|trong|o|voi)\s+$")
_DOCUMENT_HEAD = re.compile(
    r"(?<![a-z])(?:bo\s+luat|luat|phap\s+lenh|nghi\s+quyet|nghi\s+dinh|thong\s+tu|quyet\s+dinh|chi\s+thi"
    r"|cong\s+van|van\s+ban\s+hop\s+nhat|an\s*le|lenh|bl[a-z]{2,4}|ldd|nqlt|ttlt|nq|nd|tt|qd)(?![a-z])"
    r"|(?<![\d/])\d{1,4}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[a-z]"
)
MAX_RANGE = 100  # "từ Điều 1 đến Điều 689" is not expanded
INHERIT_WINDOW = 300  # characters back to the document a chain without one may take


@dataclass(frozen=True)
class Citation:
    """One cited provision (or document). Offsets index the original text; ``text`` is that slice."""

    start: int
    end: int
    text: str
    document: DocumentRef | None
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    this_article: bool = False  # "khoản 1 Điều này"
    document_from: str = "written"  # "written" after its chain; "following" or "preceding" chain's; "none"
    anchor: tuple[int, int] = (0, 0)  # span of the number or letter that names this provision

    @property
    def kind(self) -> str:
        return "provision" if self.article is not None or self.this_article else "document"


@dataclass
class _Element:
    kind: str  # "article", "clause", "point"
    items: list[tuple[str, int, int]]  # (value, start, end) in the working text; "này" for "Điều này"
    start: int
    end: int
    sep: str  # what stood before it: "" (only space), ",", ";", "va", "cua", "den" …


@dataclass
class _Provision:
    article: str  # "này" for "khoản 1 Điều này"
    clause: str | None
    point: str | None
    start: int  # the group that names it: "điểm a, b khoản 1 Điều 203" for both points
    end: int
    anchor: tuple[int, int]  # its own number or letter
    dropped: bool = False  # replaced by a finer one ("Điều 5" once "khoản 2" follows it)


@dataclass
class _Pending:
    """Clauses or points written before their article ("khoản 1, 2 …", "điểm a khoản 1 …")."""

    clause: tuple[str, int, int] | None
    points: list[tuple[str, int, int]] = field(default_factory=list)
    start: int = 0


class Extractor:
    """Reusable across texts (it holds the compiled alias table)."""

    def __init__(self, aliases: Aliases | None = None) -> None:
        self.aliases = aliases or load_aliases()

    def extract(self, text: str | Prepared) -> list[Citation]:
        prepared = text if isinstance(text, Prepared) else prepare(text)
        return sorted(_Run(prepared, self.aliases).citations(), key=lambda c: (c.start, c.anchor))


def extract(text: str | Prepared) -> list[Citation]:
    """Every citation in ``text``, in order of position (see the module's docstring)."""
    return Extractor().extract(text)


_Chain = tuple[list[_Provision], DocumentRef | None, int]  # provisions, their written document, end


class _Run:
    """One text's extraction."""

    def __init__(self, prepared: Prepared, aliases: Aliases) -> None:
        self.p = prepared
        self.f = prepared.folded
        self.aliases = aliases
        self.documents = DocumentParser(prepared, aliases)

    def citations(self) -> Iterator[Citation]:
        chains: list[_Chain] = []
        taken: list[tuple[int, int]] = []  # working spans of chains and their documents
        position = self.p.body_start
        while (anchor := _ANCHOR.search(self.f, position)) is not None:
            bare = anchor.group("trigger") is not None
            chain = self._chain(anchor.end() if bare else anchor.start(), bare=bare)
            if chain is None:
                position = anchor.end()
                continue
            chains.append(chain)
            taken.append((anchor.start(), chain[2]))
            position = chain[2]

        for index, (provisions, written, end) in enumerate(chains):
            document, source = written, "written"
            if document is None:
                document, source = None, "none"
                if not all(p.article == "này" for p in provisions):
                    document, source = self._inherited(chains, index)
            for provision in provisions:
                stop = end if source == "written" else provision.end
                yield self._citation((provision.start, stop), document, provision, source)
        for reference, inside in self._mentions(taken):
            if not inside:
                yield self._citation((reference.start, reference.end), reference, None)

    def _inherited(self, chains: list[_Chain], index: int) -> tuple[DocumentRef | None, str]:
        """The document of a chain written without one ("tại Điều 51 và … tại Điều 70, 72 Bộ luật tố tụng
        dân sự"): that of the next chain in the same sentence, else of the previous chain that names
        one within ``INHERIT_WINDOW`` characters in the same paragraph, else none."""
        start, end = chains[index][0][0].start, chains[index][2]
        for provisions, document, _end in chains[index + 1 :]:
            gap = self.f[end : provisions[0].start]
            if len(gap) > INHERIT_WINDOW or _SENTENCE_END.search(gap):
                break
            if document is not None:
                return document, "following"
        for _provisions, document, chain_end in reversed(chains[:index]):
            gap = self.f[chain_end:start]
            if len(gap) > INHERIT_WINDOW or _BLANK_LINE.search(gap):
                break
            if document is not None and not document.relative and not document.precedent:
                return document, "preceding"
        return None, "none"

    # ------------------------------------------------------------------------------------ chains
    def _chain(self, start: int, *, bare: bool) -> _Chain | None:
        f = self.f
        if not bare and _HEADING.match(f, start) and not f[f.rfind("\n", 0, start) + 1 : start].strip():
            return None  # "Điều 1. Công nhận …" opening a line: a heading
        elements: list[_Element] = []
        position, sep = start, ""
        while (element := self._element(position, sep, bare=bare and not elements, first=not elements)) is not None:
            elements.append(element)
            gap = _CHAIN_SEP.match(f, element.end)
            if gap is None or not _starts_element(f, gap.end()):
                break
            position, sep = gap.end(), gap.group("w") or gap.group("p") or ""
        if not elements:
            return None
        end = elements[-1].end
        document = self._document_after(end)
        if document is None and _NOT_LAW.match(f, _skip(f, end)):
            return None  # "Điều 2 của hợp đồng": a contract's article
        if bare and len(elements) == 1 and document is None:
            return None  # "Áp dụng 2 phương án": a number after "áp dụng" needs a designator or a document
        provisions = _provisions(elements)
        if not provisions:
            return None
        return provisions, document, document.end if document is not None else end

    def _element(self, position: int, sep: str, *, bare: bool, first: bool) -> _Element | None:
        f = self.f
        if bare:
            items = self._list(position, "article")
            return _Element("article", items, position, items[-1][2], sep) if items else None
        for kind, word in (("article", _ARTICLE_WORD), ("clause", _CLAUSE_WORD), ("point", _POINT_WORD)):
            match = word.match(f, position)
            if match is None:
                continue
            if kind == "article" and (this := _THIS.match(f, match.end())) is not None:
                # "Điều này" is "this article" after a clause or point ("khoản 1 Điều này") or after
                # "tại", "theo", "của" …; elsewhere it is "this thing" ("Điều này cho thấy …")
                if first and _PROSE_THIS.search(f, max(0, position - 12), position) is None:
                    return None
                return _Element(kind, [("này", match.end(), this.end())], position, this.end(), sep)
            items = self._list(match.end(), kind)
            return _Element(kind, items, position, items[-1][2], sep) if items else None
        return None

    def _list(self, position: int, kind: str) -> list[tuple[str, int, int]]:
        """The numbers of a list ("26, 35 và 39", "116; 117", "6,7,7a", "697 đến Điều 701") or the
        letters of a list of points ("a, b"; "đ" read from the unfolded text: it is not "d")."""
        f = self.f
        pattern = _LETTER if kind == "point" else _NUMBER
        limit = MAX_ARTICLE if kind == "article" else MAX_CLAUSE
        items: list[tuple[str, int, int]] = []
        while (match := pattern.match(f, position)) is not None:
            if kind == "point":
                value = self.p.unicode[match.start() : match.end()].lower()
            else:
                number = int(match.group("n"))
                if number == 0 or number > limit:
                    break
                value = str(number) + (match.group("letter") or "")
            items.append((value, match.start(), match.end()))
            sep = _LIST_SEP[kind].match(f, match.end())
            if sep is None or not (sep.group("p") or sep.group("w")):
                break
            following = pattern.match(f, sep.end())
            if following is None:
                break
            if sep.group("w") in ("den", "toi") and kind != "point" and following.group("n").isdigit():
                low, high = int(match.group("n")), int(following.group("n"))
                if (
                    match.group("letter") is None
                    and following.group("letter") is None
                    and low < high <= low + MAX_RANGE
                ):
                    items.extend((str(n), match.start(), match.end()) for n in range(low + 1, high))
            position = sep.end()
        return items

    def _document_after(self, end: int) -> DocumentRef | None:
        connector = _CONNECTOR.match(self.f, end)
        position = connector.end() if connector is not None else end
        document = self.documents.at(position, after_provision=True)
        incomplete = (
            document is not None
            and document.family is not None
            and document.number is None
            and bool(self.aliases.families[document.family].by_domain)
        )
        if document is None or incomplete:
            # a damaged name ("Bộ luật tố tụng dn sự") is read as the closest known one; an incomplete
            # exact name ("Bộ luật tố tụng") gives way to a complete one that reaches further
            found = fuzzy_name(self.f, position, self.aliases)
            if found is not None and (document is None or found[1] > document.end):
                document = self.documents.named(position, found[1], found[0])
        return document

    # -------------------------------------------------------------------------------- documents
    def _mentions(self, taken: list[tuple[int, int]]) -> Iterator[tuple[DocumentRef, bool]]:
        """Every document named in the text, and whether it stands inside a chain (already cited)."""
        f = self.f
        index = 0
        position = self.p.body_start
        while (head := _DOCUMENT_HEAD.search(f, position)) is not None:
            start = head.start()
            if f.startswith("luat", start) and re.search(r"phap\s+$", f[max(0, start - 6) : start]):
                position = head.end()  # "pháp luật": the law in general
                continue
            reference = self.documents.at(start)
            if reference is None:
                position = head.end()
                continue
            while index < len(taken) and taken[index][1] <= start:
                index += 1
            yield reference, index < len(taken) and taken[index][0] <= start
            position = reference.end

    def _citation(
        self, span: tuple[int, int], document: DocumentRef | None, provision: _Provision | None, source: str = "written"
    ) -> Citation:
        """The citation of working span ``span``, its offsets mapped back to the original text."""
        o_start, o_end = self.p.to_original(*span)
        if provision is None:
            return Citation(o_start, o_end, self.p.original[o_start:o_end], document, anchor=(o_start, o_end))
        this = provision.article == "này"
        return Citation(
            o_start,
            o_end,
            self.p.original[o_start:o_end],
            document,
            article=None if this else provision.article,
            clause=provision.clause,
            point=provision.point,
            this_article=this,
            document_from=source,
            anchor=self.p.to_original(*provision.anchor),
        )


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n[ \t\r]*\n")
MAX_ARTICLE = 1500
MAX_CLAUSE = 200


def _starts_element(folded: str, position: int) -> bool:
    return any(word.match(folded, position) for word in (_ARTICLE_WORD, _CLAUSE_WORD, _POINT_WORD))


def _skip(folded: str, position: int) -> int:
    while position < len(folded) and folded[position] in " \t\r\n,:":
        position += 1
    return position


def _provisions(elements: list[_Element]) -> list[_Provision]:
    """One provision per cited article, clause or point of a chain (see ``_Attacher``)."""
    attacher = _Attacher()
    for index, element in enumerate(elements):
        following = elements[index + 1] if index + 1 < len(elements) else None
        if element.kind == "point":
            attacher.points(element, following)
        elif element.kind == "clause":
            attacher.clauses(element, following)
        else:
            attacher.articles(element)
    return [provision for provision in attacher.out if not provision.dropped]


class _Attacher:
    """Hangs points on clauses and clauses on articles, element by element.

    A clause list right before an article ("khoản 1, 2 Điều 5") waits for it; right after one, with no
    ";" between ("Điều 5 khoản 2", "Điều 228 khoản 1 và 2"), it belongs to that article and replaces
    the article-level citation. A point list waits for the clause after it ("điểm a, b khoản 1";
    "Điểm a, Khoản 1, Điều 3") or, right after a clause, belongs to it ("Điều 12 khoản 1 điểm đ").
    Waiting clauses and points go to the first article of the next list ("khoản 1 Điều 5, 6": clause 1
    of Article 5, and Article 6).
    """

    def __init__(self) -> None:
        self.out: list[_Provision] = []
        self.seen: set[tuple[str, str | None, str | None]] = set()
        self.pending: list[_Pending] = []
        self.waiting_points: tuple[list[tuple[str, int, int]], int] | None = None
        self.last_article: tuple[str, int, int] | None = None  # value, group start, its article-level index
        self.last_clause: tuple[str, str, int, int] | None = None  # article, clause, group start, its index
        self.hangs = False  # the previous element is an article, or hangs on one

    def add(self, article: str, clause: str | None, point: str | None, *, span: tuple[int, int, int, int]) -> int:
        """``span``: (group start, group end, anchor start, anchor end); the index, or -1 if seen."""
        if (article, clause, point) in self.seen:
            return -1
        self.seen.add((article, clause, point))
        self.out.append(_Provision(article, clause, point, span[0], span[1], (span[2], span[3])))
        return len(self.out) - 1

    def drop(self, index: int) -> None:
        if index >= 0:
            self.out[index].dropped = True

    def points(self, element: _Element, following: _Element | None) -> None:
        tight = following is not None and following.sep in ("", "cua")
        loose = following is not None and following.sep == "," and not (self.hangs and self.last_clause)
        if following is not None and following.kind == "clause" and (tight or loose):
            self.waiting_points, self.hangs = (element.items, element.start), False
        elif following is not None and following.kind == "article" and tight:
            self.pending.append(_Pending(None, element.items, element.start))
            self.hangs = False
        elif self.hangs and element.sep in ("", ",", "va") and self.last_clause is not None:
            article, clause, start, clause_index = self.last_clause
            self.drop(clause_index)
            for letter, a, b in element.items:
                self.add(article, clause, letter, span=(start, element.end, a, b))
            self.last_clause = (article, clause, start, -1)
        # otherwise: points with nothing to hang on are not a citation

    def clauses(self, element: _Element, following: _Element | None) -> None:
        points, self.waiting_points = self.waiting_points, None
        tight = following is not None and following.sep in ("", "cua")
        if points is not None or (following is not None and following.kind == "article" and tight):
            for j, clause in enumerate(element.items):
                if j == 0 and points is not None:
                    self.pending.append(_Pending(clause, points[0], points[1]))
                else:
                    self.pending.append(_Pending(clause, [], element.start))
            self.hangs = False
        elif self.hangs and element.sep in ("", ",", "va") and not self.pending and self.last_article:
            article, start, article_index = self.last_article
            self.drop(article_index)
            self.last_article = (article, start, -1)
            for number, a, b in element.items:
                index = self.add(article, number, None, span=(start, element.end, a, b))
                self.last_clause = (article, number, start, index)
        else:
            self.pending.extend(_Pending(clause, [], element.start) for clause in element.items)
            self.hangs = False

    def articles(self, element: _Element) -> None:
        items = element.items
        if self.pending:
            first = items[0]
            for waiting in self.pending:
                clause = waiting.clause[0] if waiting.clause else None
                points: list[tuple[str, int, int] | None] = list(waiting.points) or [None]
                for point in points:
                    deepest = point or waiting.clause or first
                    span = (waiting.start, element.end, deepest[1], deepest[2])
                    self.add(first[0], clause, point[0] if point else None, span=span)
            self.pending = []
            self.last_article = (first[0], element.start, -1)
            items = items[1:]
        for value, a, b in items:
            index = self.add(value, None, None, span=(element.start, element.end, a, b))
            self.last_article = (value, element.start, index)
        self.last_clause = None
        self.hangs = True
