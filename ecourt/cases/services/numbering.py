"""Numbers courts give: per court, per year, per register, without gaps or duplicates.

A number is taken inside the transaction that records the act it numbers. The register's row is locked
(SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so concurrent
acts queue for it; when the transaction rolls back, the number is not used up, so there are no gaps.
``IssuedNumber`` keeps every number given, and its unique constraint makes a duplicate impossible.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from ecourt.courts.models import Court

from ..identifiers import format_uid
from ..models import OFFICIAL_INSTANCE_CODE, OFFICIAL_TYPE_CODE, Case, CaseType, Instance, IssuedNumber, NumberSequence


def _locked_sequence(court: Court, year: int, series: str) -> NumberSequence:
    try:
        return NumberSequence.objects.select_for_update().get(court=court, year=year, series=series)
    except NumberSequence.DoesNotExist:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(court=court, year=year, series=series, last=0)
        except IntegrityError:
            pass  # created meanwhile by a concurrent transaction; lock that one
        return NumberSequence.objects.select_for_update().get(court=court, year=year, series=series)


def next_in_series(court: Court, year: int, series: str) -> int:
    """Take the next number of a register. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that records the act")
    sequence = _locked_sequence(court, year, series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def _issue(case: Case | None, court: Court, day: datetime.date, series: str, number_format: str) -> str:
    seq = next_in_series(court, day.year, series)
    number = number_format.format(n=seq, year=day.year)
    IssuedNumber.objects.create(
        court=court, year=day.year, series=series, seq=seq, number=number, case=case, issued_on=day
    )
    return number


def _codes(case: Case) -> tuple[str, str]:
    return OFFICIAL_TYPE_CODE[CaseType(case.case_type)], OFFICIAL_INSTANCE_CODE[Instance(case.instance)]


def new_uid(court: Court, case_type: str, day: datetime.date) -> str:
    """The national identifier for a case received by ``court`` on ``day``."""
    seq = next_in_series(court, day.year, "UID")
    return format_uid(seq, day.year, case_type, court.code)


def acceptance_number(case: Case, day: datetime.date) -> str:
    """e.g. '03/2021/TLST-LĐ' (sổ thụ lý)."""
    type_code, instance_code = _codes(case)
    series = f"TL{instance_code}-{type_code}"
    return _issue(case, case.court, day, series, "{n:02d}/{year}/" + series)


def judgment_number(case: Case, day: datetime.date) -> str:
    """e.g. '01/2022/LĐ-ST'."""
    type_code, instance_code = _codes(case)
    series = f"{type_code}-{instance_code}"
    return _issue(case, case.court, day, series, "{n:02d}/{year}/" + series)


def trial_decision_number(case: Case, day: datetime.date) -> str:
    """Decision to bring the case to trial, e.g. '02/2022/QĐXX-LĐST'."""
    type_code, instance_code = _codes(case)
    series = f"QĐXX-{type_code}{instance_code}"
    return _issue(case, case.court, day, series, "{n:02d}/{year}/" + series)


def decision_number(case: Case, day: datetime.date) -> str:
    """Other decisions of the instance (suspension, termination, settlement), e.g. '05/2022/QĐST-DS'."""
    type_code, instance_code = _codes(case)
    series = f"QĐ{instance_code}-{type_code}"
    return _issue(case, case.court, day, series, "{n:02d}/{year}/" + series)
