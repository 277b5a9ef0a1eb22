"""Answers on the platform's own corpus: a real decree imported from its text and the real decree that
amends it from 1 July 2027 (ecourt/laws/tests/data), indexed in the real "provisions" search corpus.
Each statement is a provision's own words with its citation, checked by the citator on the facts date."""

from __future__ import annotations

import pytest

from ecourt.assistant import answers, checking, knowledge
from ecourt.assistant.answers import Citation
from ecourt.assistant.services import compose
from ecourt.laws.search import PROVISIONS
from ecourt.laws.tests.decrees import AFTER, BASE, BEFORE, decrees  # noqa: F401 - the module fixture
from ecourt.search import engine

pytestmark = pytest.mark.usefixtures("decrees")

LATE = "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?"


@pytest.fixture
def indexed(db: None) -> None:
    engine.rebuild(PROVISIONS)


def test_a_statement_is_the_clause_that_answers_with_its_citation_and_link(indexed: None) -> None:
    draft, _ = compose(LATE, BEFORE)
    assert draft.known
    first = draft.statements[0]
    assert first.text == "3. Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo."
    [citation] = first.citations
    assert (citation.number, citation.article, citation.clause) == (BASE, "6", "3")
    assert citation.provision_key == "dieu-6/khoan-3"
    assert citation.url == "/laws/45-2026-nd-cp/dieu-6/khoan-3/"
    assert citation.verdict == "valid"
    assert citation.valid_from is not None
    assert citation.valid_from <= BEFORE
    assert "Điều 6" in first.source_title
    assert "17 giờ" in first.source_text


def test_only_the_text_in_force_on_the_facts_date_is_used(indexed: None) -> None:
    # Clause 3 of Article 6 is repealed from 1 July 2027: after that day no statement cites it.
    before = [c.provision_key for c in knowledge.provision_passages(LATE, BEFORE)[:1]]
    assert before == ["dieu-6"]
    draft, _ = compose(LATE, AFTER)
    assert "dieu-6/khoan-3" not in [c.provision_key for s in draft.statements for c in s.citations]
    # Article 4a (the confirmation code) exists only in the amended text.
    code = "Mã xác nhận địa chỉ điện tử"
    assert "dieu-4a" not in [p.provision_key for p in knowledge.provision_passages(code, BEFORE)]
    assert knowledge.provision_passages(code, AFTER)[0].provision_key == "dieu-4a"


def test_a_document_type_filter_keeps_other_types_out(indexed: None) -> None:
    assert knowledge.provision_passages(LATE, BEFORE, doc_type="luat") == []
    assert knowledge.provision_passages(LATE, BEFORE, doc_type="nghi_dinh")


def test_a_citation_not_in_force_or_invented_is_removed_and_listed(indexed: None) -> None:
    draft, _ = compose(LATE, BEFORE)
    statement = draft.statements[0]
    repealed = Citation(**{**statement.citations[0].__dict__, "verdict": None, "url": None})
    invented = Citation(**{**repealed.__dict__, "article": "99", "provision_key": "dieu-99"})
    statement.citations = [repealed, invented]
    checked = checking.check_draft(answers.Draft(statements=[statement]), AFTER)
    assert checked.statements == []  # clause 3 repealed on that day, Article 99 never existed
    assert [r["verdict"] for r in checked.removed] == ["repealed", "not_found"]


def test_weak_evidence_gives_no_statement(indexed: None) -> None:
    draft, _ = compose("Thủ tục đăng ký kết hôn với người nước ngoài gồm những giấy tờ gì?", BEFORE)
    assert not draft.known
