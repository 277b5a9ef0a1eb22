"""The corpus pages, read by anyone: search with filters, a document as of a day with its contents and
relations, a provision's text on two days and its history; unknown keys and bad days."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from ecourt.citations.services import link_versions
from ecourt.laws.factories import LegalDocumentFactory, ProvisionFactory, ProvisionVersionFactory
from ecourt.laws.models import DocumentType, LegalDocument, ProvisionVersion
from ecourt.laws.search import LAWS
from ecourt.search import engine

from .decrees import AFTER, AMENDING, BASE, BEFORE, decrees  # noqa: F401 - the module fixture

pytestmark = pytest.mark.usefixtures("decrees")

BASE_KEY, AMENDING_KEY = "45-2026-nd-cp", "77-2027-nd-cp"


def circular_citing_the_decree() -> LegalDocument:
    """A circular whose Article 2 cites clause 2 of Article 4 of Decree 45/2026, linked by the citation graph."""
    circular = LegalDocumentFactory(
        number="09/2027/TT-TANDTC",
        key="09-2027-tt-tandtc",
        doc_type=DocumentType.CIRCULAR,
        title="Thông tư hướng dẫn tống đạt điện tử",
        issuer="Tòa án nhân dân tối cao",
        issued_on=datetime.date(2027, 9, 1),
        effective_from=datetime.date(2027, 10, 15),
    )
    article = ProvisionFactory(document=circular, number="2", key="dieu-2", position=1)
    ProvisionVersionFactory(
        provision=article,
        text="Việc đăng ký thực hiện theo khoản 2 Điều 4 Nghị định số 45/2026/NĐ-CP và hướng dẫn tại Thông tư này.",
    )
    link_versions(ProvisionVersion.objects.filter(provision__document=circular).values_list("pk", flat=True))
    return circular


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def law_text(html: str) -> str:
    """The part of a page that holds the text of the day (not the contents, history or relations)."""
    start = html.index('class="law-text')
    end = min(i for i in (html.find('class="panel law-history"'), html.find('class="panel law-relations"')) if i > 0)
    return html[start:end]


def text_only(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_document_page_has_its_details_contents_and_text_of_the_day(client: Client, db: None) -> None:
    html = page(client, reverse("laws:document", args=[BASE_KEY]) + f"?date={BEFORE}")
    assert "Nghị định quy định về tống đạt điện tử văn bản tố tụng trong vụ việc dân sự" in html
    assert "Lê Thành Long" in html  # the signer
    assert "15/03/2026" in html
    assert "01/07/2026" in html
    toc = html[html.index('class="law-toc"') : html.index('class="law-text"')]
    # Chapters, sections and articles, each a link to its anchor in the text.
    assert re.findall(r'href="#([^"]+)"', toc)[:5] == ["chuong-i", "dieu-1", "dieu-2", "dieu-3", "chuong-ii"]
    assert 'href="#chuong-ii/muc-1"' in toc
    assert 'id="dieu-5/khoan-1/diem-b"' in html
    assert "Tòa án nhân dân cấp huyện" in law_text(html)  # Article 2 before the phrase was replaced
    assert "Điều 4a" not in law_text(html)  # inserted from 1 July 2027
    assert "Được sửa đổi, bổ sung bởi" in html  # "Amended by", the page in Vietnamese
    assert reverse("laws:document", args=[AMENDING_KEY]) in html


def test_the_document_page_of_a_later_day_shows_the_amended_text(client: Client, db: None) -> None:
    html = law_text(page(client, reverse("laws:document", args=[BASE_KEY]) + f"?date={AFTER}"))
    assert "Điều 4a. Xác nhận địa chỉ điện tử" in html
    assert "Tòa án nhân dân khu vực" in html
    assert "Tòa án nhân dân cấp huyện" not in html
    assert "Văn bản gửi sau 17 giờ" not in html  # clause 3 of Article 6 repealed


def test_a_day_before_entry_into_force_offers_the_first_text(client: Client, db: None) -> None:
    html = page(client, reverse("laws:document", args=[BASE_KEY]) + "?date=2026-04-01")
    assert "?date=2026-07-01" in html
    assert 'id="dieu-1"' not in html


def test_the_amending_document_lists_what_it_amends(client: Client, db: None) -> None:
    html = text_only(page(client, reverse("laws:document", args=[AMENDING_KEY])))
    assert BASE in html
    assert "khoản 2 Điều 4" in html  # the provision it amends, named as citations name it


def test_a_provision_as_of_two_days_gives_two_texts(client: Client, db: None) -> None:
    url = reverse("laws:provision", args=[BASE_KEY, "dieu-4/khoan-2"])
    before = text_only(law_text(page(client, f"{url}?date={BEFORE}")))
    after = text_only(law_text(page(client, f"{url}?date={AFTER}")))
    assert "bằng văn bản hoặc trên Cổng dịch vụ công của Tòa án" in before
    assert "qua ứng dụng định danh điện tử quốc gia" not in before
    assert "bằng văn bản, trên Cổng dịch vụ công của Tòa án hoặc qua ứng dụng định danh điện tử quốc gia" in after


def test_a_provision_shows_its_history_with_the_changes_and_the_amending_documents(client: Client, db: None) -> None:
    html = page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-3"]) + f"?date={AFTER}")
    history = html[html.index('id="history-title"') :]
    periods = re.findall(r'<li class="history-entry[^"]*"', history)
    assert len(periods) == 2
    assert "01/07/2026" in history
    assert "01/07/2027" in history
    assert "<ins>\n3. Tài khoản định danh điện tử" in history  # the clause Decree 77/2027 added, as a change
    assert "<ins>hoặc tài khoản định danh điện tử </ins>" in history
    assert history.count(reverse("laws:document", args=[AMENDING_KEY])) >= 2  # "changed by" and "amended by"
    # The current text has the added clause; the breadcrumb leads to the chapter of the document.
    assert "Tài khoản định danh điện tử là tài khoản" in law_text(html)
    assert f"{reverse('laws:document', args=[BASE_KEY])}?date={AFTER}#chuong-i" in html


def test_a_repealed_clause_says_so_on_a_day_after_its_repeal(client: Client, db: None) -> None:
    url = reverse("laws:provision", args=[BASE_KEY, "dieu-6/khoan-3"])
    assert "Văn bản gửi sau 17 giờ" in law_text(page(client, f"{url}?date={BEFORE}"))
    after = law_text(page(client, f"{url}?date={AFTER}"))
    assert "repealed on this day" in after or "bị bãi bỏ" in after
    inserted = law_text(page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-4a"]) + f"?date={BEFORE}"))
    assert "not yet in force" in inserted or "chưa có hiệu lực" in inserted


def test_unknown_documents_and_provisions_are_404(client: Client, db: None) -> None:
    page(client, reverse("laws:document", args=["khong-co-van-ban-nay"]), 404)
    page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-999"]), 404)
    page(client, reverse("laws:provision", args=["khong-co", "dieu-1"]), 404)


@pytest.mark.parametrize("bad", ["2027-02-30", "hôm qua", "1800-01-01"])
def test_a_bad_day_is_explained_and_today_is_shown(client: Client, db: None, bad: str) -> None:
    for url in (reverse("laws:document", args=[BASE_KEY]), reverse("laws:provision", args=[BASE_KEY, "dieu-1"])):
        html = page(client, f"{url}?date={bad}", 400)
        assert 'id="as-of-error"' in html
        assert 'role="alert"' in html


def test_the_pages_need_a_bounded_number_of_queries(
    client: Client, db: None, django_assert_max_num_queries: object
) -> None:
    circular_citing_the_decree()
    # document 1, status 3, structure 2, citations in the text 1, relations 2, cited-by counts 4 (whatever its size)
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        page(client, reverse("laws:document", args=[BASE_KEY]) + f"?date={AFTER}")
    # document 1, provision 1, structure 2, citations 1, ancestors 1, history's documents 1, amending 1,
    # cited-by counts 4, citing texts 2
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-4"]) + f"?date={AFTER}")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-5/khoan-1/diem-dd"]))


def test_search_finds_documents_without_diacritics_and_filters_them(client: Client, db: None) -> None:
    engine.rebuild(LAWS)
    url = reverse("laws:index")
    html = page(client, f"{url}?q=tong+dat+dien+tu")
    hits = re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)"', html)
    assert hits[:2] == [reverse("laws:document", args=[BASE_KEY]), reverse("laws:document", args=[AMENDING_KEY])]
    assert "<mark>" in html
    assert page(client, f"{url}?q=45/2026/NĐ-CP").count('<li class="hit">') >= 1
    only_2027 = page(client, f"{url}?q=tong+dat+dien+tu&year=2027")
    assert re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)"', only_2027) == [
        reverse("laws:document", args=[AMENDING_KEY])
    ]
    by_type = page(client, f"{url}?q=tong+dat&doc_type=luat")
    assert '<li class="hit">' not in by_type
    # A facet link narrows the search and starts from its first page.
    assert "q=tong+dat+dien+tu&amp;year=2026" in html or "q=tong+dat+dien+tu&year=2026" in html


def test_search_refuses_bad_filters_with_a_message(client: Client, db: None) -> None:
    html = page(client, reverse("laws:index") + "?q=x&year=abc&status=nope", 400)
    assert 'class="form-errors"' in html


def test_without_a_query_the_page_lists_the_documents_with_text(client: Client, db: None) -> None:
    html = page(client, reverse("laws:index"))
    assert reverse("laws:document", args=[BASE_KEY]) in html
    assert reverse("laws:document", args=[AMENDING_KEY]) in html


def test_citations_in_a_text_are_links_and_the_cited_provision_lists_who_cites_it(client: Client, db: None) -> None:
    circular = circular_citing_the_decree()
    cited = reverse("laws:provision", args=[BASE_KEY, "dieu-4/khoan-2"])
    day = datetime.date(2027, 11, 1)
    text = law_text(page(client, reverse("laws:document", args=[circular.key]) + f"?date={day}"))
    # The number naming the clause is the link, to the text of the day the reader is looking at.
    assert re.search(rf'<a href="{re.escape(cited)}\?date={day}" class="cite"[^>]*>', text)
    provision = page(client, reverse("laws:provision", args=[circular.key, "dieu-2"]) + f"?date={day}")
    assert f'href="{cited}?date={day}"' in law_text(provision)

    html = page(client, f"{cited}?date={day}")
    cited_by = html[html.index('id="cited-title"') :]
    assert reverse("laws:provision", args=[circular.key, "dieu-2"]) in cited_by
    assert "Việc đăng ký thực hiện theo khoản 2 Điều 4" in cited_by  # the snippet
    # by year: the circular and the amending decree's instruction ("Sửa đổi, bổ sung khoản 2 Điều 4")
    assert '<td class="mono">2027</td><td class="num">2</td>' in cited_by
    # The article counts what cites its clauses; the document counts it too.
    article = page(client, reverse("laws:provision", args=[BASE_KEY, "dieu-4"]))
    assert reverse("laws:provision", args=[circular.key, "dieu-2"]) in article[article.index('id="cited-title"') :]
    document = page(client, reverse("laws:document", args=[BASE_KEY]))
    assert 'href="#cited-title"' in document
