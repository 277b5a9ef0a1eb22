"""Citations resolved against the legal corpus: the ``LegalDocument`` each names, the ``Provision`` it
points to, and the ``ProvisionVersion`` in force on the citing text's date.

``resolved`` is true when the document is in the corpus and, when the citation names one, its article,
clause and point exist there. A document known by its name but not imported is reported unresolved with
the number it would be ("33/2005/QH11: not in the corpus").

Lookups are batched — one query for the documents of a text, one per level (article, clause, point)
and one for the versions — and cached per process for ``CACHE_SECONDS``, so a run over many judgments
asks the database about each document and provision once. The corpus is read through ``lookup_*``
only; when ecourt.laws offers batched selectors, those functions are the one place to switch.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from ecourt.citations.extractor import Citation
from ecourt.citations.identity import Identity, identify_all
from ecourt.citations.numbers import codes_compatible, number_key, split_number
from ecourt.laws.models import LegalDocument, Provision, ProvisionKind, ProvisionVersion

CACHE_SECONDS = 300.0
_LAW_TYPES = ("hien_phap", "bo_luat", "luat")


@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    title: str
    doc_type: str
    year: int | None


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

    def clear(self) -> None:
        for cache in (self.documents, self.provisions, self.versions):
            cache.clear()

    def resolve(self, citations: list[Citation], day: datetime.date, domain: str | None = None) -> list[Resolution]:
        identities = identify_all([c.document for c in citations], day, domain)
        documents = self._documents(identities)
        paths = self._provisions(
            [(documents[i], c) for i, c in enumerate(citations) if documents[i] is not None and c.article]
        )
        provision_ids = {path[-1][0] for path in paths.values() if path and path[-1] is not None}
        versions = self._versions(provision_ids)
        out = []
        for index, (citation, identity) in enumerate(zip(citations, identities, strict=True)):
            document = documents[index]
            out.append(self._resolution(citation, identity, document, found=(paths, versions), day=day))
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
    ) -> Resolution:
        paths, versions = found
        if document is None:
            return Resolution(citation, identity, None, None, None, None, False, _why_no_document(citation, identity))
        if citation.article is None:
            if citation.this_article:
                reason = "refers to the article it is written in"
                return Resolution(citation, identity, document, None, None, None, False, reason)
            return Resolution(citation, identity, document, None, None, None, True, None)
        path = paths.get((document.id, citation.article, citation.clause, citation.point), [])
        missing = next((i for i, step in enumerate(path) if step is None), None)
        if not path or missing is not None:
            level = ("article", "clause", "point")[missing or 0]
            label = {"article": citation.article, "clause": citation.clause, "point": citation.point}[level]
            reason = f"no {level} {label} in {document.number or document.title}"
            return Resolution(citation, identity, document, None, None, None, False, reason)
        last = path[-1]
        assert last is not None
        in_force = next((v for v in versions.get(last[0], []) if v.covers(day)), None)
        return Resolution(citation, identity, document, last[0], last[1], in_force, True, None)

    # -------------------------------------------------------------------------------- documents
    def _documents(self, identities: list[Identity]) -> list[DocumentRow | None]:
        wanted: dict[tuple[str, int | None], None] = {}
        for identity in identities:
            if identity.number:
                serial, year, _code = split_number(identity.number)
                if (serial, year) not in wanted and not self.documents.get((serial, year))[0]:
                    wanted[(serial, year)] = None
        if wanted:
            for key, rows in lookup_documents(list(wanted)).items():
                self.documents.put(key, rows)
        out: list[DocumentRow | None] = []
        for identity in identities:
            if not identity.number:
                out.append(None)
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
    candidates = exact or [r for r in rows if codes_compatible(code, split_number(r.number)[2])]
    if not exact and len({number_key(r.number) for r in candidates}) != 1:
        return None
    candidates.sort(key=lambda r: r.doc_type not in _LAW_TYPES)
    return candidates[0]


def _why_no_document(citation: Citation, identity: Identity) -> str:
    if identity.basis == "relative":
        return "refers to the document it is written in"
    if identity.number:
        return f"{identity.number}: not in the corpus"
    if citation.document is None:
        return "no document named" if citation.document_from == "none" else "document not identified"
    if identity.title:
        return f"{identity.title}{f' ({identity.year})' if identity.year else ''}: no number known for this name"
    return "document not identified"


# ------------------------------------------------------------------------------------ the corpus
# The only three functions that read ecourt.laws' tables.


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
    rows = LegalDocument.objects.filter(condition).values_list("id", "number", "title", "doc_type", "issued_on")
    for pk, number, title, doc_type, issued_on in rows:
        serial, year, _code = split_number(number)
        row = DocumentRow(pk, number, title, doc_type, issued_on.year if issued_on else year)
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
