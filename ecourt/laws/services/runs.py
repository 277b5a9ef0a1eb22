"""An import run: checked inputs written one document per transaction, recorded as a Job.

Readers check the whole input before this runs (a malformed file writes nothing). Each document is
then written in its own transaction together with its ``ImportRecord``; a document whose record holds
the same checksum is skipped, so a second run changes nothing and a run that stopped (a crash, a
refused document, ``max_documents``) continues where it stopped when started again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from tqdm import tqdm

from ecourt.jobs.models import Job
from ecourt.jobs.services import finish_run, start_run

from ..errors import LawDataError
from ..inputs import META_MENTION, DocumentInput
from ..models import ImportRecord, LegalDocument
from ..parsing.amendments import read_amendments
from .amendments import AmendmentReport, apply_plan, reapply_to
from .documents import upsert_document
from .relations import date_pending_relations, relate
from .texts import write_text

JOB_KIND = "laws.import"


class ImportStoppedError(Exception):
    """The run stopped after the number of documents it was asked to write."""


@dataclass
class RunResult:
    source: str
    job_id: int | None = None
    documents: int = 0
    written: int = 0
    unchanged: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    amendments: AmendmentReport = field(default_factory=AmendmentReport)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "documents": self.documents,
            "written": self.written,
            "unchanged": self.unchanged,
            "counts": dict(self.counts),
            "amendments": self.amendments.as_dict(),
            "warnings": len(self.warnings),
            "warning_samples": self.warnings[:20],
            "seconds": round(self.seconds, 1),
            "stopped": self.stopped,
        }


def write_document(
    document_input: DocumentInput, *, job: Job | None = None
) -> tuple[bool, Counter[str], AmendmentReport]:
    """Write one document (its own transaction); False when its record says it is already written."""
    inp = document_input
    record = ImportRecord.objects.filter(locator=inp.locator).first()
    if record is not None and record.checksum == inp.checksum and record.document_id is not None:
        return False, Counter(), AmendmentReport()
    counts: Counter[str] = Counter()
    report = AmendmentReport()
    try:
        with transaction.atomic():
            document, changed = upsert_document(inp.key, inp.metas, inp.source)
            counts["documents_changed"] += changed
            if inp.body is not None:
                text = write_text(document, inp.body, source=inp.source, rank=inp.text_rank, keep_upper=inp.keep_upper)
                counts.update({k: v for k, v in text.as_dict().items() if v})
            for key, meta in inp.mentioned:
                _, changed = upsert_document(key, [(META_MENTION, meta)], inp.source)
                counts["mentioned_documents_changed"] += changed
            for relation in inp.relations:
                other, _ = upsert_document(relation.other_key, [(META_MENTION, relation.other)], inp.source)
                source, target = (document, other) if relation.outgoing else (other, document)
                counts["relations_changed"] += relate(
                    source,
                    target,
                    relation.kind,
                    effective_on=source.effective_from,
                    partial=relation.partial,
                    note=relation.note,
                )
            if inp.body is not None:
                report.merge(apply_plan(document, read_amendments(inp.body, document.title), source=inp.source))
                report.merge(reapply_to(document, source=inp.source))
            date_pending_relations(document)
            ImportRecord.objects.update_or_create(
                locator=inp.locator,
                defaults={
                    "source": inp.source,
                    "checksum": inp.checksum,
                    "document": document,
                    "job": job,
                    "counts": dict(counts),
                },
            )
    except DatabaseError as exc:
        raise LawDataError(f"{inp.where}: the database refused it ({exc})") from exc
    except LawDataError as exc:
        raise LawDataError(f"{inp.where}: {exc}") from exc
    return True, counts, report


def run_import(
    source: str,
    inputs: Sequence[DocumentInput],
    *,
    params: dict[str, Any] | None = None,
    progress: bool = False,
    max_documents: int | None = None,
    record_job: bool = True,
    prelude: Sequence[DocumentInput] = (),
) -> RunResult:
    """Write ``inputs`` (after ``prelude``, the catalogue, silently) and record the run as a Job."""
    started = time.monotonic()
    result = RunResult(source=source, documents=len(inputs))
    job = None
    if record_job:
        job = start_run(JOB_KIND, params or {"source": source})
        result.job_id = job.pk
    try:
        for inp in prelude:
            write_document(inp, job=job)
        with tqdm(total=len(inputs), desc=f"Laws: {source}", unit="doc", disable=not progress) as bar:
            for inp in inputs:
                written, counts, report = write_document(inp, job=job)
                result.written += written
                result.unchanged += not written
                result.counts.update(counts)
                result.amendments.merge(report)
                result.warnings += (
                    inp.warnings
                    if inp.where in " ".join(inp.warnings[:1])
                    else [f"{inp.where}: {w}" for w in inp.warnings]
                )
                bar.update(1)
                if max_documents is not None and result.written >= max_documents and inp is not inputs[-1]:
                    raise ImportStoppedError
    except ImportStoppedError:
        result.stopped = True
        _finish(
            job, result, started, error=f"Stopped after {result.written} documents as asked: run again to continue."
        )
        return result
    except BaseException as exc:
        _finish(job, result, started, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(job, result, started)
    return result


def _finish(job: Job | None, result: RunResult, started: float, *, error: str = "") -> None:
    result.seconds = time.monotonic() - started
    if job is not None:
        finish_run(job, result=result.as_dict(), error=error)


def corpus_counts() -> dict[str, int]:
    """How many rows the corpus holds (for reports)."""
    from ..models import ArticleReading, DocumentRelation, Provision, ProvisionVersion

    return {
        "documents": LegalDocument.objects.count(),
        "documents_with_text": LegalDocument.objects.filter(provisions__isnull=False).distinct().count(),
        "provisions": Provision.objects.count(),
        "versions": ProvisionVersion.objects.count(),
        "readings": ArticleReading.objects.count(),
        "relations": DocumentRelation.objects.count(),
    }
