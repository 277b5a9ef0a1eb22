"""Citations resolved against the legal corpus: the ``LegalDocument`` each names, the ``Provision`` it
points to, and the ``ProvisionVersion`` in force on the citing text's date.

``resolved`` is true when the document is in the corpus and, when the citation names one, its article,
clause and point exist there. ``status`` says which way it went:

- ``resolved``: document (and provision) found;
- ``no_text``: the document is in the corpus (its catalogue entry) but its text is not, so the provision
  cannot be checked ("Điều 608 BLDS 2005" while 33/2005/QH11 has no provisions) — or the article is one an
  amending document inserted ("Điều 7a") into a text we hold only as first enacted;
- ``no_provision``: the document's text is held and has no such article, clause or point — a real miss;
- a document without a number (the Constitution, "Hiến pháp năm 2013") is found by the corpus key the
  alias file gives its version (``Identity.document_key``), a numbered one by its number;
- ``no_document``: the number is known but the document is not in the corpus ("33/2005/QH11: not in the
  corpus"); ``unidentified``: no number could be given to the name; ``relative``: "Điều này", "Luật này"
  without the citing document (``Within``) to refer to.

A bare name resolved by the text's date ("Bộ luật Dân sự" in 2018: the 2015 code) that misses there,
in a text that names one other year of the same code ("Bộ luật Dân sự năm 2005"), is tried in that
code: courts keep applying the old code to contracts made under it and write its name without the year.

Lookups are batched — one query for the documents of a text, one per level (article, clause, point)
and one for the versions — and cached per process for ``CACHE_SECONDS``, so a run over many judgments
asks the database about each document and provision once. The corpus is read through ``lookup_*``
only; when ecourt.laws offers batched selectors, those functions are the one place to switch.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q

from ecourt.citations.extractor import Citation
from ecourt.citations.identity import Identity, identify, identify_all, years_in_text
from ecourt.citations.numbers import codes_compatible, number_key, split_number
from ecourt.laws.models import LegalDocument, Provision, ProvisionKind, ProvisionVersion

CACHE_SECONDS = 300.0
_LAW_TYPES = ("hien_phap", "bo_luat", "luat")

RESOLVED, NO_TEXT, NO_PROVISION, NO_DOCUMENT, UNIDENTIFIED, RELATIVE = (
    "resolved",
    "no_text",
    "no_provision",
    "no_document",
    "unidentified",
    "relative",
)
STATUSES = (RESOLVED, NO_TEXT, NO_PROVISION, NO_DOCUMENT, UNIDENTIFIED, RELATIVE)
_INSERTED = re.compile(r"^(\d+)[a-z]$")  # "7a": an article an amending law inserted after article 7


@dataclass(frozen=True)
class Within:
    """The text a citation is written in, when it is a provision of the corpus: "Luật này" is
    ``document_id``, "khoản 1 Điều này" is article ``article`` of it."""

    document_id: int
    article: str | None = None


@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    title: str
    doc_type: str
    year: int | None
    key: str = ""  # the document's stable key (its page's address)


@dataclass(frozen=True)
class VersionRow:
    id: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    repealed: bool

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Resolution:
    citation: Citation
    identity: Identity
    document: DocumentRow | None
    provision_id: int | None
    provision_key: str | None
    version: VersionRow | None  # the version in force on the text's date, when there is one
    resolved: bool
    reason: str | None  # why it is not resolved
    status: str = RESOLVED  # one of STATUSES (see the module's docstring)

    def as_dict(self) -> dict[str, Any]:
        """The command-line contract (see the cite command); fields may be added, never renamed."""
        c, identity, document = self.citation, self.identity, self.document
        return {
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "document": {
                "number": document.number if document else identity.number,
                "title": document.title if document else identity.title,
                "year": document.year if document and document.year else identity.year,
            },
            "article": c.article,
            "clause": c.clause,
            "point": c.point,
            "resolved": self.resolved,
            "kind": c.kind,
            "anchor": list(c.anchor),
            "this_article": c.this_article,
            "document_from": c.document_from,
            "basis": identity.basis,
            "provision": self.provision_key,
            "version": {
                "valid_from": self.version.valid_from.isoformat() if self.version.valid_from else None,
                "valid_to": self.version.valid_to.isoformat() if self.version.valid_to else None,
                "repealed": self.version.repealed,
            }
            if self.version
            else None,
            "reason": self.reason,
        }


class _Cache:
    """A per-process map with an age limit (imports add documents while a long process runs)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.data: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any) -> tuple[bool, Any]:
        hit = self.data.get(key)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def put(self, key: Any, value: Any) -> None:
        self.data[key] = (time.monotonic() + self.seconds, value)

    def clear(self) -> None:
        self.data.clear()


