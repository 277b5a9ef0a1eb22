"""Provisions of a draft close to provisions in force, on the real-looking Decree 45/2026/NĐ-CP (imported
from its text, then amended by Decree 77/2027/NĐ-CP from 1 July 2027): a draft article made from
Article 4 with its time limit changed is a possible contradiction, one made from Article 5 with its
wording changed an overlap; an article on another subject and the draft's own entry into force are
not flagged; the text compared is the one in force on the day."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.citations.overlap import (
    CONTRADICTION,
    OVERLAP,
    differences,
    draft_articles,
    find_overlaps,
    lexical_similarity,
)
from ecourt.laws.models import LegalDocument
from ecourt.laws.search import LAWS, PROVISIONS
from ecourt.laws.tests.decrees import AFTER, BASE, BEFORE, decrees  # noqa: F401 - the module fixture
from ecourt.search import engine
from ecourt.search.embeddings import embed_corpus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

DRAFT = "\n".join(
    [
        "NGHỊ ĐỊNH (dự thảo) quy định về thông báo điện tử",
        "",
        "Điều 1. Đăng ký nhận thông báo điện tử",
        "1. Đương sự đăng ký nhận văn bản tố tụng bằng phương tiện điện tử khi nộp đơn khởi kiện hoặc "
        "trong quá trình giải quyết vụ việc.",
        "2. Việc đăng ký được thực hiện bằng văn bản hoặc trên Cổng dịch vụ công của Tòa án.",
        "3. Đương sự có quyền thay đổi địa chỉ điện tử đã đăng ký và phải thông báo cho Tòa án trong "
        "thời hạn 05 ngày làm việc.",
        "",
        "Điều 2. Văn bản gửi bằng phương tiện điện tử",
        "1. Các văn bản tố tụng sau đây được gửi bằng phương tiện điện tử:",
        "a) Thông báo thụ lý vụ án;",
        "b) Quyết định đưa vụ án ra xét xử;",
        "c) Giấy triệu tập;",
        "d) Bản án, quyết định của Tòa án.",
        "2. Văn bản có nội dung thuộc bí mật nhà nước không được tống đạt điện tử.",
        "",
        "Điều 3. Quản lý vật nuôi trong khu dân cư",
        "Chủ nuôi chó, mèo trong khu dân cư phải tiêm phòng bệnh dại cho vật nuôi hằng năm và đeo rọ "
        "mõm cho chó khi đưa ra nơi công cộng; ủy ban nhân dân cấp xã kiểm tra việc thực hiện.",
        "",
        "Điều 4. Hiệu lực thi hành",
        "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2027 và thay thế các quy định trước "
        "đây về thông báo điện tử trong tố tụng dân sự.",
        "",
    ]
)


@pytest.fixture
def indexed(db: None) -> None:
    engine.rebuild(LAWS)
    engine.rebuild(PROVISIONS)


def test_the_draft_is_split_into_its_articles_with_their_spans():
    articles = draft_articles(DRAFT)
    assert [a.article for a in articles] == ["1", "2", "3", "4"]
    first = articles[0]
    assert DRAFT[first.start : first.end].startswith("Điều 1. Đăng ký nhận thông báo điện tử")
    assert DRAFT[first.start : first.end].endswith("05 ngày làm việc.")
    assert first.text.splitlines()[0] == "Điều 1. Đăng ký nhận thông báo điện tử"
    assert "a) Thông báo thụ lý vụ án;" in articles[1].text
    assert draft_articles("Một đoạn văn không có điều khoản nào.") == []


def test_quantities_and_negations_that_differ_are_named_as_written():
    assert differences("trong thời hạn 05 ngày làm việc", "trong thời hạn 03 ngày làm việc") == ["05 ngày ≠ 03 ngày"]
    assert differences("kể từ ngày 01 tháng 7 năm 2027, 03 ngày", "kể từ ngày 15 tháng 3 năm 2026, 03 ngày") == []
    assert differences("Văn bản mật không được tống đạt điện tử.", "Văn bản mật được tống đạt điện tử.") == [
        "không được tống đạt"
    ]
    # quantities in different units are not compared; a sentence left out is not a contradiction
    assert differences("thông báo trong 05 ngày", "vắng mặt 02 năm liền") == []
    assert differences("Đương sự đăng ký trong 03 ngày.", "Đương sự đăng ký trong 03 ngày. Phí là 5%.") == []
    assert lexical_similarity("a b c", "a b c") == 0.0  # too short to say anything


def test_lexically_close_articles_are_flagged_and_others_are_not(indexed: None):
    found = find_overlaps(DRAFT, BEFORE)
    assert [o.article for o in found] == ["1", "2"]
    first, second = found
    best = first.matches[0]
    assert (best.document_number, best.provision_key, best.label) == (BASE, "dieu-4", CONTRADICTION)
    assert best.differences == ["05 ngày ≠ 03 ngày"]
    assert best.lexical > 0.8
    assert best.semantic is None  # no vectors stored: the comparison is lexical only
    assert "03 ngày làm việc" in best.text
    assert first.label == CONTRADICTION
    assert (second.matches[0].provision_key, second.matches[0].label) == ("dieu-5", OVERLAP)
    assert second.as_dict()["matches"][0]["valid_from"] == "2026-07-01"
    # a decree no longer in force is not compared, even while its articles' periods are open in the index
    LegalDocument.objects.filter(number=BASE).update(effective_to=datetime.date(2026, 12, 1))
    assert find_overlaps(DRAFT, BEFORE) == []


def test_with_vectors_the_semantic_similarity_is_given_and_the_text_in_force_on_the_day_is_compared(
    indexed: None, client: Any, judge: Any
):
    report = embed_corpus("provisions")
    assert report.computed == report.documents > 0
    before = {o.article: o for o in find_overlaps(DRAFT, BEFORE)}
    after = {o.article: o for o in find_overlaps(DRAFT, AFTER)}
    assert set(before) == set(after) == {"1", "2"}
    match = before["1"].matches[0]
    assert match.semantic is not None
    assert match.semantic > 0.9
    # Article 4 was amended from 01/07/2027 (its clause 2): after that day the new period is compared
    assert match.valid_from == datetime.date(2026, 7, 1)
    assert after["1"].matches[0].valid_from == datetime.date(2027, 7, 1)
    # the page shows the pair side by side
    client.cookies["django_language"] = "en"
    client.force_login(judge)
    response = client.post("/citations/check/", {"text": DRAFT, "day": "01/01/2027", "overlaps": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="pair pair-contradiction"') == 1
    assert html.count('class="pair pair-overlap"') >= 1
    assert "05 ngày ≠ 03 ngày" in html
    assert "Điều 4. Đăng ký nhận văn bản tố tụng điện tử" in html


def test_cite_check_overlaps_prints_the_pairs(indexed: None, tmp_path: Path):
    path = tmp_path / "du-thao.txt"
    path.write_text(DRAFT, encoding="utf-8")
    out = io.StringIO()
    call_command("cite", "check", "--overlaps", "--date", "2027-01-01", str(path), stdout=out)
    lines = [line for line in out.getvalue().splitlines() if "[possible_contradiction]" in line]
    assert lines
    assert (
        "Điều 1. Đăng ký nhận thông báo điện tử ~ Điều 4. Đăng ký nhận văn bản tố tụng điện tử (45/2026/NĐ-CP)"
        in lines[0]
    )
    assert "05 ngày ≠ 03 ngày" in lines[0]
    out = io.StringIO()
    call_command("cite", "check", "--json", "--overlaps", "--date", "2027-01-01", str(path), stdout=out)
    report = json.loads(out.getvalue())
    assert [o["article"] for o in report["overlaps"]] == ["1", "2"]
    assert report["overlaps"][0]["label"] == "possible_contradiction"
    assert DRAFT[report["overlaps"][0]["start"] :].startswith("Điều 1.")
    assert "overlap_notice" not in report  # only when the search index could not answer
