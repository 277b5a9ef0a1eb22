"""A statement from the Constitution (a document without a number, keyed hien-phap-2013) keeps its
citation: the check writes it by the document's name, "khoản 2 Điều 14 Hiến pháp năm 2013", which the
citator reads back whole, and compares the document by its key (bench/assistant found every citation of
the Constitution removed as not found, 41 of them). An invented article of it is still removed."""

from __future__ import annotations

import datetime

import pytest

from ecourt.assistant import answers, checking
from ecourt.laws.factories import (
    CONSTITUTION_2013_IN_FORCE,
    CONSTITUTION_TITLE,
    LegalDocumentFactory,
    constitution_2013,
)
from ecourt.laws.models import DocumentType, LegalDocument

pytestmark = pytest.mark.django_db

IN_FORCE = CONSTITUTION_2013_IN_FORCE
DAY = datetime.date(2025, 1, 1)
TITLE = CONSTITUTION_TITLE
TEXT = "Quyền con người, quyền công dân chỉ có thể bị hạn chế theo quy định của luật trong trường hợp cần thiết."


@pytest.fixture
def constitution() -> LegalDocument:
    return constitution_2013(TEXT)


def _citation(article: str = "14", clause: str | None = "2", key: str = "hien-phap-2013") -> answers.Citation:
    """As answers.cite makes it from a passage of the provisions index (number "", the full title)."""
    provision = f"dieu-{article}" + (f"/khoan-{clause}" if clause else "")
    return answers.Citation(
        number="",
        document_title=TITLE,
        article=article,
        clause=clause,
        document_key=key,
        provision_key=provision,
        valid_from=IN_FORCE,
    )


def _checked(*citations: answers.Citation, day: datetime.date = DAY) -> answers.Draft:
    statement = answers.Statement(text=TEXT, citations=list(citations))
    return checking.check_draft(answers.Draft(statements=[statement]), day)


def test_a_citation_of_the_constitution_is_written_by_its_name_and_kept(constitution: LegalDocument) -> None:
    citation = _citation()
    checked = _checked(citation)
    assert checked.removed == []
    [kept] = [c for s in checked.statements for c in s.citations]
    assert kept.verdict == "valid"
    assert kept.written == "khoản 2 Điều 14 Hiến pháp năm 2013"
    assert kept.url == "/laws/hien-phap-2013/dieu-14/khoan-2/"
    assert "document_name" not in kept.as_dict()  # the answer's data keeps its fields


def test_without_its_short_title_the_title_is_written(constitution: LegalDocument) -> None:
    LegalDocument.objects.filter(pk=constitution.pk).update(short_title="")
    citation = _citation()
    assert checking.check_citation(citation, DAY)[0]
    assert citation.written == f"khoản 2 Điều 14 {TITLE}"


def test_an_invented_article_of_the_constitution_is_still_removed(constitution: LegalDocument) -> None:
    checked = _checked(_citation(), _citation(article="999", clause=None))
    assert [r["verdict"] for r in checked.removed] == ["not_found"]
    assert [c.provision_key for s in checked.statements for c in s.citations] == ["dieu-14/khoan-2"]
    assert _checked(_citation(article="999", clause=None)).statements == []


def test_before_the_constitution_took_effect_its_citation_is_removed(constitution: LegalDocument) -> None:
    checked = _checked(_citation(), day=datetime.date(2013, 12, 31))
    assert checked.statements == []
    assert [r["verdict"] for r in checked.removed] == ["not_yet_in_force"]


def test_a_document_without_a_number_is_compared_by_its_key(constitution: LegalDocument) -> None:
    other = LegalDocumentFactory(
        number="", key="bo-luat-dan-su-1995", doc_type=DocumentType.CODE, title="Bộ luật Dân sự"
    )
    # a citation of another numberless document is not the Constitution's provision, even if the name
    # written reads back as the Constitution
    wrong = _citation(key=other.key)
    wrong.document_name = "Hiến pháp năm 2013"
    assert checking.check_citation(wrong, DAY)[0] is False
    # without a key there is nothing to compare: not kept
    keyless = _citation(key="")
    keyless.document_name = "Hiến pháp năm 2013"
    assert checking.check_citation(keyless, DAY)[0] is False


def test_a_standardized_answer_citing_the_constitution_relies_on_it(constitution: LegalDocument) -> None:
    verdict = checking.check_source("Hiến pháp", "", "hien-phap-2013", "dieu-14/khoan-2", DAY)
    assert verdict is not None
    assert (verdict.code, verdict.provision) == ("valid", "dieu-14/khoan-2")
    assert checking.check_source("Hiến pháp", "", "hien-phap-2013", "dieu-999", DAY) is None
