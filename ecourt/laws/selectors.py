"""Reads of the legal corpus: documents by number or name, provisions, their text on a day, history,
status and table of contents.

The citation resolver (ecourt/citations) depends on ``find_document``, ``resolve_document`` and
``find_provision``: their signatures are kept stable.

Periods: a version applies from ``valid_from`` (empty: from an unknown day, taken as always before)
up to, not including, ``valid_to`` (empty: still). A provision says nothing on a day no version
covers (before its document entered into force, or after it was dropped), and is repealed on a day
its covering version is marked ``repealed``.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

from ecourt.vietnamese import fold

from .models import (
    DocumentRelation,
    DocumentStatus,
    LegalDocument,
    Provision,
    ProvisionKind,
    ProvisionVersion,
    RelationKind,
)
from .parsing.numbering import key_segment

_LAWS = ("hien_phap", "bo_luat", "luat")


def covering(day: datetime.date) -> Q:
    """Versions that apply on ``day``."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


# --- documents ---------------------------------------------------------------------------------------


def find_document(number_or_key: str, doc_type: str | None = None) -> LegalDocument | None:
    """The document with this official number ("91/2015/QH13") or key ("hien-phap-2013").

    A number of the National Assembly is shared by a law and a resolution ("100/2015/QH13"); without
    ``doc_type`` the law (or code) wins, as citations of a bare number mean the law.
    """
    text = number_or_key.strip()
    rows = list(LegalDocument.objects.filter(Q(number=text) | Q(key=text)))
    if doc_type:
        rows = [r for r in rows if r.doc_type == doc_type] or rows
    if len(rows) > 1:
        rows.sort(key=lambda r: (r.doc_type not in _LAWS, r.key))
    return rows[0] if rows else None


_YEAR = re.compile(r"(?:năm\s+)?((?:19|20)\d\d)\s*$")


def resolve_document(name: str, *, day: datetime.date | None = None, year: int | None = None) -> LegalDocument | None:
    """The document a citation names: a number, or a name or abbreviation ("Bộ luật Dân sự",
    "BLDS 2015", "Luật Đất đai năm 2003"), compared without diacritics or case.

    Several documents share a name (the Civil Codes of 1995, 2005 and 2015): a year in the name or in
    ``year`` picks the one issued that year; otherwise the one in force on ``day``; otherwise the
    latest. "Bộ luật Dân sự" cited in a 2016 judgment is the 2005 code, in 2017 the 2015 code.
    """
    text = " ".join(name.split())
    by_number = find_document(text)
    if by_number is not None:
        return by_number
    match = _YEAR.search(text)
    if match and year is None:
        year = int(match.group(1))
        text = text[: match.start()].strip()
    folded = fold(text)
    candidates = [
        doc
        for doc in LegalDocument.objects.filter(search_key__contains=folded)
        if folded in {fold(a) for a in [doc.title, doc.short_title, *doc.aliases]}
    ]
    if year is not None:
        candidates = [d for d in candidates if d.issued_on and d.issued_on.year == year]
    if len(candidates) > 1 and day is not None:
        in_force = [d for d in candidates if d.effective_from and d.in_force_on(day)]
        candidates = in_force or [d for d in candidates if not d.effective_from or d.effective_from <= day]
    candidates.sort(key=lambda d: d.effective_from or d.issued_on or datetime.date.min, reverse=True)
    return candidates[0] if candidates else None


def document_ends(document_ids: Collection[int]) -> dict[int, datetime.date]:
    """The first day each document is no longer in force as a whole: its ``effective_to``, or the day a
    document replacing or repealing it as a whole takes effect, whichever comes first (documents that
    have not ended are left out). Two queries, whatever the number of documents."""
    rows = LegalDocument.objects.filter(pk__in=document_ids, effective_to__isnull=False)
    ends = {pk: day for pk, day in rows.values_list("pk", "effective_to") if day is not None}
    return _ended_by_relations(document_ids, ends)


def _ended_by_relations(document_ids: Collection[int], ends: dict[int, datetime.date]) -> dict[int, datetime.date]:
    whole = DocumentRelation.objects.filter(
        target_id__in=document_ids,
        kind__in=[RelationKind.REPLACES, RelationKind.REPEALS],
        partial=False,
        target_provision__isnull=True,
        effective_on__isnull=False,
    ).values_list("target_id", "effective_on")
    for target_id, day in whole:
        if day is not None:
            ends[target_id] = min(day, ends.get(target_id, day))
    return ends


