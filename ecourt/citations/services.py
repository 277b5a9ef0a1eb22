"""Linking texts: every citation of a judgment or of a provision's text recorded in the citation graph.

``link_judgment`` and ``link_versions`` (re)link texts: a text's old rows are deleted and its new rows
written in one transaction, with a ``LinkedText`` holding the checksum of the text linked — so
relinking is idempotent, and ``link_pending`` finds what is missing or changed (a run that stopped
goes on from there). ``run_link`` is ``cite link``: a Job with a progress bar. The importers call
``link_judgments`` and ``link_after_laws_import`` at the end of their runs.

A precedent cited ("Án lệ số 08/2016/AL") resolves to its ``Precedent`` when one is registered with that
number (``target_precedent``); registering one later attaches the rows already written
(ecourt/precedents/services.py), so no relinking is needed.

A provision's text is resolved on the first day of its period, "Luật này" and "khoản 1 Điều này"
within its own document and article (``resolver.Within``).
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from ecourt.jobs.services import finish_run, start_run
from ecourt.judgments.models import Judgment
from ecourt.laws.models import DocumentRelation, Provision, ProvisionKind, ProvisionVersion
from ecourt.precedents.selectors import ids_by_number
from ecourt.search import engine

from .extractor import Extractor
from .header import header_domain
from .models import CitationLink, CitationStatus, CitingKind, LinkedText
from .pipeline import read_citations
from .prepare import prepare
from .resolver import Resolution, Resolver, Within

JOB_KIND = "citations.link"
SNIPPET = 150  # characters of context on each side
_BATCH = 2000  # rows per bulk insert


@dataclass
class LinkResult:
    texts: int = 0
    citations: int = 0
    resolved: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    job_id: int | None = None

    def add(self, other: LinkResult) -> None:
        self.texts += other.texts
        self.citations += other.citations
        self.resolved += other.resolved
        self.by_status.update(other.by_status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "citations": self.citations,
            "resolved": self.resolved,
            "by_status": dict(self.by_status),
            "seconds": round(self.seconds, 1),
        }


class _Tools:
    """One extractor and one resolver (its caches) for a whole run."""

    def __init__(self) -> None:
        self.extractor = Extractor()
        self.resolver = Resolver()


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _snippet(text: str, start: int, end: int) -> str:
    before = " ".join(text[max(0, start - SNIPPET) : start].split())
    after = " ".join(text[end : end + SNIPPET].split())
    cited = " ".join(text[start:end].split())
    return f"{'…' if start > SNIPPET else ''}{before} {cited} {after}{'…' if end + SNIPPET < len(text) else ''}"[:400]


def _precedents(resolutions: Iterable[Resolution]) -> dict[str, int]:
    """The registered precedents that these citations name: number → id (one query per text)."""
    return ids_by_number(
        r.identity.number or ""
        for r in resolutions
        if r.citation.document is not None and r.citation.document.precedent
    )


def _row(
    resolution: Resolution, text: str, day: datetime.date, precedents: dict[str, int] | None = None, **citing: Any
) -> CitationLink:
    c = resolution.citation
    anchor = c.anchor if c.anchor[1] > c.anchor[0] else (c.start, c.end)
    document = resolution.document
    # "Án lệ số 08/2016/AL": precedents are not in the legal corpus but registered in ecourt.precedents;
    # one that is registered resolves the citation (its number is kept either way).
    precedent_id = None
    if c.document is not None and c.document.precedent and c.article is None:
        precedent_id = (precedents or {}).get(resolution.identity.number or "")
    if precedent_id is not None and not resolution.resolved:
        resolution = replace(resolution, resolved=True, status=CitationStatus.RESOLVED, reason=None)
    return CitationLink(
        target_precedent_id=precedent_id,
        start=c.start,
        end=c.end,
        anchor_start=anchor[0],
        anchor_end=anchor[1],
        text=c.text,
        snippet=_snippet(text, c.start, c.end),
        article=(c.article or "")[:20],
        clause=(c.clause or "")[:20],
        point=(c.point or "")[:20],
        cited_number=(document.number if document else resolution.identity.number or "")[:60],
        cited_name=(document.title if document else resolution.identity.title or "")[:300],
        target_document_id=document.id if document else None,
        target_provision_id=resolution.provision_id,
        target_key=resolution.provision_key or "",
        resolved=resolution.resolved,
        status=resolution.status,
        reason=(resolution.reason or "")[:300],
        day=day,
        year=day.year,
        **citing,
    )


def _count(result: LinkResult, rows: Sequence[CitationLink]) -> None:
    result.texts += 1
    result.citations += len(rows)
    result.resolved += sum(r.resolved for r in rows)
    result.by_status.update(r.status for r in rows)


# ------------------------------------------------------------------------------------------ judgments


def link_judgment(judgment: Judgment, *, tools: _Tools | None = None) -> LinkResult:
    """(Re)link one judgment: its rows replaced in one transaction."""
    tools = tools or _Tools()
    found = read_citations(judgment.text, day=judgment.decided_on, resolver=tools.resolver, extractor=tools.extractor)
    citing = {
        "citing_kind": CitingKind.JUDGMENT,
        "citing_judgment_id": judgment.pk,
        "court_id": judgment.court_id,
        "court_name": (judgment.court.name if judgment.court else judgment.court_name)[:200],
    }
    precedents = _precedents(found.resolutions)
    rows = [_row(r, judgment.text, found.day, precedents, **citing) for r in found.resolutions]
    with transaction.atomic():
        CitationLink.objects.filter(citing_judgment=judgment).delete()
        CitationLink.objects.bulk_create(rows, batch_size=_BATCH)
        LinkedText.objects.update_or_create(
            judgment=judgment,
            defaults={
                "checksum": checksum(judgment.text),
                "citations": len(rows),
                "resolved": sum(r.resolved for r in rows),
            },
        )
    result = LinkResult()
    _count(result, rows)
    return result


def link_judgments(ids: Iterable[int], *, progress: bool = False, tools: _Tools | None = None) -> LinkResult:
    started = time.monotonic()
    tools = tools or _Tools()
    result = LinkResult()
    ids = list(ids)
    with tqdm(total=len(ids), desc="Citations: judgments", unit="judgment", disable=not progress) as bar:
        for start in range(0, len(ids), 50):
            for judgment in (
                Judgment.objects.filter(pk__in=ids[start : start + 50]).select_related("court").order_by("pk")
            ):
                result.add(link_judgment(judgment, tools=tools))
                bar.update(1)
    # What a judgment cites is searchable (the portal's "cited" filters): its entry follows its links.
    engine.index_later("judgments", ids)
    result.seconds = time.monotonic() - started
    return result


# ------------------------------------------------------------------------------------- provision texts


def link_versions(ids: Iterable[int], *, progress: bool = False, tools: _Tools | None = None) -> LinkResult:
    """(Re)link these provision texts, one transaction per document."""
    started = time.monotonic()
    tools = tools or _Tools()
    result = LinkResult()
    by_document: dict[int, list[int]] = defaultdict(list)
    for pk, document_id in ProvisionVersion.objects.filter(pk__in=list(ids)).values_list(
        "pk", "provision__document_id"
    ):
        by_document[document_id].append(pk)
    total = sum(len(v) for v in by_document.values())
    with tqdm(total=total, desc="Citations: laws", unit="text", disable=not progress) as bar:
        for document_id in sorted(by_document):
            part = _link_document_versions(document_id, by_document[document_id], tools)
            result.add(part)
            bar.update(part.texts)
    result.seconds = time.monotonic() - started
    return result


def _link_document_versions(document_id: int, ids: list[int], tools: _Tools) -> LinkResult:
    versions = list(
        ProvisionVersion.objects.filter(pk__in=ids).select_related("provision", "provision__document").order_by("pk")
    )
    articles = dict(
        Provision.objects.filter(document_id=document_id, kind=ProvisionKind.ARTICLE).values_list("key", "number")
    )
    acted_on = _acted_on(document_id)
    rows: list[CitationLink] = []
    linked: list[LinkedText] = []
    result = LinkResult()
    for version in versions:
        document = version.provision.document
        day = version.valid_from or document.effective_from or document.issued_on or datetime.date.today()
        text = version.text
        own: list[CitationLink] = []
        if text.strip():
            prepared = prepare(text)
            citations = tools.extractor.extract(prepared)
            if citations:
                within = _within_amended(version.provision.key, acted_on) or Within(
                    document_id, articles.get(version.provision.key.split("/")[0])
                )
                citing = {
                    "citing_kind": CitingKind.LAW,
                    "citing_version_id": version.pk,
                    "citing_document_id": document_id,
                }
                resolved = tools.resolver.resolve(citations, day, header_domain(prepared), within)
                precedents = _precedents(resolved)
                own = [_row(r, text, day, precedents, **citing) for r in resolved]
        rows += own
        _count(result, own)
        linked.append(
            LinkedText(
                version_id=version.pk,
                checksum=checksum(text),
                citations=len(own),
                resolved=sum(r.resolved for r in own),
            )
        )
    with transaction.atomic():
        CitationLink.objects.filter(citing_version_id__in=ids).delete()
        LinkedText.objects.filter(version_id__in=ids).delete()
        CitationLink.objects.bulk_create(rows, batch_size=_BATCH)
        LinkedText.objects.bulk_create(linked, batch_size=_BATCH)
    return result


def _acted_on(document_id: int) -> dict[str, set[tuple[int, str | None]]]:
    """Per provision key of an amending document, the documents (and articles) it amends, supplements or
    repeals, from the relations the importer read."""
    out: dict[str, set[tuple[int, str | None]]] = defaultdict(set)
    rows = (
        DocumentRelation.objects.filter(source_id=document_id, source_provision__isnull=False)
        .exclude(target_id=document_id)
        .values_list("source_provision__key", "target_id", "target_provision__key")
    )
    for source_key, target_id, target_key in rows:
        article = target_key.split("/")[0].removeprefix("dieu-") if target_key else None
        out[source_key].add((target_id, article))
    return out


def _within_amended(key: str, acted_on: dict[str, set[tuple[int, str | None]]]) -> Within | None:
    """The text an amending instruction is written about: "Sửa đổi, bổ sung khoản 2 Điều 4 như sau" and
    the quoted new text ("Điều này", "Nghị định này") speak of the amended document, not of the amending
    one. The most specific provision (the clause before its article) with relations to one document
    decides; None where there are none or several documents."""
    parts = key.split("/")
    for depth in range(len(parts), 0, -1):
        targets = acted_on.get("/".join(parts[:depth]))
        if not targets:
            continue
        documents = {target for target, _ in targets}
        if len(documents) != 1:
            return None
        articles = {article for _, article in targets if article}
        return Within(documents.pop(), articles.pop() if len(articles) == 1 else None)
    return None


# ------------------------------------------------------------------------------------------ what to link


def pending_versions() -> list[int]:
    """Provision texts never linked, or changed since."""
    out = []
    rows = ProvisionVersion.objects.values_list("pk", "text", "linked__checksum").iterator(chunk_size=5000)
    for pk, text, linked in rows:
        if linked is None or linked != checksum(text):
            out.append(pk)
    return out


def pending_judgments() -> list[int]:
    out = []
    rows = Judgment.objects.values_list("pk", "text", "linked__checksum").iterator(chunk_size=200)
    for pk, text, linked in rows:
        if linked is None or linked != checksum(text):
            out.append(pk)
    return out


def citing_unresolved(document_ids: Iterable[int], numbers: Iterable[str]) -> tuple[set[int], set[int]]:
    """Texts with a citation that did not resolve and names one of these documents (by id or number):
    a new or changed document may resolve them now. (judgment ids, version ids)"""
    rows = CitationLink.objects.exclude(status=CitationStatus.RESOLVED).filter(
        Q(target_document_id__in=list(document_ids)) | Q(cited_number__in=[n for n in numbers if n])
    )
    judgments, versions = set(), set()
    for judgment_id, version_id in rows.values_list("citing_judgment_id", "citing_version_id").distinct():
        if judgment_id:
            judgments.add(judgment_id)
        if version_id:
            versions.add(version_id)
    return judgments, versions


def link_pending(
    *, laws: bool = True, judgments: bool = True, force: bool = False, progress: bool = False
) -> LinkResult:
    """Link what is missing or changed (everything with ``force``)."""
    started = time.monotonic()
    tools = _Tools()
    result = LinkResult()
    if laws:
        ids = list(ProvisionVersion.objects.values_list("pk", flat=True)) if force else pending_versions()
        result.add(link_versions(ids, progress=progress, tools=tools))
    if judgments:
        ids = list(Judgment.objects.values_list("pk", flat=True)) if force else pending_judgments()
        result.add(link_judgments(ids, progress=progress, tools=tools))
    result.seconds = time.monotonic() - started
    return result


def link_after_laws_import(
    document_ids: Iterable[int], numbers: Iterable[str], *, progress: bool = False
) -> LinkResult:
    """After a laws import: the provision texts it added or changed, and the texts whose unresolved
    citations name a document it wrote."""
    started = time.monotonic()
    tools = _Tools()
    judgments, versions = citing_unresolved(document_ids, numbers)
    result = link_versions(sorted({*pending_versions(), *versions}), progress=progress, tools=tools)
    result.add(link_judgments(sorted(judgments), progress=progress, tools=tools))
    result.seconds = time.monotonic() - started
    return result


def run_link(*, laws: bool = True, judgments: bool = True, force: bool = False, progress: bool = False) -> LinkResult:
    """``cite link``: ``link_pending`` recorded as a Job."""
    job = start_run(JOB_KIND, {"laws": laws, "judgments": judgments, "force": force})
    try:
        result = link_pending(laws=laws, judgments=judgments, force=force, progress=progress)
    except BaseException as exc:
        finish_run(job, error=f"{type(exc).__name__}: {exc}")
        raise
    result.job_id = job.pk
    finish_run(job, result=result.as_dict())
    return result
