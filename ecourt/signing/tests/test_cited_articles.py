"""The articles the court documents cite ("Căn cứ khoản 2 Điều 195 Bộ luật Tố tụng dân sự năm 2015 …")
are the provisions they mean: each civil (BLTTDS 2015, 92/2015/QH13) and administrative (LTTHC 2015,
93/2015/QH13) citation of ``issuing._law`` is read from the shared corpus's text of that code
(``alqac-2026-judgments/corpus_law_pub.json``) and must contain the words that identify the provision,
and a period a document states ("trong thời hạn 10 ngày") must be the one of the khoản it cites.
The criminal citations (BLTTHS 2015, 101/2015/QH13) are not checked: that code is not in the corpus."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from ecourt.cases.models import CaseType
from ecourt.laws.importers.common import read_json
from ecourt.laws.importers.corpus import corpus_file
from ecourt.signing.issuing import _law

CORPUS = corpus_file()
BLTTDS, LTTHC = "92/2015/QH13", "93/2015/QH13"

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason=f"the shared data's law corpus is not here ({CORPUS})")

# For each document's citation, in the order it cites them: words of each provision's text that say it
# is the one meant (a neighbouring article does not contain them).
CIVIL_48 = "Quyết định tạm đình chỉ hoặc đình chỉ giải quyết vụ việc dân sự"  # the judge's powers, khoản 5
CIVIL_219 = "có thẩm quyền ra quyết định tạm đình chỉ giải quyết vụ án dân sự, quyết định tiếp tục"
ADMIN_145 = "có thẩm quyền ra quyết định tạm đình chỉ, quyết định tiếp tục giải quyết vụ án"
CIVIL_216 = "Tòa án phải ra quyết định tiếp tục giải quyết vụ án dân sự"
ADMIN_142_2 = "Tòa án ra quyết định tiếp tục giải quyết vụ án và hủy bỏ quyết định tạm đình chỉ giải quyết vụ án"
PHRASES: dict[str, dict[str, list[str]]] = {
    BLTTDS: {
        "fee": ["Thẩm phán dự tính số tiền tạm ứng án phí, ghi vào giấy báo"],
        "exemption": [
            "Trường hợp người khởi kiện được miễn hoặc không phải nộp tiền tạm ứng án phí thì Thẩm phán phải thụ lý"
        ],
        "acceptance": ["Thẩm phán phải thông báo bằng văn bản cho nguyên đơn, bị đơn"],
        "answer": ["kể từ ngày nhận được thông báo, bị đơn, người có quyền lợi, nghĩa vụ liên quan phải nộp"],
        "return": ["Thẩm phán trả lại đơn khởi kiện trong các trường hợp sau đây"],
        "complaint": ["kể từ ngày nhận được văn bản trả lại đơn khởi kiện, người khởi kiện có quyền khiếu nại"],
        "trial": ["Quyết định đưa vụ án dân sự ra xét xử", "Quyết định đưa vụ án ra xét xử phải có các nội dung"],
        "suspend": [
            CIVIL_48,
            "Tòa án ra quyết định tạm đình chỉ giải quyết vụ án dân sự khi có một trong các căn cứ",
            "Tòa án không xóa tên vụ án dân sự bị tạm đình chỉ giải quyết trong sổ thụ lý",
            CIVIL_219,
        ],
        "resume": [
            "quyết định tiếp tục đưa vụ việc dân sự ra giải quyết",  # Điều 48 khoản 5
            CIVIL_216,
            CIVIL_219,
        ],
        "terminate": [
            CIVIL_48,
            "Tòa án ra quyết định đình chỉ giải quyết vụ án dân sự trong các trường hợp sau đây",
            "Khi có quyết định đình chỉ giải quyết vụ án dân sự, đương sự không có quyền khởi kiện",
            CIVIL_219,
        ],
        "settlement": [
            "phải ra quyết định công nhận sự thỏa thuận của các đương sự",
            "Quyết định công nhận sự thỏa thuận của các đương sự có hiệu lực pháp luật ngay",
        ],
        "decision_appeal": ["Thời hạn kháng cáo đối với quyết định tạm đình chỉ, đình chỉ giải quyết vụ án"],
        "appeal_notice": [
            "phải thông báo ngay bằng văn bản cho Viện kiểm sát cùng cấp và đương sự có liên quan đến kháng cáo"
        ],
        "appeal_fee": ["phải thông báo cho người kháng cáo biết để họ nộp tiền tạm ứng án phí phúc thẩm"],
        "suspend_pt": ["Tòa án cấp phúc thẩm ra quyết định tạm đình chỉ xét xử phúc thẩm vụ án"],
        "resume_pt": [
            "việc tiếp tục xét xử phúc thẩm được thực hiện theo quy định tại các điều 214, 215 và 216",
            CIVIL_216,
        ],
        "terminate_pt": ["Tòa án cấp phúc thẩm ra quyết định đình chỉ xét xử phúc thẩm vụ án"],
    },
    LTTHC: {
        "fee": ["Thẩm phán phải thông báo cho người khởi kiện biết để họ nộp tiền tạm ứng án phí"],
        "exemption": [
            "Trường hợp người khởi kiện được miễn nộp tiền tạm ứng án phí hoặc không phải nộp tiền tạm ứng án phí"
            " thì ngày thụ lý vụ án là ngày Thẩm phán thông báo cho người khởi kiện biết việc thụ lý"
        ],
        "acceptance": ["phải thông báo bằng văn bản cho người bị kiện, người có quyền lợi, nghĩa vụ liên quan"],
        "answer": ["phải nộp cho Tòa án văn bản ghi ý kiến của mình về yêu cầu của người khởi kiện"],
        "return": ["Thẩm phán trả lại đơn khởi kiện trong những trường hợp sau đây"],
        "complaint": ["kể từ ngày nhận được văn bản trả lại đơn khởi kiện, người khởi kiện có quyền khiếu nại"],
        "trial": ["Thời hạn chuẩn bị xét xử các vụ án", "Quyết định đưa vụ án ra xét xử phải có các nội dung"],
        "suspend": [
            "Tòa án quyết định tạm đình chỉ giải quyết vụ án khi thuộc một trong các trường hợp",
            "Tòa án không xóa tên vụ án bị tạm đình chỉ giải quyết trong sổ thụ lý",
            ADMIN_145,
        ],
        "resume": [ADMIN_142_2, ADMIN_145],
        "terminate": [
            "Tòa án quyết định đình chỉ giải quyết vụ án trong các trường hợp sau đây",
            "Khi có quyết định đình chỉ giải quyết vụ án, đương sự không có quyền khởi kiện",
            ADMIN_145,
        ],
        "decision_appeal": ["Thời hạn kháng cáo đối với quyết định tạm đình chỉ, đình chỉ giải quyết vụ án"],
        "appeal_notice": [
            "phải thông báo ngay bằng văn bản cho Viện kiểm sát cùng cấp và đương sự có liên quan đến kháng cáo"
        ],
        "appeal_fee": ["phải thông báo cho người kháng cáo biết để họ nộp tiền tạm ứng án phí phúc thẩm"],
        "suspend_pt": ["Tòa án cấp phúc thẩm ra quyết định tạm đình chỉ xét xử phúc thẩm vụ án"],
        "resume_pt": [
            "tiếp tục xét xử phúc thẩm vụ án được thực hiện theo quy định tại Điều 141 và Điều 142",
            ADMIN_142_2,
        ],
        "terminate_pt": ["Tòa án cấp phúc thẩm ra quyết định đình chỉ xét xử phúc thẩm vụ án"],
    },
}
CODE_NAMES = {BLTTDS: "Bộ luật Tố tụng dân sự năm 2015", LTTHC: "Luật Tố tụng hành chính năm 2015"}
CIVIL_TYPES = [t for t in CaseType if t not in (CaseType.HC, CaseType.HS)]
CITATION = re.compile(r"(?:khoản (\d+) )?Điều (\d+)")


@cache
def articles(law_id: str) -> dict[int, str]:
    """The code's articles by number: its ``aid`` less the code's first ``aid``, plus one."""
    content = [item for doc in read_json(CORPUS) if doc["law_id"] == law_id for item in doc["content"]]
    first = min(item["aid"] for item in content)
    return {item["aid"] - first + 1: item["content_Article"] for item in content}


def provision(law_id: str, article: int, clause: int | None) -> str:
    """An article's text, or one khoản of it (the corpus starts each khoản on a line of its own, "2. …")."""
    text = articles(law_id)[article]
    if clause is None:
        return text
    clauses: dict[str, str] = dict(re.findall(r"(?m)^\s*(\d+)\.\s(.*)$", text))
    assert str(clause) in clauses, f"Điều {article} of {law_id} has no khoản {clause}"
    return clauses[str(clause)]


