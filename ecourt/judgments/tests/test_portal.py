"""The public judgment portal: the "judgments" corpus rebuilt from published judgments only, searched
without diacritics, filtered and counted by court, level, case type, instance, year and cited law, sorted
by relevance or date with stable pages; the page /judgments/ and similar judgments on a judgment's page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.judgments.portal import more_like_this_query, search_judgments, similar_judgments
from ecourt.judgments.reading import SOURCE, read_alqac
from ecourt.judgments.search import date_order
from ecourt.judgments.services import run_import
from ecourt.search import engine

from .portal_data import FILLER_DAY, FILLERS, Portal, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db: None) -> Portal:
    return build()


def ids(results: engine.Results) -> list[int]:
    return [hit.id for hit in results.hits]


def facet(results: engine.Results, name: str) -> dict[str | int, int]:
    return {f.value: f.count for f in results.facets[name]}


def test_the_corpus_holds_the_published_judgments_only(portal: Portal) -> None:
    assert engine.count("judgments") == 4 + FILLERS
    assert portal.hidden.pk not in engine.fetch("judgments", [portal.hidden.pk, portal.credit.pk])
    stored = engine.fetch("judgments", [portal.credit.pk])[portal.credit.pk]
    assert stored["court_name"] == "Tòa án nhân dân tỉnh Lào Cai"
    assert stored["level"] == "provincial"
    assert stored["cited_law"] == ["92/2015/QH13"]
    assert stored["cited"] == ["92/2015/QH13 dieu-147"]  # clause 1 of Article 147 counts as the article


def test_words_without_diacritics_find_them_with(portal: Portal) -> None:
    assert ids(search_judgments("hop dong tin dung", {})) == [portal.credit.pk]
    assert set(ids(search_judgments("hop dong", {}))) == {portal.credit.pk, portal.sale.pk, portal.theft.pk}
    # typed with its diacritics, "hợp đồng" ranks the judgments that say it before "hộp đông"
    assert ids(search_judgments("hợp đồng", {}))[-1] == portal.theft.pk
    assert ids(search_judgments("hoà giải", {})) == [portal.divorce.pk]  # the tone on the other vowel
    results = search_judgments("hop dong tin dung", {})
    assert "<mark>" in results.hits[0].highlights["text"]


def test_numbers_phrases_operators_and_fields(portal: Portal) -> None:
    assert ids(search_judgments("2/2019/kdtm-pt", {}))[0] == portal.sale.pk
    assert ids(search_judgments('"hợp đồng mua bán"', {})) == [portal.sale.pk]
    assert set(ids(search_judgments('"ly hôn" OR trộm', {}))) == {portal.divorce.pk, portal.theft.pk}
    assert portal.credit.pk not in ids(search_judgments("hop dong NOT tin", {}))
    assert set(ids(search_judgments('court:"ha noi"', {}))) == {portal.sale.pk, portal.theft.pk}
    assert ids(search_judgments('cited:"92/2015/QH13 dieu-26"', {})) == [portal.sale.pk]
    assert set(ids(search_judgments("cited_law:92/2015/qh13", {}))) == {portal.credit.pk, portal.sale.pk}
    assert ids(search_judgments("case_type:HS", {})) == [portal.theft.pk]
    assert search_judgments('"hop dong', {}).notice  # an unclosed quote: its words searched, and a notice


def test_filters_and_facet_counts(portal: Portal) -> None:
    everything = search_judgments("", {})
    assert everything.total == 4 + FILLERS
    assert facet(everything, "court_lineage") == {"Tòa án nhân dân tỉnh Lào Cai": 2 + FILLERS, portal.ha_noi.name: 2}
    assert facet(everything, "level") == {"provincial": 2 + FILLERS, "regional": 2}
    assert facet(everything, "case_type") == {"DS": 1 + FILLERS, "KDTM": 1, "HNGD": 1, "HS": 1}
    assert facet(everything, "instance") == {"ST": 3 + FILLERS, "PT": 1}
    assert facet(everything, "year") == {2020: FILLERS, 2019: 2, 2018: 1, 2017: 1}
    assert facet(everything, "cited") == {"92/2015/QH13 dieu-147": 1, "92/2015/QH13 dieu-26": 1}
    hanoi = search_judgments("", {"court": portal.ha_noi.name})
    assert set(ids(hanoi)) == {portal.sale.pk, portal.theft.pk}
    assert facet(hanoi, "case_type") == {"KDTM": 1, "HS": 1}
    assert ids(search_judgments("", {"level": "regional", "year": 2019})) == [portal.sale.pk]
    assert ids(search_judgments("", {"cited": "92/2015/QH13 dieu-147"})) == [portal.credit.pk]
    assert ids(search_judgments("hop dong", {"instance": "PT"})) == [portal.sale.pk]


def test_sort_by_date_and_pages_that_never_repeat_or_skip(portal: Portal) -> None:
    newest = search_judgments("", {}, sort="newest", page_size=50)
    days = [hit.fields["decided"] for hit in newest.hits]
    assert days == sorted(days, reverse=True)
    assert ids(search_judgments("", {}, sort="oldest", page_size=1)) == [portal.theft.pk]
    # the fillers share one day: pages of 5 walk them in one order, each once, the same each time
    seen: list[int] = []
    for page in range(1, 6):
        results = search_judgments("", {"year": 2020}, sort="newest", page=page, page_size=5)
        seen.extend(ids(results))
        assert results.has_next == (page < 5)
    assert sorted(seen) == sorted(j.pk for j in portal.fillers)
    assert seen == sorted(seen, reverse=True)  # same day: by id
    again = search_judgments("", {"year": 2020}, sort="newest", page=2, page_size=5)
    assert ids(again) == seen[5:10]
    assert date_order(FILLER_DAY, 7) < date_order(FILLER_DAY, 8) < date_order(datetime.date(2020, 3, 3), 1)


def test_unpublishing_takes_a_judgment_off_at_its_next_refresh(portal: Portal) -> None:
    portal.credit.published = False
    portal.credit.save()
    engine.refresh("judgments", [portal.credit.pk])
    assert search_judgments("hop dong tin dung", {}).total == 0


def test_the_rebuild_command_and_the_importer_index_them(db: None, django_capture_on_commit_callbacks: Any) -> None:
    inputs = read_alqac()[:3]
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction never commits
        run_import(SOURCE, inputs, link=False)
    # the importer asked for them to be indexed (a search.index job, run after the commit)
    assert engine.count("judgments") == 3
    number = inputs[0].number
    assert engine.search("judgments", number).hits[0].fields["number"] == number
    call_command("search", "rebuild", "judgments")
    assert engine.count("judgments") == 3


def test_similar_judgments_by_words_and_cited_articles(portal: Portal) -> None:
    assert more_like_this_query("Ly hôn", ["92/2015/QH13 dieu-26"]) == '"ly" OR "hôn" OR cited:"92/2015/QH13 dieu-26"^2'
    similar = similar_judgments(portal.credit, [("92/2015/QH13", "dieu-147/khoan-1")])
    assert similar.method == "lexical"
    found = [row["id"] for row in similar.judgments]
    assert portal.credit.pk not in found
    assert found[0] in (portal.sale.pk,)  # "tranh chấp hợp đồng" shared
    assert portal.hidden.pk not in found


# --- the page ------------------------------------------------------------------------------------------


def test_the_page_searches_without_diacritics_with_facets_and_highlights(client: Any, portal: Portal) -> None:
    response = client.get("/judgments/", {"q": "hop dong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 judgments found" in html or "3 bản án" in html
    assert f'href="/judgments/{portal.credit.pk}/"' in html
    assert "<mark>" in html
    assert "?q=hop+dong&amp;case_type=KDTM" in html  # a facet narrows the search
    assert "Query syntax" in html or "Cú pháp" in html
    narrowed = client.get("/judgments/", {"q": "hop dong", "case_type": "KDTM"}).content.decode()
    assert f'href="/judgments/{portal.sale.pk}/"' in narrowed
    assert f'href="/judgments/{portal.credit.pk}/"' not in narrowed


def test_the_page_sorts_pages_and_refuses_bad_filters(client: Any, portal: Portal) -> None:
    first = client.get("/judgments/", {"year": 2020, "sort": "oldest"}).content.decode()
    assert 'rel="next"' in first
    assert "page=2" in first
    second = client.get("/judgments/", {"year": 2020, "sort": "oldest", "page": 2}).content.decode()
    assert f'href="/judgments/{portal.fillers[0].pk}/"' in first
    assert f'href="/judgments/{portal.fillers[0].pk}/"' not in second
    assert client.get("/judgments/", {"year": "abc"}).status_code == 400
    assert client.get("/judgments/", {"sort": "random"}).status_code == 400
    assert client.get("/judgments/", {"page": 0}).status_code == 400


def test_the_page_and_a_judgments_page_read_the_database_a_bounded_number_of_times(
    client: Any, portal: Portal, django_assert_max_num_queries: Any
) -> None:
    client.get("/judgments/")  # the first loads the courts' successor map into the cache (facet labels)
    with django_assert_max_num_queries(0):  # hits, counts and snippets come from the index
        assert client.get("/judgments/", {"q": "tranh chap"}).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(f"/judgments/{portal.credit.pk}/")
    html = response.content.decode()
    assert '<a href="/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10" class="cite"' in html
    assert "Similar judgments" in html or "Bản án tương tự" in html
    assert f'href="/judgments/{portal.sale.pk}/"' in html
