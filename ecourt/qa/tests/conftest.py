"""The knowledge loop's fixtures: a court with a civil department, its expert group (an expert and an
approver), a judge who asks, and the real decree pair the laws tests import (ecourt/laws/tests/data:
45/2026/NĐ-CP in force from 1 July 2026, amended by 77/2027/NĐ-CP from 1 July 2027)."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.courts.factories import DepartmentFactory
from ecourt.people.factories import staff
from ecourt.people.models import Role
from ecourt.qa.models import ExpertDesignation, ExpertGroup

LAW_DATA = Path(__file__).resolve().parents[2] / "laws" / "tests" / "data"
ORIGINAL, AMENDING = LAW_DATA / "nghi-dinh-goc.txt", LAW_DATA / "nghi-dinh-sua-doi.txt"
FACTS = datetime.date(2026, 9, 1)  # the decree is in force, not yet amended
AFTER = datetime.date(2027, 7, 1)  # the amending decree's first day
SOURCES = (
    "Điều 3 Nghị định số 45/2026/NĐ-CP\nkhoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP\nĐiều 1 Nghị định số 45/2026/NĐ-CP"
)


def import_law(path: Path) -> str:
    out = StringIO()
    call_command("laws", "import", "text", str(path), "--no-progress", stdout=out)
    return out.getvalue()


@pytest.fixture
def decree(db: None) -> None:
    import_law(ORIGINAL)


@pytest.fixture
def department(court: Any) -> Any:
    return DepartmentFactory(court=court)


@pytest.fixture
def group(court: Any, department: Any) -> ExpertGroup:
    return ExpertGroup.objects.create(court=court, department=department, name="Tổ chuyên gia Tòa Dân sự")


def designate(group: ExpertGroup, *, approver: bool = False) -> Any:
    user = staff(group.court, Role.JUDGE, department=group.department)
    ExpertDesignation.objects.create(group=group, user=user, approver=approver, valid_from=datetime.date(2025, 1, 1))
    return user


@pytest.fixture
def expert(group: ExpertGroup) -> Any:
    return designate(group)


@pytest.fixture
def approver(group: ExpertGroup) -> Any:
    return designate(group, approver=True)
