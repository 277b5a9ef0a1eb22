"""The synthetic judgments of bench/search: deterministic, shaped like judgments, ~30,000 characters on average."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

import pytest

from ecourt.laws.importers.common import shared_data
from ecourt.search import synthetic
from ecourt.search.analysis import to_document
from ecourt.search.synthetic import LAWS, Pool, judgment, judgments, parse_header

DEV = shared_data() / "alqac-2026-judgments" / "judgments-dev.json"

# A handful of real-looking sentences: the shape does not depend on the pool's size.
RECORDS = [
    {
        "case_fact": "Ngày 10/7/2017 nguyên đơn trình bày: bị đơn vay 50.000.000 đồng, hẹn trả sau sáu tháng. "
        "Đến hạn bị đơn không trả; nguyên đơn yêu cầu trả nợ gốc và lãi suất theo thỏa thuận.",
        "court_reasoning": "Hội đồng xét xử nhận định: hợp đồng vay tài sản giữa các đương sự là hợp pháp. "
        "Bị đơn thừa nhận khoản nợ, nên yêu cầu của nguyên đơn là có căn cứ chấp nhận.",
        "court_verdict": "Chấp nhận yêu cầu khởi kiện của nguyên đơn. Buộc bị đơn phải trả cho nguyên đơn số tiền nợ.",
    }
]


@pytest.fixture(scope="module")
def pool() -> Pool:
    return Pool.from_judgments(RECORDS)


def test_the_same_seed_and_index_give_the_same_judgment(pool):
    assert judgment(pool, 7, seed=3) == judgment(pool, 7, seed=3)
    # Judgment i does not depend on those before it: a slice of a large run is a small run.
    assert list(judgments(pool, 3, start=5)) == [judgment(pool, i) for i in (5, 6, 7)]
    assert judgment(pool, 7, seed=3)["text"] != judgment(pool, 7, seed=4)["text"]
    assert judgment(pool, 7)["text"] != judgment(pool, 8)["text"]


def test_a_judgment_has_a_parseable_header_sections_and_the_citations_it_declares(pool):
    for i in range(50):
        d = judgment(pool, i)
        court, number, day = parse_header(d["text"])
        assert (court, number, day) == (d["court_name"], d["number"], d["decided"])
        assert re.fullmatch(rf"\d+/{day.year}/[A-ZĐ]+-(ST|PT)", number)
        text = d["text"]
        sections = [text.index(s) for s in ("NỘI DUNG VỤ ÁN:", "NHẬN ĐỊNH CỦA TÒA ÁN:", "QUYẾT ĐỊNH:")]
        assert sections == sorted(sections)
        assert d["id"] == i + 1
        assert d["year"] == day.year
        names = {number: name for name, number, _ in LAWS}
        assert d["cited_law"]
        for cited in d["cited"]:
            law, article = cited.rsplit(" dieu-", 1)
            assert law in d["cited_law"]
            assert f"Điều {article} {names[law]}" in text  # each citation is written in the text


def test_lengths_are_log_normal_around_thirty_thousand(pool):
    lengths = [len(d["text"]) for d in judgments(pool, 400)]
    assert 27_000 < statistics.mean(lengths) < 33_000
    assert statistics.median(lengths) < statistics.mean(lengths)  # skewed, like real judgments
    assert min(lengths) >= synthetic.MIN_CHARS * 0.9
    assert max(lengths) <= synthetic.MAX_CHARS * 1.05


def test_a_generated_judgment_is_a_document_of_the_judgments_corpus(pool):
    from ecourt.judgments.search import JUDGMENTS

    doc = to_document(JUDGMENTS, judgment(pool, 0))
    assert doc["number"] == [judgment(pool, 0)["number"]]


def test_a_pool_without_sentences_is_refused():
    with pytest.raises(ValueError, match="no sentences"):
        Pool.from_judgments([{"case_fact": "ngắn", "court_reasoning": "", "court_verdict": ""}])
    with pytest.raises(ValueError, match="no judgment header"):
        parse_header("không phải bản án")


@pytest.mark.skipif(not DEV.exists(), reason=f"{DEV} is not here")
def test_the_real_pool_gives_real_vocabulary():
    pool = Pool.from_file(DEV)
    assert len(pool.facts) > 1000
    assert len(pool.reasoning) > 1000
    text = judgment(pool, 0)["text"]
    assert "Tòa" in text or "Toà" in text


@pytest.mark.skipif(not DEV.exists(), reason=f"{DEV} is not here")
def test_document_frequencies_are_those_of_the_real_judgments():
    # A search benchmark is only as hard as its documents are realistic: the share of judgments holding a
    # word decides how many hits a query scores. Compared over every word and word pair found in 5-95 % of
    # the real judgments (generator 2, each sentence from the whole pool: mean error 0.115, bias +0.108).
    import json

    from ecourt.vietnamese import fold

    def terms(text: str) -> set[str]:
        toks = [fold(t).lower() for t in re.findall(r"\w+", text)]
        return set(toks) | {a + "_" + b for a, b in itertools.pairwise(toks)}

    records = json.loads(DEV.read_text(encoding="utf-8"))
    real = [
        terms(" ".join(str(r.get(k) or "") for k in ("case_fact", "court_reasoning", "court_verdict"))) for r in records
    ]
    made = [
        terms(d["text"].split("NỘI DUNG VỤ ÁN:", 1)[1])
        for d in judgments(Pool.from_judgments(records), 4 * len(records))
    ]
    df_real = Counter(t for s in real for t in s)
    df_made = Counter(t for s in made for t in s)
    words = [t for t, k in df_real.items() if 0.05 * len(real) <= k <= 0.95 * len(real)]
    errors = [df_made[t] / len(made) - df_real[t] / len(real) for t in words]
    assert len(words) > 5000
    assert statistics.mean(abs(e) for e in errors) < 0.05
    assert abs(statistics.mean(errors)) < 0.03
