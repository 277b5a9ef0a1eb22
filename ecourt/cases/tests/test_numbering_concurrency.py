"""Court numbers stay gapless and unique when many transactions take them at the same moment.

Threads, each with its own PostgreSQL connection, take numbers from one register at once: through
``numbering.next_in_series`` inside their own transactions, and through the real acceptance of cases
(``petition.accept_case``). Some transactions roll back after taking a number; that number must be
given again, so the register still reads 1..N with no gap and no duplicate.

PostgreSQL only (row locks under real concurrency): skipped on SQLite, and a failure there with
``CI=true``, where the PostgreSQL run is required. ``bin/test`` runs it in its PostgreSQL stage.
"""

from __future__ import annotations

import datetime
import os
import random
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections, transaction

from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, IssuedNumber, NumberSequence, Status
from ecourt.cases.services import assignment, numbering, petition
from ecourt.courts.models import Court
from ecourt.people.models import User

pytestmark = pytest.mark.postgres

THREADS = 8
NUMBERS_PER_THREAD = 25
CASES_PER_THREAD = 4


class RolledBack(Exception):  # noqa: N818 - not an error: the test asks for the rollback
    """Raised inside a transaction, after a number was taken, to roll it back."""


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor == "postgresql":
        return
    message = "concurrent numbering is proved on PostgreSQL: run with DATABASE_URL=postgres://…"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {message} (run this test in the PostgreSQL stage only)")
    pytest.skip(message)


def run_in_threads(work: Callable[[int], list[int]]) -> tuple[list[int], list[BaseException]]:
    """Run ``work(thread_index)`` in THREADS threads that start together, each on its own connection."""
    barrier = threading.Barrier(THREADS)
    taken: list[int] = []
    errors: list[BaseException] = []

    def thread_main(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            taken.extend(work(index))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=thread_main, args=(i,), name=f"numbering-{i}") for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck waiting for a lock"
    return taken, errors


@pytest.mark.usefixtures("transactional_db")
def test_parallel_transactions_take_every_number_once_without_gaps(court):
    assert connection.vendor == "postgresql"
    year, series = 2026, "TLST-DS"
    rolled_back: list[int] = []

    def work(index: int) -> list[int]:
        own_court = Court.objects.get(pk=court.pk)
        rng = random.Random(index)
        mine: list[int] = []
        attempts = 0
        while len(mine) < NUMBERS_PER_THREAD:
            attempts += 1
            try:
                with transaction.atomic():
                    number = numbering.next_in_series(own_court, year, series)
                    time.sleep(rng.random() / 500)  # hold the lock a moment, so others queue for it
                    if attempts % 4 == index % 4:
                        raise RolledBack(number)
            except RolledBack as exc:
                rolled_back.append(exc.args[0])
                continue
            mine.append(number)  # committed
        return mine

    taken, errors = run_in_threads(work)

    assert not errors, errors
    total = THREADS * NUMBERS_PER_THREAD
    assert sorted(taken) == list(range(1, total + 1))  # no gap, no duplicate
    assert NumberSequence.objects.get(court=court, year=year, series=series).last == total
    assert len(rolled_back) >= THREADS * (NUMBERS_PER_THREAD // 4)
    assert set(rolled_back) <= set(taken)  # every rolled-back number was given again


@pytest.mark.usefixtures("transactional_db")
def test_cases_accepted_at_the_same_moment_get_consecutive_acceptance_numbers(clerk, president, judge, court):
    day = datetime.date.today()
    case_ids: list[int] = []
    for _ in range(THREADS * CASES_PER_THREAD):
        case = received_petition(clerk, court, received_on=day)
        assignment.assign_petition(president, case.pk, judge, on=day)
        petition.decide_to_accept(judge, case.pk, on=day)
        petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=day)
        petition.record_fee_payment(clerk, case.pk, receipt_number=f"AA/{case.pk}", amount=Decimal("300000"), on=day)
        case_ids.append(case.pk)
    rolled_back: list[int] = []

    def work(index: int) -> list[int]:
        own_judge = User.objects.get(pk=judge.pk)
        mine = case_ids[index::THREADS]
        accepted: list[int] = []
        for position, case_id in enumerate(mine):
            if position % 2 == index % 2:
                # The acceptance is recorded, then its transaction rolls back (say the server failed
                # before the register was saved): the case stays unaccepted and its number is free again.
                try:
                    with transaction.atomic():
                        number = petition.accept_case(own_judge, case_id, on=day).case.acceptance_number
                        raise RolledBack(number)
                except RolledBack as exc:
                    rolled_back.append(int(exc.args[0].split("/")[0]))
            petition.accept_case(own_judge, case_id, on=day)
            accepted.append(case_id)
        return accepted

    accepted, errors = run_in_threads(work)

    assert not errors, errors
    assert sorted(accepted) == sorted(case_ids)
    cases = list(Case.objects.filter(pk__in=case_ids))
    assert {case.status for case in cases} == {Status.PREPARING}
    series = "TLST-DS"
    numbers = sorted(int(case.acceptance_number.split("/")[0]) for case in cases)
    total = THREADS * CASES_PER_THREAD
    assert numbers == list(range(1, total + 1))
    assert {case.acceptance_number for case in cases} == {f"{n:02d}/{day.year}/{series}" for n in numbers}
    issued: list[Any] = list(
        IssuedNumber.objects.filter(court=court, year=day.year, series=series).values_list("seq", "case_id")
    )
    assert sorted(seq for seq, _ in issued) == list(range(1, total + 1))
    by_case = {case.pk: int(case.acceptance_number.split("/")[0]) for case in cases}
    assert all(by_case[case_id] == seq for seq, case_id in issued)
    assert rolled_back
    assert set(rolled_back) <= set(numbers)