def document_end(document: LegalDocument) -> datetime.date | None:
    """``document_ends`` of one document (one query: its own ``effective_to`` is at hand)."""
    own = {document.pk: document.effective_to} if document.effective_to else {}
    return _ended_by_relations([document.pk], own).get(document.pk)


def document_status(document: LegalDocument, day: datetime.date) -> DocumentStatus:
    """Not yet in force, in force, partly expired (a provision repealed, or part of it replaced or
    repealed by another document) or expired (past its last day, or replaced or repealed as a whole)."""
    start = document.effective_from
    if (start and day < start) or (start is None and document.issued_on and day < document.issued_on):
        return DocumentStatus.NOT_YET
    if document.effective_to and day >= document.effective_to:
        return DocumentStatus.EXPIRED
    ended = DocumentRelation.objects.filter(
        target=document,
        kind__in=[RelationKind.REPLACES, RelationKind.REPEALS],
        effective_on__lte=day,
    )
    if ended.filter(partial=False, target_provision__isnull=True).exists():
        return DocumentStatus.EXPIRED
    if ended.filter(Q(partial=True) | Q(target_provision__isnull=False)).exists():
        return DocumentStatus.PARTLY_EXPIRED
    repealed = ProvisionVersion.objects.filter(covering(day), provision__document=document, repealed=True)
    if repealed.exists():
        return DocumentStatus.PARTLY_EXPIRED
    return DocumentStatus.IN_FORCE


def with_status(rows: QuerySet[LegalDocument], day: datetime.date) -> QuerySet[LegalDocument]:
    """``rows`` annotated with ``status_on``: ``document_status(document, day)`` computed by the database
    (one query for a whole list, and a filter on it), by the same rules in the same order."""
    ended = DocumentRelation.objects.filter(
        target=OuterRef("pk"), kind__in=[RelationKind.REPLACES, RelationKind.REPEALS], effective_on__lte=day
    )
    repealed = ProvisionVersion.objects.filter(covering(day), provision__document=OuterRef("pk"), repealed=True)
    return rows.annotate(
        status_on=Case(
            When(
                Q(effective_from__gt=day) | Q(effective_from__isnull=True, issued_on__gt=day),
                then=Value(DocumentStatus.NOT_YET.value),
            ),
            When(effective_to__lte=day, then=Value(DocumentStatus.EXPIRED.value)),
            When(
                Exists(ended.filter(partial=False, target_provision__isnull=True)),
                then=Value(DocumentStatus.EXPIRED.value),
            ),
            When(
                Exists(ended.filter(Q(partial=True) | Q(target_provision__isnull=False))) | Exists(repealed),
                then=Value(DocumentStatus.PARTLY_EXPIRED.value),
            ),
            default=Value(DocumentStatus.IN_FORCE.value),
            output_field=CharField(),
        )
    )


def document_relations(document: LegalDocument) -> tuple[list[DocumentRelation], list[DocumentRelation]]:
    """(what the document does to others, what others do to it), each in the order they take effect,
    with both documents and the provisions named (two queries)."""
    related = ("source", "target", "source_provision", "target_provision")
    outgoing = list(document.relations_out.select_related(*related).order_by("effective_on", "id"))
    incoming = list(document.relations_in.select_related(*related).order_by("effective_on", "id"))
    return outgoing, incoming


# --- provisions ----------------------------------------------------------------------------------------


def provision_key(article: int | str, clause: int | str | None = None, point: str | None = None) -> str:
    """("203", 1, "a") → "dieu-203/khoan-1/diem-a"; "đ" → "diem-dd"."""
    parts = [key_segment(ProvisionKind.ARTICLE, str(article).strip().lower())]
    if clause not in (None, ""):
        parts.append(key_segment(ProvisionKind.CLAUSE, str(clause).strip().lower()))
    if point not in (None, ""):
        parts.append(key_segment(ProvisionKind.POINT, str(point).strip().lower().rstrip(")")))
    return "/".join(parts)


