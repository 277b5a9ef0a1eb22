"""Verifying a text's citations: one verdict per cited provision (or document) on a day.

What ``cite check`` prints and what the reviewers' draft checker shows. Built on
``pipeline.read_citations`` (extraction and resolution to document, provision and version) plus a
look at each cited document's status and each cited provision's history in ``ecourt.laws``.

The verdicts, decided in this order (the first that applies wins; docs/citator.md has the table):

``internal``
    "khoản 1 Điều này", "Điều 5 của Luật này": the draft refers to itself; nothing to check.
``not_found``
    the document is not in the corpus (a number no document has, a name the corpus does not know), or
    the document is there with its text and has no such article, clause or point (the resolver's
    ``no_document``, ``unidentified`` and ``no_provision``).
``not_yet_in_force``
    the document enters into force after the day; or the provision was inserted by a later amendment
    (its first version begins after the day).
``replaced``
    the document (or this provision, when the relation is that precise) was replaced by another one
    that took effect on or before the day.
``repealed``
    the document was repealed as a whole, or the provision's version on the day records a repeal, or a
    relation "repeals" points at this provision (or the article it belongs to).
``expired``
    the document's last day has passed without a recorded replacement or repeal, or the provision
    was dropped from the text (its last version ended before the day) without a recorded repeal.
``renumbered``
    a "renumbers" relation moved this provision to another number on or before the day; the text shown
    is the one at the new number. The corpus' importers record no such relation today (an amending law
    that renumbers says so in prose the amendment reader does not apply), so in practice this verdict
    appears only where a relation was entered by hand.
``amended``
    the provision is in force, but its text on the day (its own words or those of one of its clauses
    or points) was given by another document than the one cited: the amending document(s) and the day
    each change took effect are reported, with the text before the change.
``unverified``
    the document is in the corpus and in force, but its text is not (metadata only), or the article
    was inserted by an amendment whose text is not held ("Điều 7a"; the resolver's ``no_text``), or the
    provision has no recorded text: it cannot be said whether the provision exists.
``valid``
    the provision exists and is in force on the day with the text of the document cited.

A precedent cited ("Án lệ số 08/2016/AL") is looked up among the registered precedents (ecourt.precedents):
``not_found`` when none has its number, ``repealed`` when abolished on or before the day,
``not_yet_in_force`` before the day it applies (30 days after its publication), else ``valid``.

Changes that take effect after the day (an amendment already adopted) are listed as ``upcoming`` on
any verdict: they do not change it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecourt.citations.pipeline import read_citations
from ecourt.citations.resolver import NO_DOCUMENT, NO_TEXT, RELATIVE, Resolution, Resolver
from ecourt.laws.models import DocumentRelation, LegalDocument, Provision, ProvisionVersion, RelationKind
from ecourt.laws.selectors import text_as_of
from ecourt.precedents.models import Precedent

if TYPE_CHECKING:
    from ecourt.citations.overlap import Overlap

VALID = "valid"
NOT_FOUND = "not_found"
AMENDED = "amended"
REPLACED = "replaced"
REPEALED = "repealed"
EXPIRED = "expired"
NOT_YET = "not_yet_in_force"
RENUMBERED = "renumbered"
UNVERIFIED = "unverified"
INTERNAL = "internal"

# Most serious first: a highlight covering several verdicts ("Điều 26, 35 và 39") takes the first.
SEVERITY = (NOT_FOUND, REPEALED, EXPIRED, REPLACED, NOT_YET, RENUMBERED, AMENDED, UNVERIFIED, INTERNAL, VALID)

LABELS = {
    VALID: gettext_lazy("Valid"),
    NOT_FOUND: gettext_lazy("Not found"),
    AMENDED: gettext_lazy("Amended since"),
    REPLACED: gettext_lazy("Replaced"),
    REPEALED: gettext_lazy("Repealed"),
    EXPIRED: gettext_lazy("Expired"),
    NOT_YET: gettext_lazy("Not yet in force"),
    RENUMBERED: gettext_lazy("Renumbered"),
    UNVERIFIED: gettext_lazy("Cannot be verified"),
    INTERNAL: gettext_lazy("Refers to the draft itself"),
}

CHANGE_LABELS = {
    "amends": gettext_lazy("Amended by"),
    "supplements": gettext_lazy("Supplemented by"),
    "replaces": gettext_lazy("Replaced by"),
    "repeals": gettext_lazy("Repealed by"),
    "renumbers": gettext_lazy("Renumbered by"),
    "inserts": gettext_lazy("Inserted by"),
}


@dataclass
class DocumentInfo:
    key: str
    number: str
    title: str
    doc_type: str
    issued_on: datetime.date | None
    effective_from: datetime.date | None
    effective_to: datetime.date | None

    @classmethod
    def of(cls, document: LegalDocument) -> DocumentInfo:
        return cls(
            document.key,
            document.number,
            document.title,
            document.doc_type,
            document.issued_on,
            document.effective_from,
            document.effective_to,
        )

    @property
    def name(self) -> str:
        return f"{self.title} {self.number}".strip() if self.number else self.title


@dataclass
class Change:
    """A document that acted on the cited document or provision, and from which day."""

    kind: str  # "amends", "supplements", "replaces", "repeals", "renumbers", "inserts"
    document: DocumentInfo
    effective_on: datetime.date | None
    provision: str | None = None  # the key acted on, when known ("dieu-32/khoan-1")

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS.get(self.kind, self.kind))


@dataclass
class Verdict:
    code: str
    start: int
    end: int
    text: str  # as written in the checked text
    anchor: tuple[int, int]  # the number or letter naming this provision inside ``text``'s span
    article: str | None
    clause: str | None
    point: str | None
    document: DocumentInfo | None
    provision: str | None  # key of the cited provision in its document, when found
    text_in_force: str | None  # the provision's whole text on the day (for renumbered: at its new number)
    title_in_force: str | None  # the article's heading on the day
    valid_from: datetime.date | None  # the day the text in force began
    previous_text: str | None  # amended/repealed/expired: the text the day before the last change
    changes: list[Change]  # what made this verdict: amending, replacing, repealing documents
    upcoming: list[Change]  # changes adopted that take effect after the day
    new_provision: str | None  # renumbered: the key it now has
    explanation: str

    @property
    def label(self) -> str:
        return str(LABELS[self.code])

    @property
    def cited(self) -> str:
        """ "điểm a khoản 1 Điều 203" as a reader writes it; the text as written for a document cited
        as a whole or for a reference to the checked text itself ("khoản 1 Điều này")."""
        return describe(self.article, self.clause, self.point) if self.article else self.text

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = asdict(self)
        data["anchor"] = list(self.anchor)
        data["label"] = self.label
        iso: dict[str, Any] = _iso(data)
        return iso


@dataclass
class CheckReport:
    day: datetime.date
    day_source: str  # "given", "header" or "today"
    domain: str | None
    characters: int
    verdicts: list[Verdict]
    overlaps: list[Overlap] = field(default_factory=list)  # when asked
    overlap_notice: str | None = None  # why overlaps could not be looked for (the search index)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(SEVERITY, 0)
        for verdict in self.verdicts:
            counts[verdict.code] += 1
        return {code: n for code, n in counts.items() if n}

    def as_dict(self) -> dict[str, Any]:
        """What ``cite check --json`` prints (and the API answers); ``overlap_notice`` only when the
        overlaps were asked for and could not be looked for."""
        data: dict[str, Any] = {
            "day": self.day.isoformat(),
            "day_source": self.day_source,
            "domain": self.domain,
            "characters": self.characters,
            "counts": self.counts,
            "verdicts": [v.as_dict() for v in self.verdicts],
            "overlaps": [o.as_dict() for o in self.overlaps],
        }
        if self.overlap_notice:
            data["overlap_notice"] = self.overlap_notice
        return data


def describe(article: str | None, clause: str | None, point: str | None) -> str:
    parts = [
        f"điểm {point}" if point else "",
        f"khoản {clause}" if clause else "",
        f"Điều {article}" if article else "",
    ]
    return " ".join(p for p in parts if p)


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


# ------------------------------------------------------------------------------------------- checking


def check_text(
    text: str,
    day: datetime.date | None = None,
    *,
    domain: str | None = None,
    overlaps: bool = False,
    resolver: Resolver | None = None,
) -> CheckReport:
    """Every citation of ``text`` with its verdict on ``day`` (default: the text's header date, else
    today); with ``overlaps``, also the draft's provisions that resemble provisions in force."""
    found = read_citations(text, day=day, domain=domain, resolver=resolver)
    checker = _Checker(found.day, found.resolutions)
    report = CheckReport(found.day, found.day_source, found.domain, len(text), checker.verdicts())
    if overlaps:
        from ecourt.citations.overlap import find_overlaps  # the search stack loads only when asked
        from ecourt.search.storage import IndexOutdatedError, SearchBusyError

        try:
            report.overlaps = find_overlaps(text, found.day)
        except (IndexOutdatedError, SearchBusyError) as exc:
            # the verdicts stand on the database alone: they are given, and the reader told why not the rest
            report.overlap_notice = _("Overlaps could not be looked for: %(error)s") % {"error": exc}
    return report