def citations(law: dict[str, str]) -> dict[str, list[tuple[int, int | None]]]:
    """Each document's cited provisions, (article, khoản or None), from its value of ``_law``."""
    cited = {}
    for key, value in law.items():
        if key == "code" or key.endswith("_days"):
            continue
        found = CITATION.findall(value)
        assert found, f"{key}: {value!r} cites no article"
        cited[key] = [(int(article), int(clause) if clause else None) for clause, article in found]
    return cited


LAWS = [(BLTTDS, case_type) for case_type in CIVIL_TYPES] + [(LTTHC, CaseType.HC)]


@pytest.mark.parametrize(("law_id", "case_type"), LAWS, ids=str)
def test_every_cited_article_is_the_provision_the_document_means(law_id: str, case_type: CaseType) -> None:
    law = _law(case_type)
    assert law["code"] == CODE_NAMES[law_id]
    cited = citations(law)
    assert set(cited) == set(PHRASES[law_id]), "a document's citation without words to check it by, or the reverse"
    for key, provisions in cited.items():
        phrases = PHRASES[law_id][key]
        assert len(provisions) == len(phrases), f"{key}: {law[key]!r} cites {len(provisions)} provisions"
        for (article, clause), phrase in zip(provisions, phrases, strict=True):
            text = provision(law_id, article, clause)
            where = f"{key}: {f'khoản {clause} ' if clause else ''}Điều {article} {law_id}"
            assert phrase in text, f"{where} does not say {phrase!r}; it says: {text[:200]!r}"


