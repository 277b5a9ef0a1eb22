"""Resolution against the corpus: the document by number or by name and date, the provision level by
level, the version in force on the text's date, batched queries, and why a citation does not resolve."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecourt.citations.extractor import extract
from ecourt.citations.resolver import Resolver, Within
from ecourt.laws.models import DocumentType, LegalDocument, Provision, ProvisionKind, ProvisionVersion

pytestmark = pytest.mark.django_db

D2005, D2017 = datetime.date(2006, 1, 1), datetime.date(2017, 1, 1)


def _document(number: str, title: str, start: datetime.date, end: datetime.date | None = None) -> LegalDocument:
    return LegalDocument.objects.create(
        key=number.lower().replace("/", "-"),
        number=number,
        doc_type=DocumentType.CODE,
        title=title,
        effective_from=start,
        effective_to=end,
    )


def _provision(document: LegalDocument, article: str, clause: str | None = None, point: str | None = None) -> Provision:
    node = Provision.objects.get_or_create(
        document=document,
        kind=ProvisionKind.ARTICLE,
        number=article,
        defaults={"key": f"dieu-{article}", "position": int(article.rstrip("abc"))},
    )[0]
    for kind, label, prefix in ((ProvisionKind.CLAUSE, clause, "khoan"), (ProvisionKind.POINT, point, "diem")):
        if label is None:
            break
        node = Provision.objects.get_or_create(
            document=document,
            parent=node,
            kind=kind,
            number=label,
            defaults={"key": f"{node.key}/{prefix}-{label}", "position": 1},
        )[0]
    return node


@pytest.fixture
def civil_codes():
    blds2005 = _document("33/2005/QH11", "Bộ luật Dân sự", D2005, D2017)
    blds2015 = _document("91/2015/QH13", "Bộ luật Dân sự", D2017)
    old_357 = _provision(blds2015, "357", "2")
    ProvisionVersion.objects.create(provision=old_357, text="lãi suất …", valid_from=D2017)
    ProvisionVersion.objects.create(provision=_provision(blds2005, "305", "2"), text="…", valid_from=D2005)
    _provision(blds2015, "688", "1", "đ")
    return blds2005, blds2015


def test_the_civil_code_without_a_year_resolves_to_the_code_in_force_on_the_texts_date(civil_codes):
    blds2005, blds2015 = civil_codes
    resolver = Resolver()
    (before,) = resolver.resolve(extract("khoản 2 Điều 305 Bộ luật Dân sự"), datetime.date(2016, 5, 2))
    (after,) = resolver.resolve(extract("khoản 2 Điều 357 Bộ luật Dân sự"), datetime.date(2017, 9, 22))
    assert (before.resolved, before.document and before.document.id) == (True, blds2005.id)
    assert (after.resolved, after.document and after.document.id) == (True, blds2015.id)
    assert after.provision_key == "dieu-357/khoan-2"
    assert after.version is not None
    assert after.version.valid_from == D2017
    assert after.as_dict()["document"] == {"number": "91/2015/QH13", "title": "Bộ luật Dân sự", "year": 2015}


def test_a_point_with_a_letter_beyond_ascii_resolves(civil_codes):
    (resolution,) = Resolver().resolve(extract("điểm đ khoản 1 Điều 688 BLDS 2015"), datetime.date(2018, 1, 1))
    assert resolution.resolved
    assert resolution.provision_key == "dieu-688/khoan-1/diem-đ"
    assert resolution.version is None  # the provision exists, but no version of its text is recorded


def test_what_does_not_resolve_says_why(civil_codes):
    texts = {
        "Điều 999 Bộ luật Dân sự năm 2015": "no article 999 in 91/2015/QH13",
        "khoản 9 Điều 357 Bộ luật Dân sự năm 2015": "no clause 9 in 91/2015/QH13",
        "Điều 26 Bộ luật Tố tụng dân sự": "92/2015/QH13: not in the corpus",
        "Điều 39 Luật Kinh doanh khí năm 2030": "Luật Kinh doanh khí (2030): no number known for this name",
        "theo khoản 1 Điều này": "no document named",
    }
    resolver = Resolver()
    for text, reason in texts.items():
        (resolution,) = resolver.resolve(extract(text), datetime.date(2018, 1, 1))
        assert (resolution.resolved, resolution.reason) == (False, reason), text


def test_a_document_cited_as_a_whole_resolves_by_its_number_through_spelling_noise(civil_codes):
    _, blds2015 = civil_codes
    (resolution,) = Resolver().resolve(extract("theo Bộ luật số 91/2015/ qh13"), datetime.date(2018, 1, 1))
    assert resolution.resolved
    decree = LegalDocument.objects.create(key="84-2007-nd-cp", number="84/2007/NĐ-CP", doc_type="nghi_dinh", title="x")
    (by_dash,) = Resolver().resolve(extract("Nghị định số: 84/2007/NĐ – CP ngày 25/5/2007"), datetime.date(2018, 1, 1))
    assert by_dash.document is not None
    assert by_dash.document.id == decree.id
    (resolution,) = Resolver().resolve(extract("theo Bộ luật số 91/2015/ qh13"), datetime.date(2018, 1, 1))
    assert resolution.resolved
    assert resolution.document is not None
    assert resolution.document.id == blds2015.id


def test_a_law_wins_over_a_resolution_sharing_its_number():
    code = _document("100/2015/QH13", "Bộ luật Hình sự", datetime.date(2018, 1, 1))
    LegalDocument.objects.create(
        key="nghi-quyet-100-2015-qh13", number="100/2015/QH13", doc_type="nghi_quyet", title="x"
    )
    (resolution,) = Resolver().resolve(extract("theo 100/2015/QH13"), datetime.date(2019, 1, 1))
    assert resolution.document is not None
    assert resolution.document.id == code.id


def test_queries_are_batched_per_text_and_cached_across_texts(civil_codes):
    text = "Căn cứ các Điều 357, 688, 999 và khoản 2 Điều 357 Bộ luật Dân sự năm 2015; Điều 305 BLDS 2005"
    resolver = Resolver()
    with CaptureQueriesContext(connection) as first:
        resolutions = resolver.resolve(extract(text), datetime.date(2018, 1, 1))
    assert [r.resolved for r in resolutions] == [True, True, False, True, True]
    assert len(first) <= 5  # documents, articles, clauses, versions (no query per citation)
    with CaptureQueriesContext(connection) as second:
        resolver.resolve(extract(text + ". Điều 357 Bộ luật Dân sự"), datetime.date(2018, 1, 1))
    assert len(second) == 0


def test_a_document_whose_text_is_not_held_resolves_to_the_document_only(civil_codes):
    LegalDocument.objects.create(key="13-2003-qh11", number="13/2003/QH11", doc_type="luat", title="Luật Đất đai")
    (held, not_held) = Resolver().resolve(
        extract("Điều 999 Bộ luật Dân sự năm 2015 và Điều 50 Luật Đất đai năm 2003"), datetime.date(2018, 1, 1)
    )
    assert (held.status, held.reason) == ("no_provision", "no article 999 in 91/2015/QH13")
    assert (not_held.resolved, not_held.status) == (False, "no_text")
    assert not_held.document is not None
    assert not_held.reason == "text of 13/2003/QH11 not in the corpus"
    assert set(not_held.as_dict()) == set(held.as_dict())  # the extract contract keeps its keys


def test_an_inserted_article_of_an_amendment_we_do_not_hold_is_not_a_miss(civil_codes):
    (inserted, absent) = Resolver().resolve(
        extract("Điều 357a Bộ luật Dân sự năm 2015, Điều 358a Bộ luật Dân sự năm 2015"), datetime.date(2018, 1, 1)
    )
    assert inserted.status == "no_text"
    assert "inserted by an amendment" in (inserted.reason or "")
    assert (absent.status, absent.reason) == ("no_provision", "no article 358a in 91/2015/QH13")


def test_a_bare_name_that_misses_in_the_code_of_the_day_is_tried_in_the_year_the_text_writes(civil_codes):
    text = "theo Điều 305 Bộ luật Dân sự năm 2005 ... và khoản 2 Điều 305 Bộ luật Dân sự"
    first, bare = Resolver().resolve(extract(text), datetime.date(2018, 10, 10))
    assert first.resolved
    assert (bare.resolved, bare.provision_key, bare.identity.basis) == (True, "dieu-305/khoan-2", "name-year-in-text")
    # without the other year written, the code of the day stands and the miss is reported
    (alone,) = Resolver().resolve(extract("khoản 2 Điều 305 Bộ luật Dân sự"), datetime.date(2018, 10, 10))
    assert (alone.status, alone.reason) == ("no_provision", "no article 305 in 91/2015/QH13")


def test_within_a_law_this_article_and_this_law_are_the_citing_provision_and_document(civil_codes):
    _, blds2015 = civil_codes
    within = Within(blds2015.pk, "357")
    this_clause, this_law, bare = Resolver().resolve(
        extract("khoản 2 Điều này; Điều 688 Bộ luật này; khoản 2 Điều 357"), datetime.date(2018, 1, 1), within=within
    )
    assert (this_clause.resolved, this_clause.provision_key) == (True, "dieu-357/khoan-2")
    assert (this_law.resolved, this_law.provision_key) == (True, "dieu-688")
    assert (bare.resolved, bare.provision_key) == (True, "dieu-357/khoan-2")
    (outside,) = Resolver().resolve(extract("khoản 2 Điều này"), datetime.date(2018, 1, 1))
    assert outside.status == "unidentified"
