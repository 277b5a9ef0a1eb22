"""Importing ALQAC laws: one document however many releases print it, one reading per distinct text,
a second run that changes nothing, a run recorded as a Job, and bad input that writes nothing and names
the place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecourt.jobs.models import Job, JobStatus
from ecourt.laws.errors import LawDataError
from ecourt.laws.imports import import_source
from ecourt.laws.models import ArticleReading, LegalDocument, Provision
from ecourt.laws.selectors import find_provision, text_as_of
from ecourt.laws.services.runs import JOB_KIND

from .conftest import SHARED, alqac_2025_subset, alqac_subset, snapshot, wipe_corpus


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any, django_db_blocker: Any) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("alqac")
    alqac_subset(root, "2023", ["Luật Thanh niên", "Luật Viên chức"])
    alqac_subset(root, "2024", ["Luật Viên chức"])
    alqac_2025_subset(root, ["Luật Thanh niên"])
    with django_db_blocker.unblock():
        import_source("alqac", root)
    yield root
    with django_db_blocker.unblock():
        wipe_corpus()


pytestmark = pytest.mark.usefixtures("releases")


def test_a_law_printed_by_several_releases_is_one_document(db: None) -> None:
    youth = LegalDocument.objects.get(number="57/2020/QH14")
    assert LegalDocument.objects.filter(title="Luật Thanh niên", provisions__isnull=False).distinct().count() == 1
    # The law it says expires is recorded too, as replaced on the day it takes effect.
    replaced = youth.relations_out.get(kind="replaces")
    assert (replaced.target.number, str(replaced.effective_on)) == ("53/2005/QH11", "2021-01-01")
    assert youth.sources == ["alqac-2023", "alqac-2025", "catalogue"]
    assert youth.provisions.filter(kind="dieu").count() == 41
    assert (youth.signer, str(youth.effective_from)) == ("Nguyễn Thị Kim Ngân", "2021-01-01")


def test_identical_texts_share_one_reading_that_names_its_sources(db: None) -> None:
    article = find_provision("57/2020/QH14", 1)
    assert article is not None
    reading = ArticleReading.objects.get(provision=article)
    assert reading.sources == ["alqac-2023", "alqac-2025"]
    assert reading.preferred
    assert article.versions.get().sources == ["alqac-2023", "alqac-2025"]


def test_texts_that_differ_keep_one_reading_each_and_the_newest_release_gives_the_versions(db: None) -> None:
    article = find_provision("58/2010/QH12", 39)
    assert article is not None
    readings = {tuple(r.sources): r.preferred for r in ArticleReading.objects.filter(provision=article)}
    assert readings == {("alqac-2023",): False, ("alqac-2024",): True}
    assert article.document.effective_from is not None
    assert "Mục đích của đánh giá viên chức" in (text_as_of(article, article.document.effective_from) or "")


def test_a_second_import_changes_nothing(db: None, releases: Path) -> None:
    before = snapshot()
    result = import_source("alqac", releases)
    assert (result.documents, result.written, result.unchanged) == (4, 0, 4)
    assert snapshot() == before


def test_the_run_is_a_job_with_its_counts(db: None) -> None:
    job = Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED, params__source="alqac").order_by("id").first()
    assert job is not None
    assert job.result["written"] == 4
    assert job.result["counts"]["readings_created"] > 0


def test_articles_given_as_a_python_literal_are_read(db: None, tmp_path: Path) -> None:
    cyber = next(
        d
        for d in json.loads((SHARED / "alqac-2022" / "law.json").read_text(encoding="utf-8"))
        if d["id"] == "24/2018/QH14"
    )
    folder = tmp_path / "alqac-2022"
    folder.mkdir()
    (folder / "law.json").write_text(json.dumps([{**cyber, "articles": repr(cyber["articles"])}]), encoding="utf-8")
    import_source("alqac", folder)
    assert Provision.objects.filter(document__number="24/2018/QH14", kind="dieu").count() == 43


def _bad_release(tmp_path: Path, documents: Any, *, raw: str | None = None) -> Path:
    folder = tmp_path / "alqac-2023"
    folder.mkdir()
    (folder / "law.json").write_text(raw or json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    return folder


def _residence(tmp_path: Path, change: Any) -> Path:
    documents = json.loads((SHARED / "alqac-2023" / "law.json").read_text(encoding="utf-8"))
    residence = next(d for d in documents if d["id"] == "Luật Cư trú")
    change(residence["articles"])
    return _bad_release(tmp_path, [residence])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: _bad_release(p, None, raw='[{"id": "Luật Cư trú", "articles": ['),
            "law.json: is not valid JSON (line 1",
        ),
        (
            lambda p: _bad_release(p, [{"id": "Luật Không Có", "articles": [{"id": "1", "text": "A\\nB."}]}]),
            "law.json: document 1 (Luật Không Có): 'Luật Không Có' is not in the catalogue",
        ),
        (
            lambda p: _residence(p, lambda arts: arts[11].update(id="12 bis")),
            "law.json: document 1 (Luật Cư trú), article '12 bis': an article id is a number",
        ),
        (
            lambda p: _residence(p, lambda arts: arts[4].update(text=arts[4]["text"] + "\n\n“Điều 5a. Trích dẫn")),
            "law.json: document 1 (Luật Cư trú), article '5': a quotation opened here is not closed before article 6",
        ),
    ],
)
def test_bad_input_writes_nothing_and_names_the_place(db: None, tmp_path: Path, make: Any, message: str) -> None:
    before = snapshot()
    jobs = Job.objects.count()
    with pytest.raises(LawDataError) as caught:
        import_source("alqac", make(tmp_path))
    assert str(caught.value).startswith(message), str(caught.value)
    assert snapshot() == before
    assert Job.objects.count() == jobs
