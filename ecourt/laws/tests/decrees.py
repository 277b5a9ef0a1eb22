"""A real slice of the corpus for the search and page tests: Decree 45/2026/NĐ-CP (chapters, sections,
articles, clauses, points) imported from its text, then Decree 77/2027/NĐ-CP that amends it from
1 July 2027 (an article replaced, a clause replaced, a point added, an article inserted, a clause
repealed, a phrase replaced)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from ecourt.laws.imports import import_source

from .conftest import DATA, wipe_corpus

BASE = "45/2026/NĐ-CP"
AMENDING = "77/2027/NĐ-CP"
BEFORE = datetime.date(2027, 1, 1)  # the base text
AFTER = datetime.date(2027, 8, 1)  # the amended text


@pytest.fixture(scope="module")
def decrees(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        import_source("text", DATA / "nghi-dinh-goc.txt", record_job=False)
        import_source("text", DATA / "nghi-dinh-sua-doi.txt", record_job=False)
    yield
    with django_db_blocker.unblock():
        wipe_corpus()