def find_provision(
    document: LegalDocument | str,
    article: int | str,
    clause: int | str | None = None,
    point: str | None = None,
    day: datetime.date | None = None,
) -> Provision | None:
    """The provision "điểm ``point`` khoản ``clause`` Điều ``article``" of ``document`` (a document,
    or its number or key), or None.

    ``article`` is a number or label ("203", 203, "12a"), ``clause`` likewise, ``point`` a letter
    ("a", "đ"). A point cited without its clause ("điểm a Điều 5") is found under the article or, when
    the article has clauses, under the only clause that has such a point. With ``day``, only a provision
    that was part of the text that day (a version covers it and it was not repealed) is returned; call
    it without ``day`` to tell "never existed" from "not in force then".
    """
    if isinstance(document, str):
        found = find_document(document)
        if found is None:
            return None
        document = found
    rows = Provision.objects.filter(document=document)
    provision = rows.filter(key=provision_key(article, clause, point)).first()
    if provision is None and point not in (None, "") and clause in (None, ""):
        suffix = "/" + key_segment(ProvisionKind.POINT, str(point).strip().lower())
        under = list(rows.filter(key__startswith=provision_key(article) + "/", key__endswith=suffix)[:2])
        provision = under[0] if len(under) == 1 else None
    if provision is None or day is None:
        return provision
    version = version_as_of(provision, day)
    return provision if version is not None and not version.repealed else None


def version_as_of(provision: Provision, day: datetime.date) -> ProvisionVersion | None:
    """The version of the provision's own text that applies on ``day``."""
    return provision.versions.filter(covering(day)).select_related("introduced_by").order_by("-valid_from").first()


def _subtree_versions(provision: Provision, extra: Q | None = None) -> list[ProvisionVersion]:
    rows = ProvisionVersion.objects.filter(provision__document_id=provision.document_id).filter(
        Q(provision=provision) | Q(provision__key__startswith=f"{provision.key}/")
    )
    if extra is not None:
        rows = rows.filter(extra)
    return list(rows.select_related("provision", "introduced_by").order_by("provision__position", "-valid_from"))


def _covers(version: ProvisionVersion, day: datetime.date | None) -> bool:
    """Whether ``version`` applies on ``day``; ``None`` is a day before every known one (only a version
    from an unknown day covers it)."""
    if day is None:
        return version.valid_from is None
    return (version.valid_from is None or version.valid_from <= day) and (
        version.valid_to is None or day < version.valid_to
    )


def _render(provision: Provision, versions: list[ProvisionVersion], day: datetime.date | None) -> str | None:
    """The whole text of ``provision`` on ``day`` from the versions of its subtree (see text_as_of)."""
    own: dict[int, ProvisionVersion] = {}
    for version in versions:  # ordered by position, then newest first
        if _covers(version, day):
            own.setdefault(version.provision_id, version)
    top = own.get(provision.pk)
    if top is None or top.repealed:
        return None
    children: dict[int, list[Provision]] = defaultdict(list)
    for version in own.values():
        if version.provision_id != provision.pk and version.provision.parent_id is not None:
            children[version.provision.parent_id].append(version.provision)
    lines: list[str] = []

    def render(p: Provision) -> None:
        version = own[p.pk]
        if version.repealed:
            return
        text = version.text
        if p.kind in (ProvisionKind.CLAUSE, ProvisionKind.POINT):
            marker = f"{p.number}." if p.kind == ProvisionKind.CLAUSE else f"{p.number})"
            text = f"{marker} {text}".rstrip()
        if text:
            lines.append(text)
        for child in sorted(children[p.pk], key=lambda c: c.position):
            render(child)

    render(provision)
    return "\n".join(lines)


def text_as_of(provision: Provision, day: datetime.date) -> str | None:
    """The provision's whole text on ``day``: its own text (an article's lead-in, a clause's words)
    followed by its clauses and points as they stood that day ("1. …", "a) …"), without the heading
    ("Điều N. Title": the title is in ``version_as_of(…).title``); None when it was not in force (not
    yet, dropped or repealed). One query for the subtree.

    ``ProvisionVersion.text`` holds only a provision's own words, so an article that starts with
    clause 1 has versions with an empty text: this is the function that puts it together.

    Versions stay open-ended when their document ceases to be in force as a whole: ``document_end``
    ends them here (and in ``provision_periods``)."""
    end = document_end(provision.document)
    if end is not None and day >= end:
        return None
    return _render(provision, _subtree_versions(provision, covering(day)), day)


