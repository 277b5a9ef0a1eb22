"""GET /api/v1/judgments/ and /api/v1/judgments/{id}/: the portal's search for programs (same syntax,
filters, facets, sort and stable pages), clear 400s for bad parameters and unreadable queries, one
published judgment with its citations; anonymous clients limited per address."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from ecourt.api.testing import client_for, error_of
from ecourt.judgments.tests.portal_data import FILLERS, Portal, build

pytestmark = pytest.mark.django_db

URL = "/api/v1/judgments/"


@pytest.fixture
def portal(db: None) -> Portal:
    return build()


def get(params: dict[str, Any] | None = None, path: str = URL) -> Any:
    return client_for().get(path, params or {})


def test_a_search_answers_a_page_of_hits_with_highlights_and_facets(portal: Portal) -> None:
    response = get({"q": "hop dong tin dung"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "query", "results", "facets", "facets_estimated"}
    assert body["facets_estimated"] is False  # 27 judgments: counted exactly
    assert body["count"] == 1
    assert (body["next"], body["previous"]) == (None, None)
    hit = body["results"][0]
    assert set(hit) == {
        "id",
        "number",
        "title",
        "court_name",
        "level",
        "case_type",
        "instance",
        "decided",
        "cited_law",
        "cited",
        "kind",
        "outcome",
        "party_role",
        "score",
        "highlights",
        "url",
    }
    assert hit["id"] == portal.credit.pk
    assert hit["decided"] == "2018-10-10"
    assert hit["cited"] == ["92/2015/QH13 dieu-147"]
    assert "<mark>" in hit["highlights"]["text"]
    assert hit["url"] == f"/judgments/{portal.credit.pk}/"
    assert set(body["facets"]) == {
        "court",
        "level",
        "case_type",
        "instance",
        "kind",
        "outcome",
        "party_role",
        "year",
        "cited_law",
        "cited",
    }
    assert body["facets"]["year"] == [{"value": "2018", "count": 1}]


def test_filters_sort_and_stable_pages(portal: Portal) -> None:
    assert [h["id"] for h in get({"case_type": "HS"}).json()["results"]] == [portal.theft.pk]
    assert {h["id"] for h in get({"court": portal.ha_noi.name}).json()["results"]} == {portal.sale.pk, portal.theft.pk}
    assert [h["id"] for h in get({"cited": "92/2015/QH13 dieu-26"}).json()["results"]] == [portal.sale.pk]
    oldest = get({"sort": "oldest", "page_size": 2}).json()
    assert [h["id"] for h in oldest["results"]] == [portal.theft.pk, portal.credit.pk]
    assert oldest["results"][0]["score"] is None
    ids: list[int] = []
    url: str | None = f"{URL}?year=2020&sort=newest&page_size=10"
    while url:
        body = client_for().get(url).json()
        ids.extend(h["id"] for h in body["results"])
        url = body["next"]
    assert len(ids) == len(set(ids)) == FILLERS
    second = get({"year": 2020, "sort": "newest", "page_size": 10, "page": 2}).json()
    assert [h["id"] for h in second["results"]] == ids[10:20]
    assert "page=" not in second["previous"].replace("page_size=", "")  # the first page has no ?page
    assert "year=2020" in second["previous"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": '"hop dong'}, "q"),  # an unclosed quote: the page searches the words, a program is told
        ({"q": "court:(("}, "q"),
        ({"year": "abc"}, "year"),
        ({"level": "village"}, "level"),
        ({"sort": "random"}, "sort"),
        ({"page": 0}, "page"),
        ({"page_size": 1000}, "page_size"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_bad_parameters_and_unreadable_queries_answer_400(portal: Portal, params: dict[str, Any], field: str) -> None:
    error = error_of(get(params), 400, "invalid_input")
    assert field in error["fields"]


def test_a_page_past_the_last_is_404(portal: Portal) -> None:
    error_of(get({"q": "hop dong", "page": 5}), 404)


def test_one_judgment_with_its_citations(portal: Portal, django_assert_max_num_queries: Any) -> None:
    get(path=f"{URL}{portal.sale.pk}/")  # the first loads the courts' successor map into the cache
    with django_assert_max_num_queries(4):  # the judgment, its citations, its parties (and the throttle's)
        response = get(path=f"{URL}{portal.credit.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "1/2018/DS-ST"
    assert body["court_level"] == "provincial"
    assert body["case_type_label"]
    assert body["text"].startswith("Bản án số 1/2018/DS-ST")
    citation = body["citations"][0]
    assert citation["document"] == "92/2015/QH13"
    assert citation["target_key"] == "dieu-147/khoan-1"
    assert citation["url"] == "/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10"
    assert body["text"][citation["start"] : citation["end"]] == citation["text"]
    error_of(get(path=f"{URL}{portal.hidden.pk}/"), 404)
    error_of(get(path=f"{URL}999999/"), 404)


def test_anonymous_clients_are_limited_per_address(portal: Portal) -> None:
    rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # type: ignore[assignment]
    allowed = int(rates["anon"].split("/")[0])
    client = client_for()
    for _ in range(allowed):
        assert client.get(URL, {"q": "*"}).status_code == 200
    response = client.get(URL, {"q": "*"})
    error_of(response, 429, "throttled")
    assert response["Retry-After"]
