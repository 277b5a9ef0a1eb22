"""Reading what an amending document does to other documents, from the wording of its provisions.

The patterns read (one instruction per article, clause or point, with the new text in quotation marks):

- replace: "Sửa đổi, bổ sung Điều 5 như sau: “Điều 5. …”", "Sửa đổi, bổ sung khoản 2 Điều 24 như sau:
  “2. …”", "… điểm h khoản 3 Điều 19 …", "… khoản 1 và khoản 2 Điều 14 …" (one quotation with both);
- lead-in: "Sửa đổi đoạn mở đầu khoản 4 như sau: “4. …:”" (the clause's own text, its points kept);
- title: "Sửa đổi tên Điều 5 như sau: “Điều 5. …”";
- insert: "Bổ sung Điều 4a vào sau Điều 4 như sau: …", "Bổ sung khoản 2a vào sau khoản 2 Điều 42 …",
  "Bổ sung điểm đ vào sau điểm d khoản 2 Điều 16 …", "Bổ sung khoản 5 vào Điều 10 …";
- repeal: "Bãi bỏ khoản 3 Điều 10", "Bãi bỏ khoản 3 Điều 36 và khoản 2 Điều 86 của Luật … số …",
  "Bãi bỏ Điều 15, Điều 16"; and a whole document: "Bãi bỏ Nghị quyết số 132/2020/QH14 …";
- phrase: "Thay thế cụm từ “A” bằng cụm từ “B” tại khoản 1 Điều 35 …", "Bỏ cụm từ “A” tại …".

The document acted on is named in the provision ("… của Luật Thi hành án dân sự số 26/2008/QH12"), in
an enclosing provision or article title ("Sửa đổi, bổ sung một số điều của Bộ luật …"), or in the
amending document's title. An enclosing provision without quotation ("Sửa đổi, bổ sung một số khoản
của Điều 25 như sau:") gives the article its sub-provisions' instructions refer to.

An instruction that starts like one of these but cannot be read (an annex, a "đoạn" other than the
lead-in, a target in words) is returned in ``unread`` with its place, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .structure import ARTICLE, CLAUSE, POINT, Line, Node, ParsedBody, parse_fragment

_NUMBER = r"\d+[\w.]*/(?:\d{4}/)?[\w\-Đđ]+"
_DOC = r"(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Thông tư|Quyết định)"
_DOC_REF = re.compile(
    rf"(?:của|^(?:Sửa đổi, bổ sung|Sửa đổi|Bổ sung))\s+(?:các\s+)?(?P<name>{_DOC}[^“”:;]*?)"
    rf"(?:\s+số\s+(?P<number>{_NUMBER}))?(?=\s+đã được|\s+như sau|[:;.]|\s*$|\s+ngày)"
)
_VERB = re.compile(r"^(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế|Thay (?:cụm )?từ|Bỏ (?:cụm )?từ)\b")
_TOKEN = re.compile(r"\b(điểm|khoản|Điều|điều)\s+(\d+[a-zđ]?|[a-zđ]\d?)\b|(?:,|\svà)\s+(\d+[a-zđ]?|[a-zđ]\d?)\b")
_PHRASE = re.compile(
    r"(?P<verb>Thay thế|Thay|Bỏ|Bãi bỏ)\s+(?:cụm\s+)?từ\s+“(?P<old>[^”]+)”"
    r"(?:\s+bằng\s+(?:cụm\s+)?từ\s+“(?P<new>[^”]*)”)?\s+(?:tại|ở|trong)\s+(?P<targets>[^;“]+)"
)
_KIND = {"điểm": POINT, "khoản": CLAUSE, "Điều": ARTICLE, "điều": ARTICLE}
_VERBS = re.compile(r"^(?:(?:Sửa đổi|Bổ sung|Bãi bỏ|sửa đổi|bổ sung|bãi bỏ)(?:,\s*|\s+))+")
_ALSO_INSERT = re.compile(r"(?:;|,)?\s+(?:và\s+)?bổ sung\s+")


@dataclass(frozen=True)
class DocRef:
    number: str = ""
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.number or self.name)

    def __str__(self) -> str:
        return f"{self.name} số {self.number}".strip() if self.number else self.name


@dataclass(frozen=True)
class Target:
    article: str
    clause: str = ""
    point: str = ""

    @property
    def key(self) -> str:
        from .numbering import key_segment

        parts = [key_segment(ARTICLE, self.article)]
        if self.clause:
            parts.append(key_segment(CLAUSE, self.clause))
        if self.point:
            parts.append(key_segment(POINT, self.point))
        return "/".join(parts)

    @property
    def kind(self) -> str:
        return POINT if self.point else CLAUSE if self.clause else ARTICLE

    def __str__(self) -> str:
        words = [f"điểm {self.point}"] if self.point else []
        words += [f"khoản {self.clause}"] if self.clause else []
        return " ".join([*words, f"Điều {self.article}"])


@dataclass
class Operation:
    action: str  # replace | lead_in | title | insert | repeal | repeal_document | phrase
    document: DocRef
    targets: list[Target]
    source_key: str
    where: str
    fragment: Node | None = None
    after: Target | None = None
    old: str = ""
    new: str = ""


@dataclass
class Unread:
    source_key: str
    where: str
    text: str


@dataclass
class AmendmentPlan:
    operations: list[Operation] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)

    @property
    def documents(self) -> list[DocRef]:
        seen: dict[DocRef, None] = {}
        for op in self.operations:
            seen.setdefault(op.document)
        return list(seen)


@dataclass
class _Context:
    document: DocRef
    article: str = ""
    clause: str = ""


def doc_ref(text: str) -> DocRef:
    """The document an instruction names ("… của Luật Đầu tư số 61/2020/QH14 …"), or an empty ref."""
    match = _DOC_REF.search(text)
    if not match or match.group("name").strip().endswith(" này"):
        return DocRef()  # "của Luật này" is the document itself
    return DocRef(match.group("number") or "", match.group("name").strip())


def parse_targets(text: str, context: _Context) -> list[Target]:
    """ "khoản 3 Điều 36 và khoản 2 Điều 86" → two targets; missing levels come from the next mention
    of them ("khoản 1 và khoản 2 Điều 14") or from the enclosing instruction."""
    items: list[tuple[str, str]] = []
    last_kind = ""
    for match in _TOKEN.finditer(text):
        if match.group(1):
            last_kind = _KIND[match.group(1)]
            items.append((last_kind, match.group(2)))
        elif last_kind:
            label = match.group(3)
            if (last_kind == POINT) == label[0].isalpha():
                items.append((last_kind, label))
    groups: list[dict[str, list[str]]] = []
    pending: dict[str, list[str]] = {POINT: [], CLAUSE: []}
    for kind, label in items:
        if kind == ARTICLE:
            groups.append({ARTICLE: [label], CLAUSE: pending[CLAUSE], POINT: pending[POINT]})
            pending = {POINT: [], CLAUSE: []}
        else:
            pending[kind].append(label)
    if pending[CLAUSE] or pending[POINT]:
        groups.append({ARTICLE: [context.article] if context.article else [], **pending})
    targets: list[Target] = []
    for group in groups:
        for article in group[ARTICLE]:
            clauses = group[CLAUSE] or ([context.clause] if group[POINT] and context.clause else [""])
            for clause in clauses:
                for point in group[POINT] or [""]:
                    targets.append(Target(article, clause, point))
    return [t for t in targets if t.article]


def quoted(text: str) -> str | None:
    """The text inside the first quotation of ``text`` (which may span lines), or None."""
    start = text.find("“")
    if start < 0:
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "“":
            depth += 1
        elif text[i] in "”" and depth:
            depth -= 1
            if not depth:
                return text[start + 1 : i]
    return text[start + 1 :]


def _fragment(node: Node) -> Node | None:
    inner = quoted(node.text)
    if inner is None:
        return None
    lines = [Line(line.strip(), f"{node.where} (quoted text)") for line in inner.split("\n") if line.strip()]
    return parse_fragment(lines)


class _Reader:
    def __init__(self, title: str) -> None:
        self.plan = AmendmentPlan()
        self.title_ref = doc_ref(title)

    def read(self, body: ParsedBody) -> AmendmentPlan:
        for article in body.articles():
            heading_ref = doc_ref(article.title)
            context = _Context(heading_ref or self.title_ref)
            self.visit(article, context)
        return self.plan

    def visit(self, node: Node, context: _Context) -> None:
        text = node.text
        instruction = text.split("“", 1)[0].strip()
        if not instruction and node.kind == ARTICLE and "“" in text and _VERB.match(node.title):
            instruction = node.title  # "Điều 244. Sửa đổi, bổ sung khoản 4 Điều 44 của Luật …" + quotation
        if instruction and _VERB.match(instruction) and (context.document or doc_ref(instruction)):
            ref = doc_ref(instruction)
            here = _Context(ref or context.document, context.article, context.clause)
            handled = self.instruction(node, instruction, here)
            if handled is not None:
                context = handled
        for child in node.children:
            self.visit(child, context)

    def instruction(self, node: Node, instruction: str, ctx: _Context) -> _Context | None:
        """Record the node's operation; return the context its sub-provisions inherit."""
        has_quote = "“" in node.text
        phrases = list(_PHRASE.finditer(node.text))
        if phrases:
            for match in phrases:
                targets = parse_targets(match.group("targets").split(" của ", 1)[0], ctx)
                if not targets:
                    self.unread(node, match.group(0))
                    continue
                new = match.group("new") if match.group("verb").startswith("Thay") else ""
                self.add("phrase", ctx, targets, node, old=match.group("old"), new=new or "")
            return None
        head = re.sub(r"\s+như sau\s*:?\s*$", "", instruction).rstrip(":. ")
        rest = _VERBS.sub("", head)
        if rest.startswith("một số") or head.startswith("Thay thế một số cụm từ"):
            # "Bãi bỏ, sửa đổi, bổ sung một số điều của Luật …", "Sửa đổi, bổ sung một số khoản của Điều 5":
            # the sub-provisions carry the instructions, about the article named here if any.
            targets = parse_targets(rest, ctx)
            return _Context(ctx.document, targets[-1].article) if targets else ctx
        if head.startswith("Bãi bỏ"):
            return self.repeal(node, head, ctx)
        if head.startswith("Bổ sung") and " vào " in head:
            return self.insert(node, head, ctx)
        if head.startswith(("Sửa đổi", "Bổ sung")):
            return self.replace(node, head, ctx, has_quote=has_quote)
        self.unread(node, instruction)
        return None

    def replace(self, node: Node, head: str, ctx: _Context, *, has_quote: bool) -> _Context | None:
        words = re.sub(r"^(?:Sửa đổi, bổ sung|Sửa đổi bổ sung|Sửa đổi|Bổ sung)(?:, bãi bỏ)?\s+", "", head)
        scope = words.split(" của ", 1)[0]
        if not has_quote:
            # "Sửa đổi, bổ sung một số khoản của Điều 25 như sau:" or "… tên điều, khoản 5 và bổ sung khoản
            # 6 vào sau khoản 5 Điều 53 như sau:" — the sub-provisions carry the instructions.
            targets = parse_targets(words, ctx)
            return _Context(ctx.document, targets[-1].article) if targets else ctx
        fragment = _fragment(node)
        whole = parse_targets(scope, ctx)
        if whole:  # the article may be named only at the end ("khoản 5 và bổ sung khoản 5a … Điều 51")
            ctx = _Context(ctx.document, whole[-1].article, ctx.clause)
        parts = _ALSO_INSERT.split(scope, maxsplit=1)
        scope, inserted = parts[0], parts[1] if len(parts) > 1 else ""
        if scope.startswith("tên "):
            targets = parse_targets(scope, ctx)
            article = targets[-1].article if targets else ctx.article
            if not article:
                self.unread(node, head)
                return None
            self.add("title", ctx, [Target(article)], node, fragment=fragment)
            clauses = [t for t in parse_targets(scope, _Context(ctx.document, article)) if t.clause]
            if clauses:  # "tên điều và khoản 1 Điều 66"
                self.add("replace", ctx, clauses, node, fragment=fragment)
        elif scope.startswith("đoạn mở đầu "):
            targets = parse_targets(scope, ctx)
            if not targets:
                self.unread(node, head)
                return None
            self.add("lead_in", ctx, targets, node, fragment=fragment)
        else:
            targets = parse_targets(scope, ctx)
            if not targets or scope.startswith("đoạn") or "Phụ lục" in scope:
                self.unread(node, head)
                return None
            self.add("replace", ctx, targets, node, fragment=fragment)
        if inserted:  # "khoản 5 và bổ sung khoản 6 vào sau khoản 5": one quotation for both
            first = parse_targets(scope, ctx)
            article = first[-1].article if first else ctx.article
            self.insert(node, f"Bổ sung {inserted}", _Context(ctx.document, article, ctx.clause))
        return None

    def insert(self, node: Node, head: str, ctx: _Context) -> _Context | None:
        what, _, where = re.sub(r"^Bổ sung\s+", "", head).partition(" vào ")
        where = where.split(" của ", 1)[0]
        after_targets = parse_targets(where.removeprefix("sau "), ctx) if where else []
        base = after_targets[0] if after_targets else None
        inherit = _Context(ctx.document, base.article if base else ctx.article, base.clause if base else ctx.clause)
        targets = parse_targets(what, inherit)
        if not targets or not _fragment_exists(node):
            self.unread(node, head)
            return None
        after = base if where.startswith("sau ") else None
        self.add("insert", ctx, targets, node, fragment=_fragment(node), after=after)
        return None

    def repeal(self, node: Node, head: str, ctx: _Context) -> _Context | None:
        words = head.removeprefix("Bãi bỏ").strip()
        if words.startswith("một số"):
            return ctx
        whole = re.match(rf"^{_DOC}\s+số\s+({_NUMBER})", words)
        if whole:
            name = words.split(" số ", 1)[0]
            self.add("repeal_document", _Context(DocRef(whole.group(1).rstrip("."), name)), [], node)
            return None
        targets = parse_targets(words.split(" của ", 1)[0], ctx)
        if not targets:
            self.unread(node, head)
            return None
        self.add("repeal", ctx, targets, node)
        return None

    def add(self, action: str, ctx: _Context, targets: list[Target], node: Node, **extra: object) -> None:
        self.plan.operations.append(
            Operation(action, ctx.document, targets, node.key, node.where, **extra)  # type: ignore[arg-type]
        )

    def unread(self, node: Node, text: str) -> None:
        self.plan.unread.append(Unread(node.key, node.where, text[:300]))


def _fragment_exists(node: Node) -> bool:
    return "“" in node.text


def read_amendments(body: ParsedBody, title: str = "") -> AmendmentPlan:
    """What ``body`` (an amending document, or any document with amending articles) does to others."""
    return _Reader(title).read(body)
