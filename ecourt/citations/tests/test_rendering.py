"""Citations as hyperlinks: the text escaped, each resolved citation's number a link to the provision
(or the document) as of the text's day; unresolved ones stay plain text."""

from __future__ import annotations

import datetime

import pytest

from ecourt.citations.models import CitationLink
from ecourt.citations.pipeline import read_citations
from ecourt.citations.rendering import linked_html
from ecourt.citations.services import link_judgment

from .graph_fixtures import corpus, judgment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2018, 10, 10)


def test_the_text_is_escaped_and_each_resolved_citation_links_to_its_provision_as_of_the_day():
    corpus()
    text = (
        "<script>alert('x')</script> Căn cứ khoản 1 Điều 147, Điều 26 Bộ luật Tố tụng dân sự năm 2015 & "
        "Điều 999 Bộ luật Tố tụng dân sự năm 2015; Điều 305 Bộ luật Dân sự năm 2005."
    )
    j = judgment("1", text, DAY)
    link_judgment(j)
    html = str(
        linked_html(text, list(CitationLink.objects.filter(citing_judgment=j).select_related("target_document")), DAY)
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert " &amp; " in html
    assert (
        'khoản <a href="/laws/92-2015-qh13/dieu-147/khoan-1/?date=2018-10-10" class="cite" '
        'title="dieu-147/khoan-1 — 92/2015/QH13">1</a> Điều 147' in html
    )
    assert 'Điều <a href="/laws/92-2015-qh13/dieu-26/?date=2018-10-10" class="cite"' in html
    assert "Điều 999 Bộ luật" in html  # no such article: no link
    # a provision of a document whose text is not held links to the document, saying so
    assert 'Điều <a href="/laws/33-2005-qh11/?date=2018-10-10" class="cite cite-document" title="33/2005/QH11: ' in html
    # the text itself is unchanged once the tags are taken out
    assert html.count("<a ") == 3


def test_resolutions_of_the_pipeline_render_the_same_links_as_rows_of_the_graph():
    corpus()
    text = "Căn cứ các Điều 26, 147 Bộ luật Tố tụng dân sự năm 2015 và Bộ luật Tố tụng dân sự năm 2015."
    j = judgment("1", text, DAY)
    link_judgment(j)
    rows = list(CitationLink.objects.filter(citing_judgment=j).select_related("target_document"))
    from_rows = str(linked_html(text, rows))
    from_pipeline = str(linked_html(text, read_citations(text, day=DAY).resolutions))
    assert from_rows == from_pipeline
    assert 'href="/laws/92-2015-qh13/dieu-26/"' in from_rows
    assert 'href="/laws/92-2015-qh13/dieu-147/"' in from_rows
    assert 'href="/laws/92-2015-qh13/"' in from_rows  # the code cited as a whole


def test_overlapping_citations_get_one_link_each_span():
    corpus()
    text = "khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015"
    resolutions = read_citations(text, day=DAY).resolutions
    doubled = [*resolutions, *resolutions]  # the same span twice: linked once
    html = str(linked_html(text, doubled, DAY))
    assert html.count("<a ") == 1