class Resolver:
    """Resolves the citations of texts; keep one per process to share its caches."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS) -> None:
        self.documents = _Cache(cache_seconds)  # (serial, year) → list of DocumentRow
        self.provisions = _Cache(cache_seconds)  # (parent: ("doc", id) | ("prov", id), kind, number) → (id, key) | None
        self.versions = _Cache(cache_seconds)  # provision id → list of VersionRow
        self.texts = _Cache(cache_seconds)  # document id → whether its text is in the corpus
        self.rows = _Cache(cache_seconds)  # document id → DocumentRow (for Within)
        self.keys = _Cache(cache_seconds)  # document key → DocumentRow | None (documents without a number)

    def clear(self) -> None:
        for cache in (self.documents, self.provisions, self.versions, self.texts, self.rows, self.keys):
            cache.clear()

    def resolve(
        self,
        citations: list[Citation],
        day: datetime.date,
        domain: str | None = None,
        within: Within | None = None,
    ) -> list[Resolution]:
        if within is not None:
            citations = [_within(c, within) for c in citations]
        identities = identify_all([c.document for c in citations], day, domain)
        if within is not None:
            identities = [
                Identity(None, None, None, "within") if _refers_within(c, i) else i
                for c, i in zip(citations, identities, strict=True)
            ]
        documents = self._documents(identities, within)
        out = self._resolve_found(citations, identities, documents, day)
        retry = self._other_years(citations, identities, out, day, domain)
        if retry:
            indexes = list(retry)
            again_identities = [retry[i] for i in indexes]
            again = self._resolve_found(
                [citations[i] for i in indexes], again_identities, self._documents(again_identities, None), day
            )
            for i, resolution in zip(indexes, again, strict=True):
                if resolution.status in (RESOLVED, NO_TEXT):
                    out[i] = resolution
        return out

    def _resolve_found(
        self,
        citations: list[Citation],
        identities: list[Identity],
        documents: list[DocumentRow | None],
        day: datetime.date,
    ) -> list[Resolution]:
        paths = self._provisions(
            [(documents[i], c) for i, c in enumerate(citations) if documents[i] is not None and c.article]
        )
        provision_ids = {path[-1][0] for path in paths.values() if path and path[-1] is not None}
        versions = self._versions(provision_ids)
        with_text = self._with_text({d.id for d in documents if d is not None})
        out = []
        for index, (citation, identity) in enumerate(zip(citations, identities, strict=True)):
            document = documents[index]
            out.append(
                self._resolution(citation, identity, document, found=(paths, versions), day=day, with_text=with_text)
            )
        return out

    def _other_years(
        self,
        citations: list[Citation],
        identities: list[Identity],
        found: list[Resolution],
        day: datetime.date,
        domain: str | None,
    ) -> dict[int, Identity]:
        """For a bare name resolved by date that misses: the same family in the one other year the text
        writes (see the module's docstring)."""
        years = years_in_text(c.document for c in citations)
        out: dict[int, Identity] = {}
        for i, (citation, identity, resolution) in enumerate(zip(citations, identities, found, strict=True)):
            reference = citation.document
            if resolution.status != NO_PROVISION or identity.basis != "name-date" or reference is None:
                continue
            written = years.get(identity.family or "", set()) - {identity.year}
            if len(written) != 1:
                continue
            other = identify(replace(reference, year=next(iter(written))), day, domain)
            if (other.number or other.document_key) and other.key != identity.key:
                out[i] = replace(other, basis="name-year-in-text")
        return out

    def _resolution(
        self,
        citation: Citation,
        identity: Identity,
        document: DocumentRow | None,
        *,
        found: tuple[
            dict[tuple[int, str, str | None, str | None], list[tuple[int, str] | None]], dict[int, list[VersionRow]]
        ],
        day: datetime.date,
        with_text: set[int],
    ) -> Resolution:
        paths, versions = found
        if document is None:
            status, reason = _why_no_document(citation, identity)
            return Resolution(citation, identity, None, None, None, None, False, reason, status)
        if citation.article is None:
            if citation.this_article:
                reason = "refers to the article it is written in"
                return Resolution(citation, identity, document, None, None, None, False, reason, RELATIVE)
            return Resolution(citation, identity, document, None, None, None, True, None)
        path = paths.get((document.id, citation.article, citation.clause, citation.point), [])
        missing = next((i for i, step in enumerate(path) if step is None), None)
        if not path or missing is not None:
            status, reason = self._miss(citation, document, missing or 0, with_text)
            return Resolution(citation, identity, document, None, None, None, False, reason, status)
        last = path[-1]
        assert last is not None
        in_force = next((v for v in versions.get(last[0], []) if v.covers(day)), None)
        return Resolution(citation, identity, document, last[0], last[1], in_force, True, None)

    def _miss(self, citation: Citation, document: DocumentRow, depth: int, with_text: set[int]) -> tuple[str, str]:
        """Why the provision is not found: its document's text is not held, the article was inserted by
        an amendment we do not hold, or the text we hold has no such provision."""
        level = ("article", "clause", "point")[depth]
        label = {"article": citation.article, "clause": citation.clause, "point": citation.point}[level]
        name = document.number or document.title
        if document.id not in with_text:
            return NO_TEXT, f"text of {name} not in the corpus"
        inserted = _INSERTED.match((citation.article or "").lower())
        if level == "article" and inserted and self._has_article(document.id, inserted.group(1)):
            return NO_TEXT, f"article {label} of {name}: inserted by an amendment whose text is not in the corpus"
        return NO_PROVISION, f"no {level} {label} in {name}"

    def _with_text(self, document_ids: set[int]) -> set[int]:
        """Which of these documents have their text (any article) in the corpus."""
        missing = [i for i in document_ids if not self.texts.get(i)[0]]
        if missing:
            held = lookup_texts(missing)
            for document_id in missing:
                self.texts.put(document_id, document_id in held)
        return {i for i in document_ids if self.texts.get(i)[1]}

    def _has_article(self, document_id: int, number: str) -> bool:
        key = (("doc", document_id), "dieu", number)
        hit, row = self.provisions.get(key)
        if not hit:
            row = lookup_provisions([key])[key]
            self.provisions.put(key, row)
        return row is not None

    # -------------------------------------------------------------------------------- documents
    def _documents(self, identities: list[Identity], within: Within | None) -> list[DocumentRow | None]:
        own: DocumentRow | None = None
        if within is not None and any(i.basis == "within" for i in identities):
            hit, own = self.rows.get(within.document_id)
            if not hit:
                own = lookup_document(within.document_id)
                self.rows.put(within.document_id, own)
        wanted: dict[tuple[str, int | None], None] = {}
        for identity in identities:
            if identity.number:
                serial, year, _code = split_number(identity.number)
                if (serial, year) not in wanted and not self.documents.get((serial, year))[0]:
                    wanted[(serial, year)] = None
        if wanted:
            for key, rows in lookup_documents(list(wanted)).items():
                self.documents.put(key, rows)
        keyed = {i.document_key for i in identities if i.document_key and not i.number}
        if missing := [k for k in keyed if not self.keys.get(k)[0]]:
            by_key = lookup_documents_by_key(missing)
            for document_key in missing:
                self.keys.put(document_key, by_key.get(document_key))
        out: list[DocumentRow | None] = []
        for identity in identities:
            if identity.basis == "within":
                out.append(own)
                continue
            if not identity.number:
                # a document without a number (the Constitution) is named by its corpus key
                out.append(self.keys.get(identity.document_key)[1] if identity.document_key else None)
                continue
            serial, year, code = split_number(identity.number)
            candidates: list[DocumentRow] = self.documents.get((serial, year))[1] or []
            out.append(_pick(candidates, identity, code))
        return out

    # ------------------------------------------------------------------------------- provisions
    def _provisions(
        self, cited: list[tuple[DocumentRow | None, Citation]]
    ) -> dict[tuple[int, str, str | None, str | None], list[tuple[int, str] | None]]:
        """For each (document, article, clause, point): the rows found level by level (None where a
        level is missing), three batched queries at most."""
        wanted = {(d.id, c.article or "", c.clause, c.point) for d, c in cited if d is not None}
        steps: list[tuple[str, str]] = [("dieu", "article"), ("khoan", "clause"), ("diem", "point")]
        paths: dict[tuple[int, str, str | None, str | None], list[tuple[int, str] | None]] = {w: [] for w in wanted}
        for depth, (kind, _name) in enumerate(steps):
            asks: dict[tuple[tuple[str, int], str, str], None] = {}
            for w in wanted:
                label = (w[1], w[2], w[3])[depth]
                if label is None:
                    continue
                parent = ("doc", w[0]) if depth == 0 else _parent(paths[w], depth)
                if parent is None:
                    continue
                key = (parent, kind, label)
                if not self.provisions.get(key)[0]:
                    asks[key] = None
            if asks:
                for key, row in lookup_provisions(list(asks)).items():
                    self.provisions.put(key, row)
            for w in wanted:
                label = (w[1], w[2], w[3])[depth]
                if label is None or (depth and (not paths[w] or paths[w][-1] is None)):
                    continue
                parent = ("doc", w[0]) if depth == 0 else _parent(paths[w], depth)
                paths[w].append(self.provisions.get((parent, kind, label))[1] if parent else None)
        return paths

    def _versions(self, provision_ids: Iterable[int]) -> dict[int, list[VersionRow]]:
        ids = set(provision_ids)
        missing = [i for i in ids if not self.versions.get(i)[0]]
        if missing:
            found = lookup_versions(missing)
            for provision_id in missing:
                self.versions.put(provision_id, found.get(provision_id, []))
        return {i: self.versions.get(i)[1] or [] for i in ids}


def _parent(path: list[tuple[int, str] | None], depth: int) -> tuple[str, int] | None:
    if len(path) < depth or path[depth - 1] is None:
        return None
    step = path[depth - 1]
    assert step is not None
    return ("prov", step[0])


def _pick(rows: list[DocumentRow], identity: Identity, code: str) -> DocumentRow | None:
    """The row a number means among those sharing its serial and year: the same number (compared
    without spaces, case or diacritics), else — for a partial or mistyped one — the only row whose code
    it shortens. A law wins over a resolution with the same number ("100/2015/QH13")."""
    if not rows:
        return None
    key = number_key(identity.number or "")
    exact = [r for r in rows if number_key(r.number) == key]
    if len(exact) > 1 and identity.year is not None:
        # a number without a year starts again every year ("04/VBHN-BGTVT" of 2016 and of 2017): the
        # date written after it tells which
        exact = [r for r in exact if r.year == identity.year] or exact
    candidates = exact or [r for r in rows if codes_compatible(code, split_number(r.number)[2])]
    if not exact and len({number_key(r.number) for r in candidates}) != 1:
        return None
    candidates.sort(key=lambda r: r.doc_type not in _LAW_TYPES)
    return candidates[0]


def _within(citation: Citation, within: Within) -> Citation:
    """ "khoản 1 Điều này" written in article 5: "khoản 1 Điều 5"."""
    if citation.this_article and within.article:
        return replace(citation, article=within.article, this_article=False)
    return citation


def _refers_within(citation: Citation, identity: Identity) -> bool:
    """Whether the citation names the text it is written in: "Luật này", or a provision with no document
    at all ("khoản 2 Điều 7" in a law's article means that law's article 7)."""
    return identity.basis == "relative" or (citation.document is None and citation.document_from == "none")


def _why_no_document(citation: Citation, identity: Identity) -> tuple[str, str]:
    if identity.basis == "relative":
        return RELATIVE, "refers to the document it is written in"
    if identity.number:
        return NO_DOCUMENT, f"{identity.number}: not in the corpus"
    if identity.document_key:
        return NO_DOCUMENT, f"{identity.title} ({identity.year}): not in the corpus"
    if citation.document is None:
        return UNIDENTIFIED, "no document named" if citation.document_from == "none" else "document not identified"
    if identity.title:
        year = f" ({identity.year})" if identity.year else ""
        return UNIDENTIFIED, f"{identity.title}{year}: no number known for this name"
    return UNIDENTIFIED, "document not identified"


# ------------------------------------------------------------------------------------ the corpus
# The only functions that read ecourt.laws' tables.


def lookup_document(document_id: int) -> DocumentRow | None:
    rows = LegalDocument.objects.filter(pk=document_id).values_list(
        "id", "number", "title", "doc_type", "issued_on", "key"
    )
    for pk, number, title, doc_type, issued_on, key in rows:
        year = issued_on.year if issued_on else split_number(number)[1]
        return DocumentRow(pk, number, title, doc_type, year, key)
    return None


def lookup_documents_by_key(keys: list[str]) -> dict[str, DocumentRow]:
    """Documents by their key (those without a number, named so in the alias file), in one query."""
    found: dict[str, DocumentRow] = {}
    rows = LegalDocument.objects.filter(key__in=keys)
    for pk, number, title, doc_type, issued_on, key in rows.values_list(
        "id", "number", "title", "doc_type", "issued_on", "key"
    ):
        found[key] = DocumentRow(pk, number, title, doc_type, issued_on.year if issued_on else None, key)
    return found


def lookup_texts(document_ids: list[int]) -> set[int]:
    """The documents among these whose text is in the corpus (they have articles): one query."""
    rows = Provision.objects.filter(document_id__in=document_ids, kind=ProvisionKind.ARTICLE)
    return set(rows.values_list("document_id", flat=True).distinct())


def lookup_documents(keys: list[tuple[str, int | None]]) -> dict[tuple[str, int | None], list[DocumentRow]]:
    """Documents by (serial, year) of their number, in one query: "91/2015/…" → the rows whose number
    starts so (the code is compared in Python, where spelling differences are forgiven)."""
    found: dict[tuple[str, int | None], list[DocumentRow]] = {key: [] for key in keys}
    if not keys:
        return found
    condition = Q()
    for serial, year in keys:
        bare = serial.lstrip("0") or "0"
        for written in {serial, bare, bare.zfill(2)}:
            # digits and slashes only: a case-sensitive prefix, which an index can serve
            condition |= Q(number__startswith=f"{written}/{year}/" if year else f"{written}/")
    rows = LegalDocument.objects.filter(condition).values_list("id", "number", "title", "doc_type", "issued_on", "key")
    for pk, number, title, doc_type, issued_on, document_key in rows:
        serial, year, _code = split_number(number)
        row = DocumentRow(pk, number, title, doc_type, issued_on.year if issued_on else year, document_key)
        for (k_serial, k_year), bucket in found.items():
            if k_serial.lstrip("0") == serial.lstrip("0") and k_year in (None, year):
                bucket.append(row)
    return found


_KINDS = {"dieu": ProvisionKind.ARTICLE, "khoan": ProvisionKind.CLAUSE, "diem": ProvisionKind.POINT}


def lookup_provisions(
    asks: list[tuple[tuple[str, int], str, str]],
) -> dict[tuple[tuple[str, int], str, str], tuple[int, str] | None]:
    """Provisions by (parent, kind, number as written), where parent is ("doc", document id) for
    articles and ("prov", provision id) for clauses and points; one query per kind asked."""
    found: dict[tuple[tuple[str, int], str, str], tuple[int, str] | None] = dict.fromkeys(asks)
    for kind in {k for _, k, _ in asks}:
        group = [a for a in asks if a[1] == kind]
        labels = {label for _, _, label in group} | {label.upper() for _, _, label in group}
        rows = Provision.objects.filter(kind=_KINDS[kind], number__in=labels)
        if kind == "dieu":
            rows = rows.filter(document_id__in={p[1] for p, _, _ in group})
            values = rows.values_list("id", "key", "number", "document_id")
            index = {(("doc", d), n.lower()): (pk, key) for pk, key, n, d in values}
        else:
            rows = rows.filter(parent_id__in={p[1] for p, _, _ in group})
            values = rows.values_list("id", "key", "number", "parent_id")
            index = {(("prov", parent), n.lower()): (pk, key) for pk, key, n, parent in values}
        for ask in group:
            found[ask] = index.get((ask[0], ask[2].lower()))
    return found


def lookup_versions(provision_ids: list[int]) -> dict[int, list[VersionRow]]:
    """Every period of these provisions (their texts are not read)."""
    found: dict[int, list[VersionRow]] = {}
    rows = ProvisionVersion.objects.filter(provision_id__in=provision_ids).values_list(
        "id", "provision_id", "valid_from", "valid_to", "repealed"
    )
    for pk, provision_id, valid_from, valid_to, repealed in rows:
        found.setdefault(provision_id, []).append(VersionRow(pk, valid_from, valid_to, repealed))
    return found
