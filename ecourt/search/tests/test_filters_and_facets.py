"""Filters, facet counts, sorting and pages."""

from __future__ import annotations

import datetime

from ecourt.search import engine
from ecourt.search.query import FilterValue, Range

from .statutes import ids


def test_filters_narrow_without_changing_the_ranking(indexed):
    plain = engine.search(indexed, "dân sự")
    filtered = engine.search(indexed, "dân sự", filters={"kind": "Bộ luật"})
    assert set(ids(filtered)) == {1, 2}
    scores = {h.id: h.score for h in plain.hits}
    assert all(h.score == scores[h.id] for h in filtered.hits)


def test_keyword_filters_ignore_case_and_diacritics_and_take_alternatives(indexed):
    assert set(ids(engine.search(indexed, "", filters={"kind": "bo luat"}))) == {1, 2, 5}
    assert set(ids(engine.search(indexed, "", filters={"kind": ["Nghị định", "Thông tư"]}))) == {3, 6}
    assert set(ids(engine.search(indexed, "", filters={"tags": "tố tụng"}))) == {2, 4}
    assert set(ids(engine.search(indexed, "", filters={"number": "63/2024/NĐ-CP"}))) == {3}


def test_int_and_date_filters_and_ranges(indexed):
    assert set(ids(engine.search(indexed, "", filters={"year": 2015}))) == {1, 2}
    assert set(ids(engine.search(indexed, "", filters={"year": Range(gte=2017, lte=2021)}))) == {4, 5, 6}
    assert set(ids(engine.search(indexed, "", filters={"issued": datetime.date(2015, 11, 25)}))) == {2}
    until = Range(lte=datetime.date(2017, 1, 13))  # the whole last day is included
    assert set(ids(engine.search(indexed, "", filters={"issued": until}))) == {1, 2, 4}
    both: dict[str, FilterValue] = {"kind": "Bộ luật", "year": Range(gte=2016)}
    assert set(ids(engine.search(indexed, "", filters=both))) == {5}


def test_facets_count_the_hits_of_the_query_and_filters(indexed):
    results = engine.search(indexed, "", facets=["kind", "tags", "year"])
    kinds = {f.value: f.count for f in results.facets["kind"]}
    assert kinds == {"Bộ luật": 3, "Nghị định": 1, "Nghị quyết": 1, "Thông tư": 1}
    tags = {f.value: f.count for f in results.facets["tags"]}
    assert tags["dân sự"] == 2
    assert tags["tố tụng"] == 2
    assert {f.value: f.count for f in results.facets["year"]}[2015] == 2

    narrowed = engine.search(indexed, "dân sự", facets=["kind"], filters={"year": 2015})
    assert {f.value: f.count for f in narrowed.facets["kind"]} == {"Bộ luật": 2}


def test_sorting_by_a_date_or_an_int_field(indexed):
    newest = engine.search(indexed, "", sort="-issued")
    assert ids(newest) == [3, 6, 5, 4, 2, 1]
    assert all(h.score is None for h in newest.hits)
    assert ids(engine.search(indexed, "", sort="issued")) == [1, 2, 4, 5, 6, 3]
    by_year = ids(engine.search(indexed, "luật", sort="year"))
    years = [engine.fetch(indexed, [i])[i]["year"] for i in by_year]
    assert years == sorted(years)


def test_pages_do_not_overlap_and_cover_every_hit(indexed, statutes_db):
    # 40 documents with the same score: ties must still split into stable, disjoint pages.
    same = [dict(statutes_db[2], id=100 + i, number=f"{i}/2020/QĐ-TA", title="Quyết định") for i in range(40)]
    engine.index(indexed, same)
    seen: list[int] = []
    for page in range(1, 5):
        results = engine.search(indexed, "quyết định", page=page, page_size=12)
        assert results.total == 40
        seen += ids(results)
        assert results.has_next == (page < 4)
    assert len(seen) == 40
    assert set(seen) == {100 + i for i in range(40)}
    assert ids(engine.search(indexed, "quyết định", page=2, page_size=12)) == seen[12:24]
    assert engine.search(indexed, "quyết định", page=9, page_size=12).hits == []


def test_sorted_pages_are_stable_too(indexed, statutes_db):
    same_day = [dict(statutes_db[2], id=200 + i, number=f"{i}/2020/QĐ-TA") for i in range(25)]
    engine.index(indexed, same_day)
    first = [ids(engine.search(indexed, "", sort="-issued", page=p, page_size=10)) for p in (1, 2, 3, 4)]
    again = [ids(engine.search(indexed, "", sort="-issued", page=p, page_size=10)) for p in (1, 2, 3, 4)]
    assert first == again
    flat = [i for page in first for i in page]
    assert len(flat) == len(set(flat)) == 31
