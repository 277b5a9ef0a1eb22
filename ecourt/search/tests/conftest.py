"""Fixtures of the search tests: a temporary search directory per test and the test corpus."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecourt.search import engine
from ecourt.search.corpus import Corpus
from ecourt.search.registry import registered

from .statutes import STATUTES, make_corpus


@pytest.fixture(autouse=True)
def search_dir(tmp_path: Any, settings: Any) -> Any:
    settings.SEARCH_DIR = tmp_path / "search"
    return settings.SEARCH_DIR


@pytest.fixture
def statutes_db() -> dict[int, dict[str, Any]]:
    return {d["id"]: dict(d) for d in STATUTES}


@pytest.fixture
def corpus(statutes_db: dict[int, dict[str, Any]]) -> Iterator[Corpus]:
    with registered(make_corpus(statutes_db)) as c:
        yield c


@pytest.fixture
def indexed(corpus: Corpus) -> Corpus:
    engine.rebuild(corpus)
    return corpus
