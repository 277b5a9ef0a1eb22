"""A demo load on the real court map, shared by the tests of this package (each test gets its own)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.demo.loader import LoadOptions, LoadResult, load_demo

# A fixed day, so the history (which stops at the day it is "as of") is the same on every run.
AS_OF = datetime.date(2026, 11, 20)
SMALL = LoadOptions(cases=400, seed=7, spread=3, batch_cases=150, load_courts=False, as_of=AS_OF)


@pytest.fixture
def court_map(db: None) -> None:
    call_command("courts", "load", "--no-progress", stdout=io.StringIO())


@pytest.fixture
def loaded(court_map: None) -> LoadResult:
    return load_demo(SMALL)


def digest() -> list[tuple[Any, ...]]:
    """What a load produced, without database ids (which differ between runs)."""
    from django.db.models import Count

    from ecourt.cases.models import Case

    return sorted(
        Case.objects.annotate(n_events=Count("events", distinct=True), n_deadlines=Count("deadlines", distinct=True))
        .values_list("uid", "status", "acceptance_number", "judgment_number", "next_deadline_on", "n_events",
                     "n_deadlines")
    )  # fmt: skip
