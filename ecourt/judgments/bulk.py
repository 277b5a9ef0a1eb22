"""Bulk data: every published judgment as compressed JSON Lines and CSV, and the citation graph's edges,
written each night (``judgments export``, the job ``judgments.export``, Celery beat) for researchers and
journalists who want the whole archive rather than the API's pages.

One export is a folder ``<EXPORT_DIR>/<YYYY-MM-DD>/`` with four files:

- ``judgments.jsonl.gz``: one JSON object per line, the fields of ``JUDGMENT_FIELDS`` (text included);
- ``judgments.csv.gz``: the same fields without the text (a spreadsheet cannot hold 30,000 characters a row);
- ``citations.csv.gz``: one row per resolved citation of a published judgment, ``CITATION_FIELDS``: the
  edge judgment → provision, or judgment → precedent when the citation names a registered precedent
  (ecourt.precedents) or the cited document is an án lệ;
- ``manifest.json``: the schema version, when it was made, and per file its rows, bytes and SHA-256.

The folder is written under a temporary name and renamed when complete, and ``latest`` is switched to it
afterwards: a reader never sees half an export, and a crash leaves the previous one in place.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from ecourt.citations.models import CitationLink
from ecourt.laws.models import DocumentType

from .models import Judgment

SCHEMA_VERSION = 2  # 2: kind, outcome and parties added
CHUNK = 500  # judgments read per query: the texts are large

JUDGMENT_FIELDS = (
    "id",  # the portal's id: /judgments/<id>/
    "number",  # as the court wrote it: 13/2017/DS-ST
    "court",  # the court's name as written in the judgment
    "court_code",  # the court map's code, empty when the court was not matched
    "decided_on",  # YYYY-MM-DD
    "case_type",  # DS, HNGĐ, KDTM, LĐ, HC, HS
    "instance",  # ST, PT, GĐT, TT
    "title",
    "url",  # the public page
    "source",  # where it was imported from (alqac-2026), or empty
    "kind",  # judgment | decision; empty when unknown
    "outcome",  # Outcome value: accepted, partly_accepted, rejected, upheld, guilty … unknown
    # JSON Lines: [{"role", "name", "kind"}] in order (role: JudgmentPartyRole value, kind: person |
    # organisation); CSV: "role: name" joined by " | "
    "parties",
    "text",  # JSON Lines only: the published (anonymized) text
)
CITATION_FIELDS = (
    "judgment_id",
    "kind",  # provision | precedent | document
    "document_number",  # 91/2015/QH13
    "document_key",  # 91-2015-qh13: /laws/<key>/
    "provision_key",  # dieu-357/khoan-1, empty for a document cited as a whole
    "text",  # the citation as written
    "start",  # offsets into the judgment's text
    "end",
)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    judgments: int
    citations: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "judgments": self.judgments,
            "citations": self.citations,
            "seconds": round(self.seconds, 1),
        }


def export_dir() -> Path:
    return Path(settings.EXPORT_DIR)


def export_bulk(day: datetime.date | None = None, *, root: Path | None = None) -> ExportResult:
    """Write the export of ``day`` (default today) under ``root`` (default EXPORT_DIR), replacing one
    of the same day; returns its folder and counts."""
    started = timezone.now()
    day = day or timezone.localdate()
    root = root or export_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / day.isoformat()
    partial = root / f".{day.isoformat()}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        files: dict[str, dict[str, Any]] = {}
        judgments = _write_judgments(partial, files)
        citations = _write_rows(partial / "citations.csv.gz", CITATION_FIELDS, _citation_rows(), files)
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "made_at": timezone.now().isoformat(),
            "day": day.isoformat(),
            "judgment_fields": list(JUDGMENT_FIELDS),
            "citation_fields": list(CITATION_FIELDS),
            "files": files,
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _point_latest(root, final)
    seconds = (timezone.now() - started).total_seconds()
    return ExportResult(final, judgments, citations, seconds)


def _published() -> Iterator[Judgment]:
    rows = Judgment.objects.filter(published=True).select_related("court").prefetch_related("parties").order_by("pk")
    yield from rows.iterator(chunk_size=CHUNK)


def _write_judgments(folder: Path, files: dict[str, dict[str, Any]]) -> int:
    """Both judgment files in one pass over the table."""
    jsonl_path, csv_path = folder / "judgments.jsonl.gz", folder / "judgments.csv.gz"
    count = 0
    with _HashedGzip(jsonl_path) as jsonl, _HashedGzip(csv_path) as table:
        writer = csv.DictWriter(table.text, fieldnames=[f for f in JUDGMENT_FIELDS if f != "text"])
        writer.writeheader()
        for judgment in _published():
            row = _judgment_row(judgment)
            jsonl.text.write(json.dumps(row, ensure_ascii=False) + "\n")
            writer.writerow({k: _csv_value(k, v) for k, v in row.items() if k != "text"})
            count += 1
    files[jsonl_path.name] = jsonl.summary(count)
    files[csv_path.name] = table.summary(count)
    return count


def _judgment_row(judgment: Judgment) -> dict[str, Any]:
    return {
        "id": judgment.pk,
        "number": judgment.number,
        "court": judgment.court_name,
        "court_code": judgment.court.code if judgment.court else "",
        "decided_on": judgment.decided_on.isoformat() if judgment.decided_on else "",
        "case_type": judgment.case_type,
        "instance": judgment.instance,
        "title": judgment.title,
        "url": f"/judgments/{judgment.pk}/",
        "source": judgment.source,
        "kind": judgment.kind,
        "outcome": judgment.outcome,
        "parties": [{"role": p.role, "name": p.name, "kind": p.kind} for p in judgment.parties.all()],
        "text": judgment.text,
    }


def _csv_value(name: str, value: Any) -> Any:
    if name == "parties":
        return " | ".join(f"{p['role']}: {p['name']}" for p in value)
    return value


def _citation_rows() -> Iterator[dict[str, Any]]:
    links = (
        CitationLink.objects.filter(citing_judgment__published=True, resolved=True)
        .select_related("target_document", "target_precedent")
        .order_by("citing_judgment_id", "start")
    )
    for link in links.iterator(chunk_size=5000):
        document = link.target_document
        if link.target_precedent is not None:
            # a registered precedent (ecourt.precedents): the edge judgment → precedent, its key /precedents/'s
            precedent = link.target_precedent
            yield {
                "judgment_id": link.citing_judgment_id,
                "kind": "precedent",
                "document_number": precedent.number,
                "document_key": precedent.key,
                "provision_key": "",
                "text": " ".join(link.text.split()),
                "start": link.start,
                "end": link.end,
            }
            continue
        if document is None:
            continue
        kind = "precedent" if document.doc_type == DocumentType.PRECEDENT else "provision"
        if not link.target_key and kind == "provision":
            kind = "document"
        yield {
            "judgment_id": link.citing_judgment_id,
            "kind": kind,
            "document_number": document.number,
            "document_key": document.key,
            "provision_key": link.target_key,
            "text": " ".join(link.text.split()),
            "start": link.start,
            "end": link.end,
        }


def _write_rows(
    path: Path, fields: tuple[str, ...], rows: Iterator[dict[str, Any]], files: dict[str, dict[str, Any]]
) -> int:
    count = 0
    with _HashedGzip(path) as out:
        writer = csv.DictWriter(out.text, fieldnames=list(fields))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    files[path.name] = out.summary(count)
    return count


def _point_latest(root: Path, folder: Path) -> None:
    """``latest`` → the newest export, switched atomically (a symlink renamed over the old one)."""
    link = root / "latest"
    temporary = root / f".latest-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.name)
    temporary.replace(link)


class _HashedGzip:
    """A gzip file written as UTF-8 text, with the SHA-256 and size of the compressed bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._raw = path.open("wb")
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0)
        self.text = io.TextIOWrapper(self._gzip, encoding="utf-8", newline="")

    def __enter__(self) -> _HashedGzip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.text.close()  # closes the gzip stream, which writes its trailer
        self._raw.close()

    def summary(self, rows: int) -> dict[str, Any]:
        digest = hashlib.sha256()
        with self.path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return {"rows": rows, "bytes": self.path.stat().st_size, "sha256": digest.hexdigest()}
