"""A judgment's page: public for published judgments, its metadata and its text with each citation a
link to the law it cites as of the judgment's day."""

from __future__ import annotations

import datetime

import pytest

from ecourt.citations.services import link_judgment
from ecourt.citations.tests.graph_fixtures import corpus, judgment

pytestmark = pytest.mark.django_db


def test_a_published_judgment_is_shown_to_anyone_with_its_citations_linked(client):
    corpus()
    text = "Bản án số: 01/2018/DS-ST\nCăn cứ khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015 <b>đậm</b>."
    j = judgment("1", text, datetime.date(2018, 10, 10), title="Tranh chấp hợp đồng vay tài sản")
    link_judgment(j)
    response = client.get(f"/judgments/{j.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1/2018/DS-ST" in html
    assert "Tranh chấp hợp đồng vay tài sản" in html
    assert "10/10/2018" in html
    assert '<a href="/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10" class="cite"' in html
    assert "&lt;b&gt;đậm&lt;/b&gt;" in html


def test_an_unpublished_or_unknown_judgment_is_not_found(client):
    j = judgment("1", "Bản án", datetime.date(2018, 10, 10))
    j.published = False
    j.save()
    assert client.get(f"/judgments/{j.pk}/").status_code == 404
    assert client.get("/judgments/999999/").status_code == 404
