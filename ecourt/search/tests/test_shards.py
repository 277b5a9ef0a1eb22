"""A corpus split into shards answers as the same corpus in one index: the same hits, counts and facets."""

from __future__ import annotations

import datetime
import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from ecourt.search import engine, storage
from ecourt.search.corpus import Corpus
from ecourt.search.query import Range
from ecourt.search.readers import reader
from ecourt.search.registry import registered
from ecourt.search.shards import each, shard_of

from .statutes import ids, make_corpus

VOCABULARY = "hợp đồng mua bán tài sản đất đai thừa kế ly hôn nuôi con bồi thường thiệt hại lao động vay tiền lãi suất"
WORDS = VOCABULARY.split()
KINDS = ["Bộ luật", "Luật", "Nghị định", "Thông tư", "Nghị quyết"]
TAGS = ["dân sự", "hình sự", "tố tụng", "hành chính", "lao động", "đất đai"]


def _documents(n: int) -> dict[int, dict[str, Any]]:
    rng = random.Random(7)
    db = {}
    for i in range(1, n + 1):
        db[i] = {
            "id": i,
            "number": f"{i}/20{10 + i % 15}/QH",
            "title": " ".join(rng.choices(WORDS, k=4)),
            "text": " ".join(rng.choices(WORDS, k=rng.randint(5, 15))),
            "kind": KINDS[i % len(KINDS)],
            "tags": rng.sample(TAGS, k=2),
            "year": 2010 + i % 15,
            "issued": datetime.date(2000, 1, 1) + datetime.timedelta(days=i),  # unique: sorts have no ties
        }
    return db


@pytest.fixture
def db() -> dict[int, dict[str, Any]]:
    return _documents(400)


@pytest.fixture
def pair(db: dict[int, dict[str, Any]], settings: Any) -> Iterator[tuple[Corpus, Corpus]]:
    """The same documents in one index ("single") and in three shards ("split")."""
    settings.SEARCH_SHARDS = {"split": 3}
    with registered(make_corpus(db, "single")) as single, registered(make_corpus(db, "split")) as split:
        engine.rebuild(single)
        engine.rebuild(split)
        yield single, split


def _per_shard(corpus: Corpus) -> list[int]:
    return [int(index.searcher().num_docs) for index in reader(corpus).indexes]


def test_documents_are_spread_over_the_shards_and_each_is_in_one(pair):
    single, split = pair
    assert _per_shard(single) == [400]
    counts = _per_shard(split)
    assert len(counts) == 3
    assert sum(counts) == 400
    assert min(counts) > 100  # a hash, not ranges of ids
    assert engine.count(split) == engine.count(single) == 400
    assert all(reader(split).paths[shard_of(i, 3)].name == f"shard-{shard_of(i, 3)}" for i in (1, 2, 3))


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("hợp đồng", {}),
        ("dat dai", {"kind": "Luật"}),
        ("", {"year": Range(gte=2015, lte=2019)}),
        ('"mua bán"', {}),
        ("thừa kế OR ly hôn", {}),
    ],
)
def test_the_same_hits_counts_and_facets(pair, query, filters):
    single, split = pair
    one = engine.search(single, query, filters=filters, facets=["kind", "tags", "year"], page_size=200)
    many = engine.search(split, query, filters=filters, facets=["kind", "tags", "year"], page_size=200)
    assert 200 >= many.total == one.total > 0  # one page holds every hit
    assert sorted(ids(many)) == sorted(ids(one))
    assert many.facets == one.facets
    assert not many.facets_estimated


def test_scores_are_close_to_one_index_and_the_ranking_is_by_score(pair):
    single, split = pair
    one = {h.id: h.score or 0.0 for h in engine.search(single, "lãi suất vay tiền", page_size=200).hits}
    many = {h.id: h.score or 0.0 for h in engine.search(split, "lãi suất vay tiền", page_size=200).hits}
    assert list(many.values()) == sorted(many.values(), reverse=True)
    # Each shard's word statistics stand in for the corpus's: with ~130 documents a shard, within 15 %.
    assert all(abs(score - one[i]) <= 0.15 * one[i] for i, score in many.items())


