"""The bulk data: published judgments as gzipped JSON Lines and CSV, the citation edges (provision,
precedent, document), a manifest whose checksums match, written whole or not at all."""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ecourt.citations.services import link_judgments
from ecourt.citations.tests.graph_fixtures import corpus, judgment
from ecourt.judgments import bulk
from ecourt.laws.models import DocumentType, LegalDocument

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 25)


@pytest.fixture
def published() -> list[Any]:
    corpus()
    LegalDocument.objects.create(key="58-2023-al", number="58/2023/AL", doc_type=DocumentType.PRECEDENT, title="Án lệ")
    cites = "Căn cứ khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015; Án lệ số 58/2023/AL."
    made = [
        judgment("1", cites, datetime.date(2024, 3, 1)),
        judgment("2", "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2024, 4, 1)),
        judgment("3", "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2024, 5, 1)),
    ]
    link_judgments([j.pk for j in made])
    made[2].published = False  # withdrawn: neither it nor its citations are in the bulk data
    made[2].save()
    return made[:2]


def read_gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def test_the_export_holds_the_published_judgments_and_their_citation_edges(published: list[Any], tmp_path: Path):
    result = bulk.export_bulk(DAY, root=tmp_path)
    folder = tmp_path / "2026-11-25"
    assert (result.folder, result.judgments) == (folder, 2)
    lines = [json.loads(line) for line in read_gz(folder / "judgments.jsonl.gz").splitlines()]
    assert [row["id"] for row in lines] == [published[0].pk, published[1].pk]  # not the unpublished one
    assert list(lines[0]) == list(bulk.JUDGMENT_FIELDS)
    assert lines[0]["text"] == published[0].text
    assert lines[0]["decided_on"] == "2024-03-01"
    table = list(csv.DictReader(io.StringIO(read_gz(folder / "judgments.csv.gz"))))
    assert [int(r["id"]) for r in table] == [published[0].pk, published[1].pk]
    assert "text" not in table[0]
    edges = list(csv.DictReader(io.StringIO(read_gz(folder / "citations.csv.gz"))))
    assert [(int(e["judgment_id"]), e["kind"], e["document_number"], e["provision_key"]) for e in edges] == [
        (published[0].pk, "provision", "92/2015/QH13", "dieu-147/khoan-1"),
        (published[0].pk, "precedent", "58/2023/AL", ""),
        (published[1].pk, "provision", "92/2015/QH13", "dieu-26"),
    ]
    assert result.citations == 3
    edge = edges[0]
    assert published[0].text[int(edge["start"]) : int(edge["end"])] == edge["text"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == bulk.SCHEMA_VERSION
    for name, entry in manifest["files"].items():
        data = (folder / name).read_bytes()
        assert (entry["bytes"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert manifest["files"]["citations.csv.gz"]["rows"] == 3
    assert (tmp_path / "latest").resolve() == folder.resolve()


def test_a_failed_export_leaves_the_previous_one_and_no_partial_folder(
    published: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    first = bulk.export_bulk(DAY, root=tmp_path)
    before = (first.folder / "judgments.jsonl.gz").read_bytes()
    published[1].text = "Căn cứ Điều 147 Bộ luật Tố tụng dân sự năm 2015."
    published[1].save()

    def broken() -> Any:
        yield {"judgment_id": 1}
        raise OSError("disk full")

    monkeypatch.setattr(bulk, "_citation_rows", broken)
    with pytest.raises(OSError, match="disk full"):
        bulk.export_bulk(DAY, root=tmp_path)
    assert (first.folder / "judgments.jsonl.gz").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-11-25", "latest"]


def test_the_command_writes_to_the_export_folder_and_refuses_a_bad_day(published: list[Any], settings: Any):
    out = io.StringIO()
    call_command("judgments", "export", "--date", "2026-11-25", stdout=out)
    assert "2 judgments, 3 citation edges" in out.getvalue()
    assert (Path(settings.EXPORT_DIR) / "2026-11-25" / "manifest.json").exists()
    with pytest.raises(CommandError, match="is not a day"):
        call_command("judgments", "export", "--date", "25/11/2026")
