"""The checker's verdicts: each rule of ecourt/citations/verification.py on factory-built documents.

Decree 12/2026/NĐ-CP (in force 01/07/2026) has Điều 5 with clauses 1 and 2. Decree 30/2027/NĐ-CP,
in force 01/07/2027, amends clause 1, repeals clause 2 and inserts clause 3.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.citations.verification import check_text
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentRelation, LegalDocument, Provision, ProvisionKind, RelationKind

pytestmark = pytest.mark.django_db

START, AMENDED_ON = datetime.date(2026, 7, 1), datetime.date(2027, 7, 1)
OLD_1 = "Thời hạn giải quyết là 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."
NEW_1 = "Thời hạn giải quyết là 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."


def _clause(article: Provision, number: str, position: int) -> Provision:
    return ProvisionFactory(
        document=article.document, parent=article, kind=ProvisionKind.CLAUSE, number=number, position=position
    )


@pytest.fixture
def decrees() -> tuple[LegalDocument, LegalDocument]:
    decree = LegalDocumentFactory(number="12/2026/NĐ-CP", title="Nghị định về hòa giải", effective_from=START)
    amending = LegalDocumentFactory(
        number="30/2027/NĐ-CP", title="Nghị định sửa đổi Nghị định 12/2026", effective_from=AMENDED_ON
    )
    article = ProvisionFactory(document=decree, number="5", title="Thời hạn", position=1)
    ProvisionVersionFactory(provision=article, text="", title="Thời hạn")
    one, two, three = _clause(article, "1", 2), _clause(article, "2", 3), _clause(article, "3", 4)
    ProvisionVersionFactory(provision=one, text=OLD_1, valid_to=AMENDED_ON)
    ProvisionVersionFactory(provision=one, text=NEW_1, valid_from=AMENDED_ON, introduced_by=amending)
    ProvisionVersionFactory(provision=two, text="Hồ sơ gồm đơn và giấy tờ kèm theo.", valid_to=AMENDED_ON)
    ProvisionVersionFactory(provision=two, text="", valid_from=AMENDED_ON, introduced_by=amending, repealed=True)
    ProvisionVersionFactory(provision=three, text="Hòa giải trực tuyến.", valid_from=AMENDED_ON, introduced_by=amending)
    for target, kind in ((one, RelationKind.AMENDS), (two, RelationKind.REPEALS), (three, RelationKind.SUPPLEMENTS)):
        DocumentRelation.objects.create(
            source=amending, target=decree, kind=kind, effective_on=AMENDED_ON, target_provision=target
        )
    return decree, amending


def _one(text: str, day: datetime.date) -> dict[str, Any]:
    report = check_text(text, day)
    (verdict,) = report.verdicts
    return verdict.as_dict()


def test_a_provision_in_force_as_issued_is_valid_and_an_adopted_amendment_is_upcoming(decrees):
    v = _one("theo khoản 1 Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2026, 8, 1))
    assert v["code"] == "valid"
    assert v["provision"] == "dieu-5/khoan-1"
    assert v["text_in_force"] == f"1. {OLD_1}"
    assert [(c["document"]["number"], c["effective_on"]) for c in v["upcoming"]] == [("30/2027/NĐ-CP", "2027-07-01")]
    assert v["changes"] == []


def test_amended_names_the_amending_document_its_day_and_both_texts(decrees):
    v = _one("theo khoản 1 Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2027, 8, 1))
    assert v["code"] == "amended"
    assert v["text_in_force"] == f"1. {NEW_1}"
    assert v["previous_text"] == f"1. {OLD_1}"
    assert [(c["kind"], c["document"]["number"], c["effective_on"]) for c in v["changes"]] == [
        ("amends", "30/2027/NĐ-CP", "2027-07-01")
    ]
    assert "30/2027/NĐ-CP" in v["explanation"]
    assert v["valid_from"] == "2027-07-01"


def test_an_article_is_amended_when_one_of_its_clauses_is(decrees):
    v = _one("Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2027, 8, 1))
    assert v["code"] == "amended"
    assert NEW_1 in v["text_in_force"]
    assert "Hồ sơ gồm đơn" not in v["text_in_force"]  # clause 2, repealed, is not shown


def test_a_repealed_clause_is_repealed_by_the_amending_document(decrees):
    v = _one("khoản 2 Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2027, 8, 1))
    assert v["code"] == "repealed"
    assert v["text_in_force"] is None
    assert v["previous_text"] == "2. Hồ sơ gồm đơn và giấy tờ kèm theo."
    assert [(c["kind"], c["document"]["number"]) for c in v["changes"]] == [("repeals", "30/2027/NĐ-CP")]


def test_a_clause_inserted_later_is_not_yet_in_force(decrees):
    v = _one("khoản 3 Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2026, 8, 1))
    assert v["code"] == "not_yet_in_force"
    assert [(c["kind"], c["document"]["number"]) for c in v["changes"]] == [("inserts", "30/2027/NĐ-CP")]
    assert _one("khoản 3 Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2027, 8, 1))["code"] == "amended"


def test_a_document_not_yet_in_force(decrees):
    v = _one("Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2026, 5, 1))
    assert v["code"] == "not_yet_in_force"
    assert "01/07/2026" in v["explanation"]


def test_not_found_document_and_provision(decrees):
    report = check_text(
        "Điều 9 Nghị định số 12/2026/NĐ-CP; Điều 2 Nghị định số 77/2026/NĐ-CP.", datetime.date(2027, 1, 1)
    )
    missing_article, missing_document = report.verdicts
    assert (missing_article.code, missing_article.document and missing_article.document.number) == (
        "not_found",
        "12/2026/NĐ-CP",
    )
    assert "Điều 9" in missing_article.explanation
    assert (missing_document.code, missing_document.document) == ("not_found", None)
    assert "77/2026/NĐ-CP" in missing_document.explanation


def test_replaced_repealed_and_expired_documents(decrees):
    decree, _amending = decrees
    day = datetime.date(2029, 1, 1)
    text = "Điều 5 Nghị định số 12/2026/NĐ-CP"
    decree.effective_to = datetime.date(2028, 7, 1)
    decree.save()
    assert _one(text, day)["code"] == "expired"
    repealer = LegalDocumentFactory(number="40/2028/NĐ-CP", effective_from=datetime.date(2028, 7, 1))
    relation = DocumentRelation.objects.create(
        source=repealer, target=decree, kind=RelationKind.REPEALS, effective_on=datetime.date(2028, 7, 1)
    )
    v = _one(text, day)
    assert (v["code"], v["changes"][0]["document"]["number"]) == ("repealed", "40/2028/NĐ-CP")
    assert NEW_1 in v["previous_text"]  # what it said on its last day
    relation.kind = RelationKind.REPLACES
    relation.save()
    v = _one(text, day)
    assert (v["code"], v["changes"][0]["effective_on"]) == ("replaced", "2028-07-01")
    assert _one(text, datetime.date(2028, 6, 30))["code"] == "amended"  # the day before, still in force


def test_renumbered_shows_the_text_at_the_new_number(decrees):
    decree, amending = decrees
    article = Provision.objects.get(document=decree, key="dieu-5")
    moved_to = ProvisionFactory(document=decree, number="7", position=9)
    ProvisionVersionFactory(provision=moved_to, text="Thời hạn giải quyết là 15 ngày.", valid_from=AMENDED_ON)
    DocumentRelation.objects.create(
        source=amending,
        target=decree,
        kind=RelationKind.RENUMBERS,
        effective_on=AMENDED_ON,
        target_provision=article,
        new_key="dieu-7",
    )
    v = _one("Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2027, 8, 1))
    assert (v["code"], v["new_provision"]) == ("renumbered", "dieu-7")
    assert v["text_in_force"] == "Thời hạn giải quyết là 15 ngày."
    assert "Điều 7" in v["explanation"]
    assert _one("Điều 5 Nghị định số 12/2026/NĐ-CP", datetime.date(2026, 8, 1))["code"] == "valid"


def test_a_document_without_its_text_cannot_be_verified_and_self_references_are_internal(decrees):
    LegalDocumentFactory(number="8/2026/NĐ-CP", effective_from=START)
    report = check_text("Điều 3 Nghị định số 8/2026/NĐ-CP; khoản 1 Điều này", datetime.date(2027, 1, 1))
    assert [v.code for v in report.verdicts] == ["unverified", "internal"]
    assert report.counts == {"unverified": 1, "internal": 1}


def test_the_report_is_json_ready_with_offsets_into_the_text(decrees):
    text = "Căn cứ khoản 1, khoản 2 Điều 5 Nghị định số 12/2026/NĐ-CP;"
    report = check_text(text, datetime.date(2027, 8, 1)).as_dict()
    assert report["day"] == "2027-08-01"
    assert report["counts"] == {"repealed": 1, "amended": 1}
    for v in report["verdicts"]:
        assert text[v["start"] : v["end"]] == v["text"]
        assert text[v["anchor"][0] : v["anchor"][1]] in {"1", "2"}
        assert v["label"]
