"""What is not a citation of law: court document numbers, dates, "điều" in prose, contracts' articles,
headings, lawyers (pure Python: no database)."""

from __future__ import annotations

import pytest

from ecourt.citations.extractor import extract


@pytest.mark.parametrize(
    "text",
    [
        "Bản án số 01/2022/LĐ-ST ngày 12/3/2022 của Tòa án nhân dân huyện X",
        "thụ lý số 03/2021/TLST-LĐ ngày 05/01/2021",
        "Quyết định đưa vụ án ra xét xử số 02/2022/QĐXX-LĐST ngày 10/3/2022",
        "Quyết định áp dụng biện pháp khẩn cấp tạm thời số 05/2018/QĐ-BPKCTT",
        "Bản án số: 13/2017/DS-ST; Ngày 22/9/2017",
        "theo Quyết định số 21/2017/QĐXXST-DS ngày 11/9/2017",
        "Thông báo số 25/2017/TB-TA ngày 02/3/2017",
        "Hợp đồng tín dụng số 05/2015/HĐTD ngày 01/02/2015",
        "ngày 30/12/2016, ngày 30-12-2016, ngày 30.12.2016",
        "Điều này gián tiếp khiến cho cháu bé hoảng sợ",
        "Điều này, hoàn toàn phù hợp với thỏa thuận",
        "đủ điều kiện để được công nhận; điều chỉnh hợp đồng; 3 điều",
        "theo Điều 2.1 của thư cấp tín dụng",
        "phù hợp với Điều 6 của các Hợp đồng số 087, 088",
        "Điều 4 của hợp đồng thế chấp",
        "Luật sư Nguyễn Văn A, Văn phòng luật sư B năm 2017",
        "theo quy định của pháp luật đất đai năm 2013",
        "các điểm 42, 43, 44 của bản trích đo; từ điểm A đến điểm B",
        "Căn cứ vào 03 hợp đồng này",
        "Áp dụng 2 phương án bồi thường",
        "khoản tiền 200.000.000 đồng và khoản lãi",
        "Quyết định cưỡng chế kê biên quyền sử dụng đất số: 05/QĐ-CCTHA ngày 03-03-2014",
        "Quyết định số 1213/QĐ-UBND ngày 12/5/2015 của Ủy ban nhân dân huyện P",
        "Công văn số 109/CV-TA ngày 25-7-2016 của TAND huyện D",
    ],
)
def test_it_finds_no_citation_of_law_in(text):
    assert extract(text) == []


def test_the_heading_of_a_decisions_own_article_is_not_a_citation():
    text = "QUYẾT ĐỊNH:\nĐiều 1. Công nhận sự thỏa thuận của các đương sự.\nĐiều 2. Án phí"
    assert extract(text) == []


def test_a_citation_next_to_a_court_number_is_found_and_the_number_is_not():
    text = "Bản án số 01/2022/LĐ-ST áp dụng Điều 35 Bộ luật Lao động năm 2019"
    found = extract(text)
    assert [(c.kind, c.article) for c in found] == [("provision", "35")]