def test_pages_cut_from_the_merge_cover_every_hit_once(pair):
    _, split = pair
    everything = engine.search(split, "hợp đồng", page_size=200)
    last = -(-everything.total // 7) + 1  # one page past the end, which is empty
    pages = [engine.search(split, "hợp đồng", page=p, page_size=7) for p in range(1, last + 1)]
    assert not pages[-1].hits
    seen = [i for page in pages for i in ids(page)]
    assert seen == ids(everything)
    assert all(page.total == everything.total for page in pages)


@pytest.mark.parametrize("sort", ["issued", "-issued", "year", "-year"])
def test_sorted_by_a_field_across_shards(pair, db, sort):
    single, split = pair
    many = engine.search(split, "tài sản", sort=sort, page=2, page_size=25)
    one = engine.search(single, "tài sản", sort=sort, page=2, page_size=25)
    field = sort.removeprefix("-")
    assert [db[i][field] for i in ids(many)] == [db[i][field] for i in ids(one)]
    if field == "issued":  # unique values: the very same documents
        assert ids(many) == ids(one)


def test_highlights_come_from_the_shard_that_holds_the_hit(pair):
    _, split = pair
    results = engine.search(split, "thừa kế", highlight_fields=["title", "text"], page_size=50)
    assert {shard_of(h.id, 3) for h in results.hits} == {0, 1, 2}
    assert all("<mark>" in h.highlights["title"] + h.highlights["text"] for h in results.hits)


def test_sampled_facets_sample_the_same_documents(pair, monkeypatch):
    single, split = pair
    monkeypatch.setattr(engine, "FACET_EXACT_UP_TO", 50)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 100)
    one = engine.search(single, "", facets=["kind", "year"])
    many = engine.search(split, "", facets=["kind", "year"])
    assert many.facets_estimated
    assert one.facets_estimated
    assert many.facets == one.facets  # the sample is a set of buckets, whatever shard they live in


def test_fetch_and_matching_ids_look_in_each_documents_shard(pair):
    single, split = pair
    wanted = [3, 50, 51, 399, 9999]
    assert engine.fetch(split, wanted) == engine.fetch(single, wanted)
    assert set(engine.fetch(split, wanted)) == {3, 50, 51, 399}
    filters = {"kind": "Luật"}
    assert engine.matching_ids(split, range(1, 401), filters) == engine.matching_ids(single, range(1, 401), filters)


def test_writes_go_to_the_documents_shard_and_never_double(pair, db):
    _, split = pair
    before = _per_shard(split)
    db[401] = {**db[1], "id": 401, "number": "401/2026/QH", "title": "chuyển nhượng quyền sử dụng"}
    engine.index(split, [db[401]])
    engine.index(split, [db[401]])  # again: replaced, not doubled
    after = _per_shard(split)
    home = shard_of(401, 3)
    assert [a - b for a, b in zip(after, before, strict=True)] == [1 if k == home else 0 for k in range(3)]
    assert ids(engine.search(split, "chuyển nhượng")) == [401]

    db[2]["title"] = "quyền sử dụng chuyển nhượng"
    del db[3]
    assert engine.refresh(split, [2, 3]) == {"indexed": 1, "deleted": 1}
    assert sorted(ids(engine.search(split, "chuyển nhượng"))) == [2, 401]
    assert engine.fetch(split, [3]) == {}
    engine.delete(split, [401])
    assert engine.count(split) == 399


def test_the_shard_count_is_read_from_disk_and_a_new_count_makes_the_index_outdated(db, settings):
    settings.SEARCH_SHARDS = {}
    with registered(make_corpus(db, "growing")) as c:
        engine.rebuild(c)
        assert not storage.is_outdated(c)
        settings.SEARCH_SHARDS = {"growing": 2}
        assert storage.is_outdated(c)  # `search rebuild --outdated` picks it up
        assert engine.search(c, "hợp đồng").total > 0  # meanwhile the one-index generation still answers
        assert len(reader(c).indexes) == 1
        engine.rebuild(c)
        assert not storage.is_outdated(c)
        assert len(reader(c).indexes) == 2
        assert engine.count(c) == 400


def test_each_keeps_the_order_and_runs_side_by_side():
    barrier = threading.Barrier(3, timeout=5)  # passes only if the three calls run at the same time

    def work(n: int) -> tuple[int, str]:
        barrier.wait()
        return n * n, threading.current_thread().name

    results = each([1, 2, 3], work)
    assert [r for r, _ in results] == [1, 4, 9]
    assert len({name for _, name in results}) == 3


def test_a_rebuild_that_commits_as_it_goes_holds_every_document_once(db, settings, monkeypatch):
    from ecourt.search import writes

    monkeypatch.setattr(writes, "REBUILD_COMMIT_EVERY", 37)  # ten checkpoints over 400 documents
    settings.SEARCH_SHARDS = {"checkpointed": 2}
    with registered(make_corpus(db, "checkpointed")) as c:
        engine.rebuild(c)
        assert engine.count(c) == 400
        assert engine.search(c, "", page_size=1).total == 400
        assert sum(_per_shard(c)) == 400