class _Checker:
    """Looks each cited document and provision up once (a text cites the same article many times)."""

    def __init__(self, day: datetime.date, resolutions: list[Resolution]) -> None:
        self.day = day
        self.resolutions = resolutions
        doc_ids = {r.document.id for r in resolutions if r.document is not None}
        self.documents = LegalDocument.objects.in_bulk(doc_ids)
        self.with_text = set(
            Provision.objects.filter(document_id__in=doc_ids).values_list("document_id", flat=True).distinct()
        )
        self.relations: dict[int, list[DocumentRelation]] = defaultdict(list)
        for relation in DocumentRelation.objects.filter(target_id__in=doc_ids).select_related(
            "source", "target_provision"
        ):
            self.relations[relation.target_id].append(relation)
        self.provisions = Provision.objects.in_bulk({r.provision_id for r in resolutions if r.provision_id})
        numbers = {
            r.identity.number
            for r in resolutions
            if r.identity.number and r.citation.document is not None and r.citation.document.precedent
        }
        self.precedents = {p.number: p for p in Precedent.objects.filter(number__in=numbers)} if numbers else {}
        self._history: dict[int, list[ProvisionVersion]] = {}
        self._texts: dict[tuple[int, datetime.date], str | None] = {}

    def verdicts(self) -> list[Verdict]:
        return [self.verdict(r) for r in self.resolutions]

    # --------------------------------------------------------------------------------- lookups
    def history(self, provision: Provision) -> list[ProvisionVersion]:
        """Every version of the provision and of its clauses and points (one query per provision)."""
        if provision.pk not in self._history:
            rows = ProvisionVersion.objects.filter(provision__document_id=provision.document_id).filter(
                Q(provision=provision) | Q(provision__key__startswith=f"{provision.key}/")
            )
            self._history[provision.pk] = list(rows.select_related("provision", "introduced_by"))
        return self._history[provision.pk]

    def text(self, provision: Provision, day: datetime.date) -> str | None:
        if (provision.pk, day) not in self._texts:
            self._texts[(provision.pk, day)] = text_as_of(provision, day)
        return self._texts[(provision.pk, day)]

    def ancestors(self, provision: Provision) -> list[str]:
        parts = provision.key.split("/")
        return ["/".join(parts[:i]) for i in range(1, len(parts))]

    # --------------------------------------------------------------------------------- the rules
    def verdict(self, r: Resolution) -> Verdict:
        c = r.citation
        base: dict[str, Any] = {
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "anchor": c.anchor,
            "article": c.article,
            "clause": c.clause,
            "point": c.point,
            "document": None,
            "provision": r.provision_key,
            "text_in_force": None,
            "title_in_force": None,
            "valid_from": None,
            "previous_text": None,
            "changes": [],
            "upcoming": [],
            "new_provision": None,
        }
        if c.this_article or r.status == RELATIVE or r.document is None:
            return self._without_document(r, base)
        document = self.documents[r.document.id]
        base["document"] = info = DocumentInfo.of(document)
        relations = self.relations.get(document.pk, [])
        ended = self._document_ended(document, info, relations, base)
        if ended is not None:
            if r.provision_id is not None and ended.code != NOT_YET:
                # what the provision said on the document's last day in force: what the draft relied on
                last_day = ended.changes[0].effective_on if ended.changes else document.effective_to
                ended.previous_text = self._text_before(self.provisions[r.provision_id], last_day)
            return ended
        if c.article is None:  # the document as a whole
            return Verdict(VALID, explanation=self._document_note(info, relations), **base)
        cited = describe(c.article, c.clause, c.point)
        if r.provision_id is None:
            # A document whose text is not here cannot say whether it has the provision (the resolver's
            # NO_TEXT); only a miss in a text the corpus holds is "not found".
            code = UNVERIFIED if r.status == NO_TEXT else NOT_FOUND
            if code == NOT_FOUND:
                why = _("%(document)s has no %(cited)s.")
            elif document.pk in self.with_text:  # "Điều 7a": inserted by an amendment not in the corpus
                why = _("%(cited)s of %(document)s was inserted by an amendment whose text is not in the corpus.")
            else:
                why = _("%(document)s is in force, but its text is not in the corpus: %(cited)s cannot be checked.")
            return Verdict(code, explanation=why % {"document": info.name, "cited": cited}, **base)
        provision = self.provisions[r.provision_id]
        lineage = {provision.key, *self.ancestors(provision)}
        on_me = [r for r in relations if r.target_provision is not None and r.target_provision.key in lineage]
        cited_provision = _Cited(provision, document, on_me, {"cited": cited, "document": info.name}, base)
        for rule in (self._renumbered, self._not_in_text, self._repealed):
            verdict = rule(cited_provision)
            if verdict is not None:
                return verdict
        return self._in_force(cited_provision)

    def _precedent(self, precedent: Precedent | None, number: str, base: dict[str, Any]) -> Verdict:
        """A precedent cited ("Án lệ số 08/2016/AL"): registered in ecourt.precedents, not in the legal
        corpus. Abolished on or before the day: ``repealed``; not yet applicable (published less than 30
        days before): ``not_yet_in_force``; otherwise ``valid``."""
        if precedent is None:
            why = _("No precedent numbered %(number)s is registered: check the number.") % {"number": number}
            return Verdict(NOT_FOUND, explanation=why, **base)
        abolished = precedent.abolished_as_of(self.day)
        base["document"] = DocumentInfo(
            precedent.key,
            precedent.number,
            precedent.title,
            "an_le",
            precedent.published_on or precedent.adopted_on,
            precedent.effective_on,
            precedent.abolished_on if abolished else None,
        )
        name = f"Án lệ số {precedent.number}"
        if abolished:
            why = _("%(precedent)s was abolished by %(by)s from %(day)s.") % {
                "precedent": name,
                "by": precedent.abolished_by or "?",
                "day": _fmt(precedent.abolished_on),
            }
            return Verdict(REPEALED, explanation=why, **base)
        if precedent.not_yet_on(self.day):
            why = _("%(precedent)s applies from %(day)s (30 days after its publication).") % {
                "precedent": name,
                "day": _fmt(precedent.effective_on),
            }
            return Verdict(NOT_YET, explanation=why, **base)
        why = _("%(precedent)s applies since %(day)s.") % {
            "precedent": name,
            "day": _fmt(precedent.effective_on or precedent.published_on),
        }
        return Verdict(VALID, explanation=why, **base)

    def _without_document(self, r: Resolution, base: dict[str, Any]) -> Verdict:
        """A reference to the checked text itself, or to a document the corpus does not have (a
        precedent among them)."""
        c, number = r.citation, r.identity.number or ""
        if c.document is not None and c.document.precedent and c.article is None:
            return self._precedent(self.precedents.get(number), number, base)
        if r.citation.this_article or r.status == RELATIVE:
            return Verdict(INTERNAL, explanation=_("Refers to the checked text itself; not checked."), **base)
        if r.status == NO_DOCUMENT and r.identity.number:
            why = _("No document numbered %(number)s is in the legal corpus: check the number.") % {
                "number": r.identity.number
            }
        else:
            why = _("The document cited could not be identified in the legal corpus.")
        return Verdict(NOT_FOUND, explanation=why, **base)

    def _document_ended(
        self, document: LegalDocument, info: DocumentInfo, relations: list[DocumentRelation], base: dict[str, Any]
    ) -> Verdict | None:
        """The verdict when the document itself is not in force on the day."""
        day = self.day
        start = document.effective_from or document.issued_on
        if start and day < start:
            why = _("%(document)s enters into force on %(day)s.") % {"document": info.name, "day": _fmt(start)}
            return Verdict(NOT_YET, explanation=why, **base)
        whole = [r for r in relations if r.target_provision_id is None and not r.partial]
        expired = document.effective_to is not None and document.effective_to <= day
        for kind, code in ((RelationKind.REPLACES, REPLACED), (RelationKind.REPEALS, REPEALED)):
            acting = [
                r
                for r in whole
                if r.kind == kind and ((r.effective_on and r.effective_on <= day) or (not r.effective_on and expired))
            ]
            if acting:
                base["changes"] = [_change(r) for r in acting]
                names = ", ".join(DocumentInfo.of(r.source).name for r in acting)
                when = _fmt(acting[0].effective_on or document.effective_to)
                if code == REPLACED:
                    why = _("%(document)s was replaced by %(by)s from %(day)s.")
                else:
                    why = _("%(document)s was repealed by %(by)s from %(day)s.")
                return Verdict(code, explanation=why % {"document": info.name, "by": names, "day": when}, **base)
        if expired:
            why = _("%(document)s ceased to be in force on %(day)s.") % {
                "document": info.name,
                "day": _fmt(document.effective_to),
            }
            return Verdict(EXPIRED, explanation=why, **base)
        return None

    def _document_note(self, info: DocumentInfo, relations: list[DocumentRelation]) -> str:
        partly = [
            r
            for r in relations
            if r.kind in (RelationKind.REPLACES, RelationKind.REPEALS)
            and r.effective_on
            and r.effective_on <= self.day
            and (r.partial or r.target_provision_id)
        ]
        if partly:
            names = ", ".join(sorted({DocumentInfo.of(r.source).name for r in partly}))
            return _("%(document)s is in force on that day; parts of it were replaced or repealed by %(by)s.") % {
                "document": info.name,
                "by": names,
            }
        return _("%(document)s is in force on that day.") % {"document": info.name}

    def _renumbered(self, it: _Cited) -> Verdict | None:
        """A "renumbers" relation moved it (or the article it belongs to) on or before the day."""
        moved = [
            r
            for r in it.relations
            if r.kind == RelationKind.RENUMBERS and r.effective_on and r.effective_on <= self.day
        ]
        if not moved:
            return None
        relation = moved[-1]
        old_key = relation.target_provision.key if relation.target_provision else it.provision.key
        new_key = relation.new_key + it.provision.key[len(old_key) :] if relation.new_key else ""
        it.base["new_provision"] = new_key or None
        it.base["changes"] = [_change(relation)]
        target = Provision.objects.filter(document=it.document, key=new_key).first() if new_key else None
        if target is not None:
            it.base["text_in_force"] = self.text(target, self.day)
        why = _("%(cited)s of %(document)s was renumbered by %(by)s from %(day)s: it is now %(new)s.") % {
            **it.names,
            "by": DocumentInfo.of(relation.source).name,
            "day": _fmt(relation.effective_on),
            "new": _key_label(new_key) if new_key else "?",
        }
        return Verdict(RENUMBERED, explanation=why, **it.base)

    def _not_in_text(self, it: _Cited) -> Verdict | None:
        """No version of its own covers the day: never recorded, inserted later, or dropped."""
        history = self.history(it.provision)
        later = [
            v for v in history if v.valid_from and v.valid_from > self.day and v.introduced_by_id != it.document.pk
        ]
        it.base["upcoming"] = _changes_from(later)
        mine = [v for v in history if v.provision_id == it.provision.pk]
        if not mine:
            why = _("%(document)s has %(cited)s, but the corpus holds no text for it.") % it.names
            return Verdict(UNVERIFIED, explanation=why, **it.base)
        if any(_covers(v, self.day) for v in mine):
            return None
        first = min(mine, key=_start)
        if first.valid_from and first.valid_from > self.day:
            it.base["changes"] = _changes_from([first], kind="inserts")
            it.base["upcoming"] = [
                c for c in it.base["upcoming"] if c.document.key != it.base["changes"][0].document.key
            ]
            why = _("%(cited)s of %(document)s was inserted by %(by)s and applies from %(day)s.") % {
                **it.names,
                "by": DocumentInfo.of(first.introduced_by).name if first.introduced_by else it.names["document"],
                "day": _fmt(first.valid_from),
            }
            return Verdict(NOT_YET, explanation=why, **it.base)
        last = max(mine, key=lambda v: v.valid_to or datetime.date.max)
        it.base["previous_text"] = self._text_before(it.provision, last.valid_to)
        repeals = [r for r in it.relations if r.kind == RelationKind.REPEALS]
        if repeals:
            it.base["changes"] = [_change(r) for r in repeals]
            why = _("%(cited)s of %(document)s was repealed by %(by)s from %(day)s.") % {
                **it.names,
                "by": DocumentInfo.of(repeals[0].source).name,
                "day": _fmt(repeals[0].effective_on or last.valid_to),
            }
            return Verdict(REPEALED, explanation=why, **it.base)
        why = _("%(cited)s of %(document)s is no longer part of its text since %(day)s.") % {
            **it.names,
            "day": _fmt(last.valid_to),
        }
        return Verdict(EXPIRED, explanation=why, **it.base)

    def _repealed(self, it: _Cited) -> Verdict | None:
        """Its own version on the day, or that of the clause or article it belongs to, records a repeal."""
        own = [v for v in self.history(it.provision) if v.provision_id == it.provision.pk and _covers(v, self.day)]
        repealer = next((v for v in [*own, *self._lineage_versions(it.provision)] if v.repealed), None)
        if repealer is None:
            return None
        it.base["changes"] = _changes_from([repealer], kind="repeals")
        it.base["previous_text"] = self._text_before(it.provision, repealer.valid_from)
        by = DocumentInfo.of(repealer.introduced_by).name if repealer.introduced_by else "?"
        why = _("%(cited)s of %(document)s was repealed by %(by)s from %(day)s.") % {
            **it.names,
            "by": by,
            "day": _fmt(repealer.valid_from),
        }
        return Verdict(REPEALED, explanation=why, **it.base)

    def _in_force(self, it: _Cited) -> Verdict:
        """In force on the day: replaced (a precise relation says so), amended, or as issued."""
        day = self.day
        history = self.history(it.provision)
        covering = [v for v in history if _covers(v, day)]
        own = max((v for v in covering if v.provision_id == it.provision.pk), key=_start)
        it.base["text_in_force"] = self.text(it.provision, day)
        it.base["title_in_force"] = own.title or None
        it.base["valid_from"] = max((v.valid_from for v in covering if v.valid_from), default=None)
        replaced = [
            r for r in it.relations if r.kind == RelationKind.REPLACES and r.effective_on and r.effective_on <= day
        ]
        if replaced:
            it.base["changes"] = [_change(r) for r in replaced]
            why = _("%(cited)s of %(document)s was replaced by %(by)s from %(day)s.") % {
                **it.names,
                "by": DocumentInfo.of(replaced[-1].source).name,
                "day": _fmt(replaced[-1].effective_on),
            }
            return Verdict(REPLACED, explanation=why, **it.base)
        amending = [v for v in covering if v.introduced_by_id and v.introduced_by_id != it.document.pk]
        if amending:
            changes = _changes_from(amending)
            it.base["changes"] = changes
            it.base["previous_text"] = self._text_before(it.provision, max(_start(v) for v in amending))
            listing = "; ".join(f"{c.document.name} ({_fmt(c.effective_on)})" for c in changes)
            why = _("%(cited)s of %(document)s is in force, with text amended by %(by)s.") % {
                **it.names,
                "by": listing,
            }
            return Verdict(AMENDED, explanation=why, **it.base)
        why = _("%(cited)s of %(document)s is in force on that day, as issued.") % it.names
        return Verdict(VALID, explanation=why, **it.base)

    def _lineage_versions(self, provision: Provision) -> list[ProvisionVersion]:
        """The versions on the day of the clause and article the provision belongs to."""
        keys = self.ancestors(provision)
        if not keys:
            return []
        rows = ProvisionVersion.objects.filter(
            provision__document_id=provision.document_id, provision__key__in=keys
        ).select_related("introduced_by", "provision")
        return [v for v in rows if _covers(v, self.day)]

    def _text_before(self, provision: Provision, day: datetime.date | None) -> str | None:
        if day is None:
            return None
        return self.text(provision, day - datetime.timedelta(days=1))