@pytest.mark.parametrize(("law_id", "case_type"), LAWS, ids=str)
def test_every_period_a_document_states_is_the_one_of_the_khoan_it_cites(law_id: str, case_type: CaseType) -> None:
    law = _law(case_type)
    cited = citations(law)
    periods = {key.removesuffix("_days"): value for key, value in law.items() if key.endswith("_days")}
    assert periods, "no period to check"
    for key, period in periods.items():
        ((article, clause),) = cited[key]
        text = provision(law_id, article, clause)
        # "07 ngày" is not "07 ngày làm việc", nor the reverse
        pattern = re.escape(period) + ("" if period.endswith("làm việc") else r"(?! làm việc)")
        assert re.search(r"(?<!\d)" + pattern, text), (
            f"{key}: {law[key]} {law_id} does not give {period!r}: {text[:200]!r}"
        )


NQ326 = "326/2016/UBTVQH14"  # the court-fee resolution the exemption notice applies
# Điều 15: khoản 1, the judge assigned before acceptance decides; khoản 5, the court notifies it in writing.
NQ326_15 = {
    1: "Trước khi thụ lý vụ án, Thẩm phán được Chánh án Tòa án phân công có thẩm quyền xét đơn đề nghị miễn",
    5: "Tòa án thông báo bằng văn bản về việc miễn, giảm hoặc không miễn, giảm tạm ứng án phí",
}


def test_the_exemption_notice_cites_the_resolution_s_provisions_it_means() -> None:
    from ecourt.fees.schedule import load_schedule

    template = (Path(__file__).parents[1] / "templates/court_documents/exemption_notice.html").read_text("utf-8")
    assert "Điều 15 khoản 1, khoản 5 Nghị quyết số 326/2016/UBTVQH14" in template
    for clause, phrase in NQ326_15.items():
        assert phrase in provision(NQ326, 15, clause), f"khoản {clause} Điều 15 {NQ326}"
    # Each ground the notice can state: its point of Điều 12 khoản 1 opens with the ground's words, and
    # holds each of its parts ("Trẻ em; cá nhân thuộc hộ nghèo, cận nghèo; …").
    points = dict(re.findall(r"(?:^|\s)([a-zđ])\)\s([^\t]*)", provision(NQ326, 12, 1)))
    grounds = load_schedule().exemptions
    assert grounds
    for ground in grounds:
        match = re.fullmatch(r"Điều 12 khoản 1 điểm ([a-zđ])", ground.basis)
        assert match, ground.basis
        point, parts = points[match[1]], [part.strip() for part in ground.text_vi.split(";")]
        assert point.startswith(parts[0]), f"{ground.code}: {point[:120]!r}"
        for part in parts:
            assert part in point, f"{ground.code}: {part!r} is not in {ground.basis}: {point[:200]!r}"
