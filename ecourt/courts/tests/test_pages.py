"""The court pages: public reference data for any signed-in user, Vietnamese first."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from ecourt.people.factories import UserFactory
from ecourt.people.models import UserKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, court_map):
    client.force_login(UserFactory(kind=UserKind.CITIZEN))
    return client


def test_the_pages_ask_for_a_login(client, court_map):
    for url in (reverse("courts:list"), reverse("courts:detail", args=["22400"])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("people:login") in response["Location"]


def test_search_ignores_diacritics_and_unicode_form(browser):
    for text in ("bac ninh", "BẮC NINH", unicodedata.normalize("NFD", "Bắc Ninh")):
        response = browser.get(reverse("courts:list"), {"q": text, "level": "provincial"})
        assert response.status_code == 200
        names = [c.name for c in response.context["page"].object_list]
        assert names == ["Tòa án nhân dân tỉnh Bắc Ninh", "Tòa án nhân dân tỉnh Bắc Ninh"]  # before and after 2025


def test_filter_by_level_and_operating_day(browser):
    response = browser.get(reverse("courts:list"), {"level": "regional", "on": "01/07/2025"})
    assert response.context["page"].paginator.count == 355
    response = browser.get(reverse("courts:list"), {"level": "provincial", "on": "30/06/2025"})
    assert response.context["page"].paginator.count == 63
    response = browser.get(reverse("courts:list"), {"level": "provincial", "on": "2025-07-01"})
    assert response.context["page"].paginator.count == 34
    assert "Tòa án nhân dân tỉnh Bắc Ninh" in response.content.decode()


def test_the_list_is_paginated_in_a_constant_number_of_queries(browser, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = browser.get(reverse("courts:list"), {"page": 3})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 3
    assert len(page.object_list) == 50


def test_a_bad_filter_is_refused_with_the_reason(browser):
    response = browser.get(reverse("courts:list"), {"on": "31/02/2025", "level": "nowhere"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"on", "level"}


def test_a_dissolved_court_shows_its_successor_and_who_holds_its_work(browser):
    response = browser.get(reverse("courts:detail", args=["30215"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tòa án nhân dân huyện Yên Thế, tỉnh Bắc Giang" in html
    assert "01/07/2025" in html
    assert reverse("courts:detail", args=["42403"]) in html  # successor and holder today
    assert reverse("courts:detail", args=["12400"]) in html  # the provincial court above it then
    assert response.context["h"].holder_today.code == "42403"


def test_a_regional_court_shows_its_predecessors_and_departments(browser):
    response = browser.get(reverse("courts:detail", args=["42403"]))
    h = response.context["h"]
    assert {link.court.code for link in h.predecessors} == {"30215", "30216"}
    assert [link.court.code for link in h.parents] == ["22400"]
    assert {d.name for d in h.departments} == {"Tòa Dân sự", "Tòa Hình sự", "Tòa Gia đình và người chưa thành niên"}
    assert "Tòa Gia đình và người chưa thành niên" in response.content.decode()


def test_a_provincial_court_that_did_not_merge_shows_its_parents_over_time(browser):
    response = browser.get(reverse("courts:detail", args=["14000"]))
    h = response.context["h"]
    assert [link.court.code for link in h.parents] == ["00000", "00001", "00000"]
    assert h.holder_today is None
    below = {link.court.level for link in h.children}
    assert below == {"district", "regional"}


def test_the_supreme_court_has_the_courts_that_were_ever_below_it(browser):
    h = browser.get(reverse("courts:detail", args=["00000"])).context["h"]
    codes = {link.court.code for link in h.children}
    assert {"00001", "00002", "00003", "22400", "14000", "50000", "60001"} <= codes
    assert h.parents == []


def test_an_unknown_code_is_not_found(browser):
    assert browser.get("/courts/99999/").status_code == 404
    assert browser.get("/courts/abc/").status_code == 404


def test_english_pages_use_the_english_names(browser):
    browser.cookies["django_language"] = "en"
    response = browser.get(reverse("courts:detail", args=["22400"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "People&#x27;s Court of Bắc Ninh Province" in response.content.decode()