@dataclass
class _Cited:
    """A cited provision found in the corpus, while its verdict is decided."""

    provision: Provision
    document: LegalDocument
    relations: list[DocumentRelation]  # relations aimed at it or at the clause or article it belongs to
    names: dict[str, str]  # "cited", "document": for the explanations
    base: dict[str, Any]  # the verdict's fields, filled in as rules learn them


def _covers(version: ProvisionVersion, day: datetime.date) -> bool:
    return (version.valid_from is None or version.valid_from <= day) and (
        version.valid_to is None or day < version.valid_to
    )


def _start(version: ProvisionVersion) -> datetime.date:
    return version.valid_from or datetime.date.min


def _change(relation: DocumentRelation) -> Change:
    key = relation.target_provision.key if relation.target_provision is not None else None
    return Change(str(relation.kind), DocumentInfo.of(relation.source), relation.effective_on, key)


def _changes_from(versions: list[ProvisionVersion], kind: str = "amends") -> list[Change]:
    """One change per acting document, at the first day it changed the provision or a part of it."""
    first: dict[int, ProvisionVersion] = {}
    for version in sorted(versions, key=_start):
        if version.introduced_by is not None:
            first.setdefault(version.introduced_by_id or 0, version)
    out = []
    for version in first.values():
        assert version.introduced_by is not None
        what = "repeals" if version.repealed else kind
        out.append(Change(what, DocumentInfo.of(version.introduced_by), version.valid_from, version.provision.key))
    return out


def _key_label(key: str) -> str:
    """ "dieu-12/khoan-2" → "khoản 2 Điều 12"."""
    labels = {"dieu": "Điều", "khoan": "khoản", "diem": "điểm"}
    parts = []
    for segment in key.split("/"):
        kind, _sep, number = segment.partition("-")
        parts.append(f"{labels.get(kind, kind)} {number.replace('dd', 'đ') if kind == 'diem' else number}")
    return " ".join(reversed(parts))
