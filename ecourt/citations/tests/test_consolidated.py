"""Consolidated texts (văn bản hợp nhất): their numbers carry no year by rule ("01/VBHN-VPQH", the
consolidated Criminal Code of 2017), and judgments, drafts and the assistant cite them bare ("khoản 1
Điều 418 01/VBHN-VPQH") or with their type ("Văn bản hợp nhất số 01/VBHN-VPQH")."""

from __future__ import annotations

import datetime

import pytest

from ecourt.citations.extractor import extract
from ecourt.citations.identity import identify
from ecourt.citations.verification import Verdict, check_text
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentType, LegalDocument, ProvisionKind

DAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "text",
    [
        "khoản 1 Điều 418 01/VBHN-VPQH",
        "khoản 1 Điều 418 Văn bản hợp nhất số 01/VBHN-VPQH",
        "khoản 1 Điều 418 của Văn bản hợp nhất 01/VBHN-VPQH ngày 10/7/2017",
        "khoản 1 Điều 418 01/VBHN - VPQH",
    ],
)
def test_a_consolidated_texts_number_without_a_year_is_the_document_of_the_chain(text):
    (citation,) = extract(text)
    assert (citation.article, citation.clause, citation.point) == ("418", "1", None)
    assert citation.text == text.split(" ngày")[0]  # the date after a number gives its year, outside the span
    assert identify(citation.document, DAY).number == "01/VBHN-VPQH"
    assert citation.document is not None
    assert citation.document.doc_type == "van_ban_hop_nhat"


def test_a_consolidated_text_named_alone_is_cited_as_a_whole():
    (citation,) = extract("Căn cứ Văn bản hợp nhất số 01/VBHN-VPQH ngày 10/7/2017 của Văn phòng Quốc hội;")
    assert citation.kind == "document"
    assert citation.text == "Văn bản hợp nhất số 01/VBHN-VPQH"
    assert citation.document is not None
    assert citation.document.year == 2017
    assert identify(citation.document, DAY).number == "01/VBHN-VPQH"


@pytest.mark.parametrize(
    "text",
    [
        "Điều 5 1213/QĐ-UBND",  # an individual decision: no year, not a consolidated text
        "Điều 5 01/VBHN",  # no issuer
        "Điều 5 01/2017/HS-ST",  # a judgment
    ],
)
def test_other_numbers_without_a_year_stay_unread(text):
    (citation,) = extract(text)
    assert citation.document is None


def _consolidated(number: str, issued_on: datetime.date, title: str) -> LegalDocument:
    document = LegalDocumentFactory(
        number=number,
        key=f"{number.lower().replace('/', '-')}-{issued_on.year}",
        doc_type=DocumentType.CONSOLIDATED,
        title=title,
        issuer="Văn phòng Quốc hội",
        issued_on=issued_on,
        effective_from=issued_on,
    )
    article = ProvisionFactory(document=document, number="418", title="Tội lợi dụng chức vụ", position=1)
    ProvisionVersionFactory(provision=article, text="", valid_from=issued_on)
    clause = ProvisionFactory(document=document, parent=article, kind=ProvisionKind.CLAUSE, number="1", position=2)
    ProvisionVersionFactory(provision=clause, text=f"1. {title}: khoản 1.", valid_from=issued_on)
    return document


def _key(verdict: Verdict) -> str | None:
    return verdict.document.key if verdict.document else None


@pytest.mark.django_db
def test_the_citator_checks_a_provision_of_a_consolidated_text_cited_by_its_bare_number():
    code = _consolidated("01/VBHN-VPQH", datetime.date(2017, 7, 10), "Văn bản hợp nhất Bộ luật Hình sự")
    (verdict,) = check_text("khoản 1 Điều 418 01/VBHN-VPQH", DAY).verdicts
    assert verdict.code == "valid"
    assert _key(verdict) == code.key
    assert verdict.provision == "dieu-418/khoan-1"


@pytest.mark.django_db
def test_two_consolidated_texts_with_one_number_are_told_apart_by_the_date_written_after_it():
    _consolidated("04/VBHN-BGTVT", datetime.date(2016, 7, 29), "Văn bản hợp nhất nghị định")
    later = _consolidated("04/VBHN-BGTVT", datetime.date(2017, 3, 2), "Văn bản hợp nhất thông tư")
    earlier_text = "khoản 1 Điều 418 Văn bản hợp nhất số 04/VBHN-BGTVT ngày 29/7/2016"
    (earlier,) = check_text(earlier_text, DAY).verdicts
    (latest,) = check_text("khoản 1 Điều 418 Văn bản hợp nhất số 04/VBHN-BGTVT ngày 02/3/2017", DAY).verdicts
    assert _key(earlier) == "04-vbhn-bgtvt-2016"
    assert _key(latest) == later.key
