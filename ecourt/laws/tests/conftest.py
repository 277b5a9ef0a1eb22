"""Helpers of the legal corpus's tests: subsets of the real shared data in temporary folders, a
snapshot of every row the importers write, and removal of the committed rows a module imported.

Modules that import real data do it once (a module-scoped fixture with ``django_db_blocker``); their
tests see the committed rows and each test's own changes are rolled back by the ``db`` fixture.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Q

from ecourt.jobs.models import Job
from ecourt.laws.importers.common import shared_data
from ecourt.laws.models import (
    ArticleReading,
    DocumentRelation,
    ImportRecord,
    LegalDocument,
    Provision,
    ProvisionVersion,
)
from ecourt.laws.services.runs import JOB_KIND

SHARED = shared_data()
DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not here")


def wipe_corpus() -> None:
    """Remove every row the importers write (versions first: they protect the documents that
    introduced them)."""
    ArticleReading.objects.all().delete()
    ImportRecord.objects.all().delete()
    DocumentRelation.objects.all().delete()
    ProvisionVersion.objects.all().delete()
    Provision.objects.all().delete()
    LegalDocument.objects.all().delete()
    Job.objects.filter(Q(kind=JOB_KIND) | Q(kind__startswith="search.")).delete()  # imports index what they write


def snapshot() -> dict[str, Any]:
    """Everything the importers write, as plain values, to compare two states of the database."""
    return {
        "documents": sorted(
            LegalDocument.objects.values_list(
                "key",
                "number",
                "doc_type",
                "title",
                "issuer",
                "signer",
                "issued_on",
                "effective_from",
                "effective_to",
                "aliases",
                "sources",
                "metadata_ranks",
            ),
            key=str,
        ),
        "provisions": sorted(
            Provision.objects.values_list("document__key", "key", "kind", "number", "title", "position", "parent__key"),
            key=str,
        ),
        "versions": sorted(
            ProvisionVersion.objects.values_list(
                "provision__document__key",
                "provision__key",
                "text",
                "title",
                "valid_from",
                "valid_to",
                "introduced_by__key",
                "repealed",
                "sources",
            ),
            key=str,
        ),
        "readings": sorted(
            ArticleReading.objects.values_list("provision__key", "checksum", "sources", "preferred"), key=str
        ),
        "relations": sorted(
            DocumentRelation.objects.values_list(
                "source__key",
                "target__key",
                "kind",
                "target_provision__key",
                "source_provision__key",
                "effective_on",
                "partial",
            ),
            key=str,
        ),
    }


def alqac_subset(root: Path, year: str, names: list[str]) -> Path:
    """A release folder under ``root`` with only the named documents of its law.json (records as they are)."""
    folder = root / f"alqac-{year}"
    folder.mkdir(parents=True, exist_ok=True)
    documents = json.loads((SHARED / f"alqac-{year}" / "law.json").read_text(encoding="utf-8"))
    chosen = [doc for doc in documents if doc["id"] in names]
    assert len(chosen) == len(names), f"not all of {names} are in alqac-{year}"
    (folder / "law.json").write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    return folder


def alqac_2025_subset(root: Path, names: list[str]) -> Path:
    folder = root / "alqac-2025" / "law_by_document"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SHARED / "alqac-2025" / "law_by_document" / f"{name}.json", folder / f"{name}.json")
    return folder.parent


def corpus_subset(root: Path, law_ids: list[str]) -> Path:
    documents = json.loads((SHARED / "alqac-2026-judgments" / "corpus_law_pub.json").read_text(encoding="utf-8"))
    chosen = [doc for doc in documents if doc["law_id"] in law_ids]
    path = root / "corpus_law_pub.json"
    path.write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    return path


def gazette_subset(root: Path, names: list[str]) -> Path:
    folder = root / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SHARED / "congbao-gazette-pages" / "pages" / name, folder / name)
    return root
