"""Applying an amending document's instructions to the documents it amends, as new versions.

For each target provision the version in force on the amending document's day of entry into force
is closed on that day and a new one opens, introduced by the amending document: with the quoted text
(replace, lead-in, title, insert), with a phrase replaced, or marked repealed. A replaced article or
clause takes the structure of the quoted text: sub-provisions it no longer has are repealed from that
day, new ones are created. Every operation is also a ``DocumentRelation`` (amends, supplements,
repeals) down to the target provision and from the amending provision.

Applying the same document twice changes nothing (a version the document introduced on that day is
updated in place). An amendment of a document whose text is not here yet is recorded at the document
level and applied when the text arrives (``reapply_to``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from ..inputs import META_MENTION, Meta
from ..models import DocumentRelation, LegalDocument, Provision, ProvisionVersion, RelationKind
from ..parsing.amendments import AmendmentPlan, DocRef, Operation, Target, read_amendments
from ..parsing.names import type_of_name
from ..parsing.numbering import document_key, key_segment
from ..parsing.structure import ARTICLE, Node, ParsedBody
from ..selectors import covering, find_document, resolve_document
from .documents import upsert_document
from .relations import relate
from .texts import _renumber

_KIND = {
    "replace": RelationKind.AMENDS,
    "lead_in": RelationKind.AMENDS,
    "title": RelationKind.AMENDS,
    "phrase": RelationKind.AMENDS,
    "insert": RelationKind.SUPPLEMENTS,
    "repeal": RelationKind.REPEALS,
    "repeal_document": RelationKind.REPEALS,
}


@dataclass
class AmendmentReport:
    applied: int = 0
    unchanged: int = 0
    pending: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "applied": self.applied,
            "unchanged": self.unchanged,
            "pending": self.pending,
            "failed": self.failed,
            "unread": self.unread,
        }

    def merge(self, other: AmendmentReport) -> None:
        self.applied += other.applied
        self.unchanged += other.unchanged
        self.pending += other.pending
        self.failed += other.failed
        self.unread += other.unread


class _NotAppliedError(Exception):
    pass


def target_document(ref: DocRef, day: datetime.date | None, source: str) -> LegalDocument | None:
    """The document an instruction names; a document named by its number that is not here yet is
    recorded from the mention (number, type, title) so the relation has a target."""
    doc_type = (type_of_name(ref.name) or ("", ""))[0]
    if ref.number:
        found = find_document(ref.number, doc_type or None)
        if found is not None:
            return found
        year = re.search(r"/((?:19|20)\d\d)/", ref.number)
        key = document_key(ref.number, doc_type or "khac", int(year.group(1)) if year else None, ref.name)
        meta = Meta(number=ref.number, doc_type=doc_type, title=ref.name)
        document, _ = upsert_document(key, [(META_MENTION, meta)], source)
        return document
    return resolve_document(ref.name, day=day) if ref.name else None


def apply_plan(
    document: LegalDocument, plan: AmendmentPlan, *, source: str, only_target: LegalDocument | None = None
) -> AmendmentReport:
    """Apply what ``document`` says it does to other documents (see the module's docstring)."""
    report = AmendmentReport(unread=[f"{u.where}: {u.text}" for u in plan.unread] if only_target is None else [])
    day = document.effective_from
    own = {p.key: p for p in Provision.objects.filter(document=document)}
    touched: set[int] = set()
    for op in plan.operations:
        target = target_document(op.document, day, source)
        if target is None:
            report.failed.append(f"{op.where}: {op.document}: no such document")
            continue
        if only_target is not None and target.pk != only_target.pk:
            continue
        kind, origin = _KIND[op.action], own.get(op.source_key)
        note = f"{document.number or document.key} {op.source_key}"
        if op.action == "repeal_document" or not target.provisions.exists() or day is None:
            whole = op.action == "repeal_document"
            if not whole:
                why = "has no text here yet" if day else "cannot be applied: the amending document has no day"
                (report.pending if day else report.failed).append(f"{op.where}: {target} {why}")
            # Until the target's text is here, the relation stands for the document, partly unless it is
            # the whole document that is repealed.
            changed = relate(
                document, target, kind, effective_on=day, source_provision=origin, partial=not whole, note=note
            )
            report.applied += changed
            report.unchanged += not changed
            continue
        assert day is not None
        for goal in op.targets:
            try:
                changed, provision = _apply(document, target, op, goal, day)
            except _NotAppliedError as exc:
                report.failed.append(f"{op.where}: {goal} of {target.number or target.key}: {exc}")
                relate(document, target, kind, effective_on=day, source_provision=origin, partial=True, note=note)
                continue
            changed |= relate(
                document, target, kind, effective_on=day, target_provision=provision, source_provision=origin, note=note
            )
            # The document-level stand-in recorded while the target had no text is no longer needed.
            DocumentRelation.objects.filter(
                source=document, target=target, kind=kind, source_provision=origin, target_provision__isnull=True
            ).delete()
            touched.add(target.pk)
            report.applied += changed
            report.unchanged += not changed
    for target_id in touched:
        target_doc = LegalDocument.objects.get(pk=target_id)
        _renumber(target_doc)
        _refresh_titles(target_doc)
    return report


def _sources(document: LegalDocument) -> list[str]:
    return [s for s in document.sources if s not in ("catalogue", "gazette")]


def _provision(target: LegalDocument, goal: Target) -> Provision:
    provision = Provision.objects.filter(document=target, key=goal.key).first()
    if provision is None:
        raise _NotAppliedError("no such provision in the text here")
    return provision


def _in_fragment(op: Operation, goal: Target) -> Node:
    root = op.fragment
    if root is None:
        raise _NotAppliedError("the new text (in quotation marks) is missing")
    label = goal.point or goal.clause or goal.article
    for node in root.walk():
        if node is not root and node.kind == goal.kind and node.number == label:
            return node
    if len(op.targets) == 1 and not any(c.kind == goal.kind for c in root.children):
        # "Sửa đổi, bổ sung Điều 5 như sau: “1. …”": the quotation is the body without its heading.
        return Node(goal.kind, label, "", list(root.lines), list(root.children))
    raise _NotAppliedError(f"the quoted text has no {goal.kind} {label}")


def _apply(
    amending: LegalDocument, target: LegalDocument, op: Operation, goal: Target, day: datetime.date
) -> tuple[bool, Provision]:
    writer = _Writer(amending, day)
    if op.action == "insert":
        return _insert(writer, target, op, goal)
    provision = _provision(target, goal)
    if op.action in ("repeal", "phrase"):
        changed = writer.repeal(provision) if op.action == "repeal" else writer.phrase(provision, op.old, op.new)
        return changed, provision
    node = _in_fragment(op, goal)
    current = writer.current(provision)
    if op.action == "title":
        return writer.supersede(provision, current.text if current else "", node.title), provision
    if op.action == "lead_in":
        return writer.supersede(provision, node.text, current.title if current else ""), provision
    return writer.tree(provision, node), provision


def _insert(writer: _Writer, target: LegalDocument, op: Operation, goal: Target) -> tuple[bool, Provision]:
    node = _in_fragment(op, goal)
    existing = Provision.objects.filter(document=target, key=goal.key).first()
    if existing is not None:
        return writer.tree(existing, node), existing  # already there (a consolidated text): as a replacement
    parent_key = goal.key.rsplit("/", 1)[0] if "/" in goal.key else None
    parent = Provision.objects.filter(document=target, key=parent_key).first() if parent_key else None
    if parent_key and parent is None:
        raise _NotAppliedError(f"no {parent_key} to insert into")
    if parent is None and op.after is not None:
        after = Provision.objects.filter(document=target, key=op.after.key).first()
        parent = after.parent if after else None
    changed = writer.create(target, parent, node, goal.key)
    return changed, Provision.objects.get(document=target, key=goal.key)


class _Writer:
    def __init__(self, amending: LegalDocument, day: datetime.date) -> None:
        self.amending = amending
        self.day = day

    def current(self, provision: Provision) -> ProvisionVersion | None:
        return provision.versions.filter(covering(self.day)).order_by("-valid_from").first()

    def supersede(self, provision: Provision, text: str, title: str, *, repealed: bool = False) -> bool:
        """Close the version in force on the day and open one with ``text`` (idempotent)."""
        mine = provision.versions.filter(introduced_by=self.amending, valid_from=self.day).first()
        if mine is not None:
            if (mine.text, mine.title, mine.repealed) == (text, title, repealed):
                return False
            mine.text, mine.title, mine.repealed = text, title, repealed
            mine.save(update_fields=["text", "title", "repealed"])
            return True
        current = self.current(provision)
        if current is not None and current.valid_from == self.day:
            raise _NotAppliedError(f"{current.introduced_by} changed it on the same day")
        if current is not None and (current.text, current.title, current.repealed) == (text, title, repealed):
            return False  # the text here already reads so (a consolidated source)
        later = provision.versions.filter(valid_from__gt=self.day).order_by("valid_from").first()
        end = current.valid_to if current is not None else (later.valid_from if later else None)
        if current is not None:
            current.valid_to = self.day
            current.save(update_fields=["valid_to"])
        ProvisionVersion.objects.create(
            provision=provision,
            text=text,
            title=title,
            valid_from=self.day,
            valid_to=end,
            introduced_by=self.amending,
            repealed=repealed,
            sources=_sources(self.amending),
        )
        return True

    def tree(self, provision: Provision, node: Node) -> bool:
        current = self.current(provision)
        title = node.title or (current.title if current else "")
        changed = self.supersede(provision, node.text, title)
        wanted = set()
        for child in node.children:
            key = f"{provision.key}/{key_segment(child.kind, child.number)}"
            wanted.add(key)
            existing = Provision.objects.filter(document=provision.document_id, key=key).first()
            if existing is None:
                changed |= self.create(provision.document, provision, child, key)
            else:
                changed |= self.tree(existing, child)
        for old in Provision.objects.filter(parent=provision).exclude(key__in=wanted):
            version = self.current(old)
            if version is not None and not version.repealed:
                changed |= self.repeal(old)
        return changed

    def create(self, document: LegalDocument, parent: Provision | None, node: Node, key: str) -> bool:
        provision, created = Provision.objects.get_or_create(
            document=document,
            key=key,
            defaults={"parent": parent, "kind": node.kind, "number": node.number, "title": node.title, "position": 0},
        )
        if not created:
            return self.tree(provision, node)
        ProvisionVersion.objects.create(
            provision=provision,
            text=node.text,
            title=node.title,
            valid_from=self.day,
            introduced_by=self.amending,
            sources=_sources(self.amending),
        )
        for child in node.children:
            self.create(document, provision, child, f"{key}/{key_segment(child.kind, child.number)}")
        return True

    def repeal(self, provision: Provision) -> bool:
        changed = self.supersede(provision, "", "", repealed=True)
        for child in Provision.objects.filter(parent=provision):
            changed |= self.repeal(child)
        return changed

    def phrase(self, provision: Provision, old: str, new: str) -> bool:
        found, changed = False, False
        for node in [
            provision,
            *Provision.objects.filter(document=provision.document_id, key__startswith=f"{provision.key}/"),
        ]:
            current = self.current(node)
            mine = node.versions.filter(introduced_by=self.amending, valid_from=self.day).first()
            base = mine or current
            if base is None or base.repealed:
                continue
            # When this document already changed the provision today, read the text it had before.
            before = node.versions.filter(valid_to=self.day).first() if mine else current
            text, title = (before.text, before.title) if before else (base.text, base.title)
            if old in text or old in title:
                found = True
                changed |= self.supersede(node, text.replace(old, new), title.replace(old, new))
        if not found:
            raise _NotAppliedError(f"the phrase “{old}” is not in its text")
        return changed


def _refresh_titles(document: LegalDocument) -> None:
    """An amended article's heading is the one of its latest version that has one."""
    amended = ProvisionVersion.objects.filter(provision=OuterRef("pk")).exclude(introduced_by=document)
    for provision in Provision.objects.filter(Exists(amended), document=document, kind=ARTICLE):
        latest = provision.versions.exclude(title="").order_by("-valid_from").first()
        if latest and latest.title != provision.title:
            provision.title = latest.title
            provision.save(update_fields=["title"])


def body_from_database(document: LegalDocument) -> ParsedBody:
    """The document's original text as a parsed body, rebuilt from its original versions."""
    provisions = list(Provision.objects.filter(document=document).order_by("position"))
    originals = {
        v.provision_id: v for v in ProvisionVersion.objects.filter(provision__document=document, introduced_by=document)
    }
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for provision in provisions:
        version = originals.get(provision.pk)
        text = version.text if version else ""
        node = Node(provision.kind, provision.number, version.title if version else provision.title,
                    text.split("\n") if text else [], where=f"{provision.key}", key=provision.key)  # fmt: skip
        nodes[provision.pk] = node
        parent = nodes.get(provision.parent_id) if provision.parent_id else None
        (parent.children if parent else roots).append(node)
    return ParsedBody(roots)


def reapply_to(target: LegalDocument, *, source: str) -> AmendmentReport:
    """Apply the amendments already recorded against ``target`` now that its text is here."""
    report = AmendmentReport()
    amending_ids = (
        DocumentRelation.objects.filter(
            target=target, kind__in=[RelationKind.AMENDS, RelationKind.SUPPLEMENTS, RelationKind.REPEALS]
        )
        .exclude(source__provisions__isnull=True)
        .values_list("source_id", flat=True)
        .distinct()
    )
    for amending in LegalDocument.objects.filter(pk__in=list(amending_ids)):
        plan = read_amendments(body_from_database(amending), amending.title)
        report.merge(apply_plan(amending, plan, source=source, only_target=target))
    return report
