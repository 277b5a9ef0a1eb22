"""The legal corpus in search: documents found by number, title and text without diacritics; article
periods filtered by the day they were in force; a rebuild by the command."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.laws.imports import import_source
from ecourt.laws.models import LegalDocument, ProvisionVersion
from ecourt.laws.search import LAWS, PROVISIONS, day_number, in_force_on
from ecourt.search import engine

from .decrees import AFTER, AMENDING, BASE, BEFORE, decrees  # noqa: F401 - the module fixture

pytestmark = pytest.mark.usefixtures("decrees")


@pytest.fixture
def indexed(db: None) -> None:
    engine.rebuild(LAWS)
    engine.rebuild(PROVISIONS)


def numbers(results: engine.Results) -> list[str]:
    return [hit.fields["number"] for hit in results.hits]


def test_a_number_typed_whole_finds_the_document_before_the_documents_citing_it(indexed: None) -> None:
    results = engine.search("laws", BASE)
    # The amending decree names it in its title and text.
    assert numbers(results)[:2] == [BASE, AMENDING]
    first, second = (hit.score or 0.0 for hit in results.hits[:2])
    assert first > 3 * second
    assert numbers(engine.search("laws", "45/2026/nd-cp"))[0] == BASE


def test_titles_and_texts_are_found_without_diacritics(indexed: None) -> None:
    assert numbers(engine.search("laws", "tong dat dien tu van ban to tung"))[0] == BASE
    # Words only in the text (the inserted Article 4a, in the base decree's current text).
    assert BASE in numbers(engine.search("laws", "ma xac nhan"))
    results = engine.search("laws", "ma xac nhan", highlight_fields=["text"])
    assert "<mark>" in results.hits[0].highlights["text"]


def test_documents_are_filtered_and_counted_by_type_year_and_status(indexed: None) -> None:
    results = engine.search("laws", "*", filters={"doc_type": "nghi_dinh", "year": 2027}, facets=["status", "year"])
    assert numbers(results) == [AMENDING]
    assert {f.value for f in results.facets["year"]} == {2027}
    doc = LegalDocument.objects.get(number=BASE)
    assert engine.fetch("laws", [doc.pk])[doc.pk]["key"] == "45-2026-nd-cp"


def test_an_article_amended_clause_by_clause_has_one_entry_per_period(indexed: None) -> None:
    hits = engine.search("provisions", "*", filters={"number": BASE, "provision_key": "dieu-3"}, sort="valid_from").hits
    assert [(h.fields["valid_from"], h.fields["valid_to"]) for h in hits] == [
        (20260701, 20270701),
        (20270701, 99991231),
    ]
    assert "Tài khoản định danh điện tử" not in hits[0].fields["text"]
    assert "3. Tài khoản định danh điện tử" in hits[1].fields["text"]
    assert hits[0].fields["title"] == "Giải thích từ ngữ"
    # The id of a period is the version that opened it.
    assert ProvisionVersion.objects.get(pk=hits[1].id).valid_from == datetime.date(2027, 7, 1)


def test_provisions_in_force_on_a_day(indexed: None) -> None:
    def found(day: datetime.date) -> list[str]:
        results = engine.search("provisions", "xac nhan dia chi dien tu", filters={**in_force_on(day), "number": BASE})
        return [h.fields["provision_key"] for h in results.hits]

    assert "dieu-4a" not in found(BEFORE)  # inserted from 1 July 2027
    assert "dieu-4a" in found(AFTER)
    assert found(datetime.date(2026, 6, 30)) == []  # the decree is not yet in force
    assert day_number(datetime.date(2027, 7, 1)) == 20270701
    # A repealed clause leaves the article's later text.
    article_6 = engine.search(
        "provisions", "*", filters={**in_force_on(AFTER), "number": BASE, "provision_key": "dieu-6"}
    ).hits
    assert len(article_6) == 1
    assert "17 giờ" not in article_6[0].fields["text"]


def test_refreshing_a_period_by_its_version_id(indexed: None) -> None:
    hit = engine.search("provisions", "*", filters={"number": BASE, "provision_key": "dieu-1"}).hits[0]
    version = ProvisionVersion.objects.get(pk=hit.id)
    version.text = "Nghị định này quy định việc tống đạt bằng bồ câu đưa thư."
    version.save()
    assert engine.refresh("provisions", [hit.id]) == {"indexed": 1, "deleted": 0}
    assert [h.id for h in engine.search("provisions", "bo cau dua thu").hits] == [hit.id]


def test_the_command_rebuilds_both_corpora(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("search", "rebuild", "laws")
    call_command("search", "rebuild", "provisions")
    out = capsys.readouterr().out
    assert f"laws: {LegalDocument.objects.count()} documents" in out
    assert "provisions:" in out
    assert numbers(engine.search("provisions", "tai khoan dinh danh dien tu"))[0] == BASE


def test_an_import_indexes_what_it_wrote(db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    # No rebuild: the import queues the refresh of both corpora for the documents it wrote, run when
    # its transaction commits.
    from .conftest import DATA

    other = tmp_path / "nghi-dinh-46.txt"
    other.write_text((DATA / "nghi-dinh-goc.txt").read_text(encoding="utf-8").replace(BASE, "46/2026/NĐ-CP"))
    with django_capture_on_commit_callbacks(execute=True):
        import_source("text", other, record_job=False, link=False)
    assert numbers(engine.search("laws", "46/2026/NĐ-CP"))[0] == "46/2026/NĐ-CP"
    hits = engine.search("provisions", "*", filters={"number": "46/2026/NĐ-CP", **in_force_on(BEFORE)})
    assert (
        hits.total
        == ProvisionVersion.objects.filter(provision__document__number="46/2026/NĐ-CP", provision__kind="dieu").count()
        > 0
    )
