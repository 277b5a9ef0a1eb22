"""A statement from a consolidated text (văn bản hợp nhất, numbered without a year: "01/VBHN-VPQH", the
consolidated Criminal Code) keeps its citation: the check writes it "khoản 1 Điều 418 01/VBHN-VPQH" and
the citator must read that back (bench/assistant found such statements all dropped as not found)."""

from __future__ import annotations

import datetime

import pytest

from ecourt.assistant import answers, checking
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentType, ProvisionKind

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2017, 7, 10)
DAY = datetime.date(2026, 11, 26)
TEXT = "1. Người nào lợi dụng chức vụ, quyền hạn gây thiệt hại cho lợi ích của Nhà nước."


def test_a_citation_of_a_consolidated_text_by_its_number_is_kept() -> None:
    code = LegalDocumentFactory(
        number="01/VBHN-VPQH",
        key="01-vbhn-vpqh-2017",
        doc_type=DocumentType.CONSOLIDATED,
        title="Văn bản hợp nhất Bộ luật Hình sự",
        issuer="Văn phòng Quốc hội",
        issued_on=ISSUED,
        effective_from=ISSUED,
    )
    article = ProvisionFactory(document=code, number="418", title="Tội lợi dụng chức vụ", position=1)
    ProvisionVersionFactory(provision=article, text="", valid_from=ISSUED)
    clause = ProvisionFactory(document=code, parent=article, kind=ProvisionKind.CLAUSE, number="1", position=2)
    ProvisionVersionFactory(provision=clause, text=TEXT, valid_from=ISSUED)
    citation = checking.citation_of_source(code.number, code.key, "dieu-418/khoan-1")
    assert citation.written == "khoản 1 Điều 418 01/VBHN-VPQH"
    statement = answers.Statement(text=TEXT, citations=[citation])
    checked = checking.check_draft(answers.Draft(statements=[statement]), DAY)
    assert checked.removed == []
    assert [c.verdict for s in checked.statements for c in s.citations] == ["valid"]
