"""The real court map, loaded once per test module (it takes about a second) and removed afterwards.

Tests in a module that asks for ``court_map`` see the committed rows; each test's own changes are
rolled back as usual by the ``db`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecourt.courts.models import Court, CourtParentPeriod, CourtSuccession, Department
from ecourt.courts.services import LoadReport, load_courts


def remove_court_map() -> None:
    Department.objects.all().delete()
    CourtSuccession.objects.all().delete()
    CourtParentPeriod.objects.all().delete()
    Court.objects.update(parent=None)
    Court.objects.all().delete()


@pytest.fixture(scope="module")
def court_map(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with django_db_blocker.unblock():
        report = load_courts(progress=False)
    yield report
    with django_db_blocker.unblock():
        remove_court_map()


def _sorted(rows: Any) -> list[Any]:
    return sorted(rows, key=str)  # rows hold None beside dates, which do not compare


def snapshot() -> dict[str, Any]:
    """Everything the loader writes, as plain values, to compare two states of the database."""
    return {
        "courts": _sorted(
            Court.objects.values_list(
                "code",
                "name",
                "short_name",
                "name_en",
                "level",
                "parent__code",
                "province",
                "valid_from",
                "valid_to",
                "legal_basis",
                "search_key",
            )
        ),
        "successions": _sorted(
            CourtSuccession.objects.values_list("predecessor__code", "successor__code", "effective_on", "kind")
        ),
        "parent_periods": _sorted(
            CourtParentPeriod.objects.values_list("court__code", "parent__code", "valid_from", "valid_to")
        ),
        "departments": _sorted(Department.objects.values_list("court__code", "kind", "name", "valid_from", "valid_to")),
    }
