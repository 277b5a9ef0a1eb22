"""Rebuilds: into a new directory, swapped in atomically; searches and writes go on meanwhile; a crash loses nothing."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from ecourt.search import engine, storage
from ecourt.search.corpus import Corpus

from .statutes import ids, make_corpus


def _with_hook(base: Corpus, after: int, hook: Any) -> Corpus:
    """The same corpus, whose full scan calls ``hook`` after ``after`` documents (a rebuild in progress)."""

    def documents(wanted: Collection[int] | None) -> Iterator[Mapping[str, Any]]:
        for n, doc in enumerate(base.documents(wanted), start=1):
            yield doc
            if wanted is None and n == after:
                hook()

    return Corpus(name=base.name, fields=base.fields, documents=documents, count=base.count)


def _generations(search_dir: Any) -> list[str]:
    return sorted(p.name for p in (Path(search_dir) / "statutes").iterdir() if p.name.startswith("gen-"))


def test_a_rebuild_indexes_every_document_into_a_new_directory(indexed, search_dir):
    before = _generations(search_dir)
    report = engine.rebuild(indexed)
    assert report.documents == 6
    assert _generations(search_dir) == [report.generation]
    assert report.generation not in before
    assert engine.count(indexed) == 6


def test_searches_and_writes_go_on_during_a_rebuild(indexed, statutes_db):
    seen_during: list[list[int]] = []

    def meanwhile() -> None:
        seen_during.append(ids(engine.search(indexed, "hoa giai")))
        # A change committed while the rebuild runs, to a document the rebuild has already read.
        statutes_db[1]["text"] = "Nội dung mới về hòa giải thương mại."
        engine.refresh(indexed, [1])
        seen_during.append(ids(engine.search(indexed, "hoa giai")))

    report = engine.rebuild(_with_hook(indexed, after=3, hook=meanwhile))
    assert seen_during[0] == [4]
    assert set(seen_during[1]) == {1, 4}  # the live index took the write
    assert report.replayed == 1
    assert set(ids(engine.search(indexed, "hoa giai"))) == {1, 4}  # the new index has the change too
    assert ids(engine.search(indexed, "mua bán tài sản")) == []


def test_a_crash_during_a_rebuild_leaves_the_live_index_whole(indexed, search_dir):
    def crash() -> None:
        raise RuntimeError("the database went away")

    live = storage.current_generation(Path(search_dir) / "statutes")
    with pytest.raises(RuntimeError, match="went away"):
        engine.rebuild(_with_hook(indexed, after=2, hook=crash))
    assert storage.current_generation(Path(search_dir) / "statutes") == live
    assert engine.count(indexed) == 6
    assert ids(engine.search(indexed, "91/2015/QH13"))[0] == 1
    assert len(_generations(search_dir)) == 2  # the half-built one stays until the next rebuild
    engine.rebuild(indexed)
    assert len(_generations(search_dir)) == 1
    assert engine.count(indexed) == 6


def test_one_rebuild_at_a_time(indexed):
    errors: list[Exception] = []

    def second() -> None:
        try:
            engine.rebuild(indexed)
        except storage.SearchBusyError as exc:
            errors.append(exc)

    engine.rebuild(_with_hook(indexed, after=1, hook=second))
    assert len(errors) == 1


def test_a_changed_declaration_asks_for_a_rebuild(indexed, statutes_db):
    from ecourt.search.corpus import IntField

    changed = make_corpus(statutes_db)
    changed = Corpus(name=changed.name, fields=(*changed.fields, IntField("pages")), documents=changed.documents)
    with pytest.raises(storage.IndexOutdatedError, match="search rebuild statutes"):
        engine.search(changed, "luật")
    engine.rebuild(changed)
    assert engine.search(changed, "luật").total == 4