@dataclass
class Period:
    """A stretch of days over which a provision's whole text (``text_as_of``) stayed the same."""

    valid_from: datetime.date | None  # None: from an unknown day
    valid_to: datetime.date | None  # first day after it; None: still
    text: str | None  # the whole text; None when repealed
    introduced_by: list[LegalDocument]  # documents whose change (to it or a part of it) begins the period

    @property
    def repealed(self) -> bool:
        return self.text is None


def provision_periods(provision: Provision) -> list[Period]:
    """The history of the provision's whole text, oldest first: a new period starts whenever it or one
    of its clauses or points changed (an amendment of clause 2 of an article is a new period of the
    article). Days on which it was not part of the text (before it was inserted, after it was dropped)
    are left out; days on which it was repealed are a period with no text. One query."""
    versions = _subtree_versions(provision)
    document_ended = document_end(provision.document)
    bounds: set[datetime.date] = set()
    for version in versions:
        bounds.update(d for d in (version.valid_from, version.valid_to) if d is not None)
    if document_ended is not None:
        bounds = {d for d in bounds if d < document_ended} | {document_ended}
    starts: list[datetime.date | None] = [*sorted(bounds)]
    if any(v.valid_from is None for v in versions):
        starts.insert(0, None)
    periods: list[Period] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        if document_ended is not None and start is not None and start >= document_ended:
            break  # the document is no longer in force
        if not any(v.provision_id == provision.pk and _covers(v, start) for v in versions):
            continue  # not part of the text on these days
        text = _render(provision, versions, start)
        by: dict[int, LegalDocument] = {}
        for version in versions:
            if version.valid_from == start and version.introduced_by is not None:
                by.setdefault(version.introduced_by_id or 0, version.introduced_by)
        if periods and periods[-1].text == text and periods[-1].valid_to == start:
            periods[-1].valid_to = end  # nothing visible changed (a version rewritten with the same words)
            continue
        periods.append(Period(start, end, text, list(by.values())))
    return periods


def provision_history(provision: Provision) -> list[ProvisionVersion]:
    """Every version of the provision's own text (not its clauses or points: see provision_periods for
    the whole text), oldest first, with the document that introduced it."""
    versions = list(provision.versions.select_related("introduced_by"))
    versions.sort(key=lambda v: v.valid_from or datetime.date.min)
    return versions


def documents_amending(provision: Provision) -> list[LegalDocument]:
    """Documents that amended, supplemented, replaced or repealed the provision, a part of it or the
    provision it belongs to, in the order they took effect."""
    ancestors = []
    parts = provision.key.split("/")
    for i in range(1, len(parts)):
        ancestors.append("/".join(parts[:i]))
    keys = Q(target_provision__key=provision.key) | Q(target_provision__key__startswith=f"{provision.key}/")
    if ancestors:
        keys |= Q(target_provision__key__in=ancestors)
    relations = (
        DocumentRelation.objects.filter(keys, target=provision.document_id)
        .filter(kind__in=[RelationKind.AMENDS, RelationKind.SUPPLEMENTS, RelationKind.REPLACES, RelationKind.REPEALS])
        .select_related("source")
        .order_by("effective_on", "source_id")
    )
    seen: dict[int, LegalDocument] = {}
    for relation in relations:
        seen.setdefault(relation.source_id, relation.source)
    return list(seen.values())


# --- table of contents ---------------------------------------------------------------------------------


@dataclass
class TocEntry:
    provision: Provision
    depth: int
    children: list[TocEntry] = field(default_factory=list)


def table_of_contents(document: LegalDocument) -> list[TocEntry]:
    """Parts, chapters, sections and articles in reading order, nested (one query)."""
    rows = Provision.objects.filter(
        document=document,
        kind__in=[
            ProvisionKind.PART,
            ProvisionKind.CHAPTER,
            ProvisionKind.SECTION,
            ProvisionKind.SUBSECTION,
            ProvisionKind.ARTICLE,
        ],
    ).order_by("position")
    entries: dict[int, TocEntry] = {}
    roots: list[TocEntry] = []
    for row in rows:
        parent = entries.get(row.parent_id) if row.parent_id else None
        entry = TocEntry(row, parent.depth + 1 if parent else 0)
        entries[row.pk] = entry
        (parent.children if parent else roots).append(entry)
    return roots


def documents(*, doc_type: str | None = None) -> QuerySet[LegalDocument]:
    """Documents, newest first, optionally of one type."""
    rows = LegalDocument.objects.all()
    return rows.filter(doc_type=doc_type) if doc_type else rows
