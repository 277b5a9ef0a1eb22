"""What keeps big corpora fast: facets counted on a sample past a number of hits, fields out of the default
search, and folded-only text fields indexed without the tone placement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any

import pytest

from ecourt.search import engine
from ecourt.search.analysis import sample_bucket
from ecourt.search.corpus import SAMPLE_BUCKETS, Corpus, KeywordField, TextField
from ecourt.search.registry import registered


def _corpus(db: dict[int, dict[str, Any]]) -> Corpus:
    def documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
        for doc_id in sorted(db):
            if ids is None or doc_id in ids:
                yield dict(db[doc_id])

    return Corpus(
        name="sampled",
        fields=(
            TextField("text", exact=False),
            TextField("plaintiff", stored=False, exact=False, searched=False),
            KeywordField("side", facet=True),
        ),
        documents=documents,
    )


@pytest.fixture
def big() -> Iterator[Corpus]:
    # 3,000 documents: one in three "left", and the word "hòa" written with both tone placements.
    db = {
        i: {
            "id": i,
            "text": f"bản án số {i} hòa giải" if i % 2 else f"bản án số {i} hoà giải",
            "plaintiff": "Ngân hàng thương mại" if i % 10 == 0 else "Nguyễn Văn A",
            "side": "left" if i % 3 == 0 else "right",
        }
        for i in range(1, 3001)
    }
    with registered(_corpus(db)) as c:
        engine.rebuild(c)
        yield c


def test_sample_buckets_spread_consecutive_ids_evenly():
    counts = Counter(sample_bucket(i) for i in range(1, 102_401))
    assert set(counts) == set(range(SAMPLE_BUCKETS))
    assert max(counts.values()) - min(counts.values()) < 30  # 100 per bucket on average


def test_facets_are_exact_up_to_the_limit(big):
    results = engine.search(big, "bản án", facets=["side"])
    assert results.total == 3000
    assert not results.facets_estimated
    assert {f.value: f.count for f in results.facets["side"]} == {"left": 1000, "right": 2000}


def test_past_the_limit_facets_are_counted_on_a_sample_and_scaled(big, monkeypatch):
    monkeypatch.setattr(engine, "FACET_EXACT_UP_TO", 1000)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 600)
    results = engine.search(big, "bản án", facets=["side"])
    assert results.total == 3000  # the total stays exact
    assert results.facets_estimated
    counts = {f.value: f.count for f in results.facets["side"]}
    assert sum(counts.values()) == pytest.approx(3000, abs=2)  # scaled by the hits found in the sample
    assert counts["left"] == pytest.approx(1000, rel=0.15)
    assert counts["right"] == pytest.approx(2000, rel=0.15)
    # A narrower search stays under the limit and is counted exactly.
    narrow = engine.search(big, "bản án", filters={"side": "left"}, facets=["side"])
    assert not narrow.facets_estimated
    assert {f.value: f.count for f in narrow.facets["side"]} == {"left": 1000}


def test_a_field_not_searched_by_default_answers_only_field_queries(big):
    assert engine.search(big, "ngân hàng").total == 0
    assert engine.search(big, 'plaintiff:"ngân hàng"').total == 300
    assert engine.search(big, 'bản án plaintiff:"ngan hang"').total == 300


def test_a_folded_only_field_finds_both_tone_placements(big):
    # The text is indexed as written (NFC only): folding makes "hoà" and "hòa" the same token.
    for query in ("hòa giải", "hoà giải", "hoa giai"):
        assert engine.search(big, query).total == 3000
