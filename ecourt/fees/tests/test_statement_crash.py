"""A bank statement import killed mid-way (SIGKILL, a real `fees import-statement` process on the test
database, killed while its transaction is open) loses nothing and doubles nothing: run again, it imports
every line once and pays each notice once; a third run changes nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from ecourt.cases.models import Case, CaseEvent, EventKind, Status
from ecourt.fees.models import BankStatement, NoticeStatus, StatementLine
from ecourt.jobs.tests.test_broker import database_url

from .test_notices_and_statements import today, write

REPO = Path(__file__).resolve().parents[3]
FILLER = 3_000  # unmatched lines after the payments, so that the import is still working when it is killed


def start_import(path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecourt.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ecourt", "fees", "import-statement", str(path)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def transaction_open_elsewhere() -> bool:
    """Whether another connection holds an open write transaction on the test database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
            return bool(cursor.fetchone()[0])
    probe = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")  # refused while the importer holds the write lock
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def wait_until_inside(process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not transaction_open_elsewhere():
        if process.poll() is not None:
            pytest.fail(f"the import ended before it was killed: {process.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail("the import never opened its transaction")
        time.sleep(0.05)


def test_a_killed_import_is_completed_by_running_it_again(
    transactional_db: None,
    notified: Any,
    tmp_path: Path,
) -> None:
    paid, partial = notified(), notified()
    payments = f"T1,{today()},300000,AP {paid.reference}\nT2,{today()},100000,{partial.reference} lan 1\n"
    filler = "".join(f"F{i},{today()},1000,chuyen khoan {i}\n" for i in range(FILLER))
    path = write(tmp_path, payments + filler)

    process = start_import(path)
    wait_until_inside(process)
    assert process.poll() is None  # still at work
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.communicate()

    # Nothing of the killed run is left: no statement, no line, no payment, no case step.
    assert not BankStatement.objects.exists()
    assert not StatementLine.objects.exists()
    paid.refresh_from_db()
    assert paid.status == NoticeStatus.OPEN
    assert Case.objects.get(pk=paid.case_id).status == Status.FEE_NOTIFIED

    rerun = start_import(path)
    _out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert StatementLine.objects.count() == FILLER + 2
    paid.refresh_from_db()
    partial.refresh_from_db()
    assert paid.status == NoticeStatus.PAID
    assert paid.paid_amount == Decimal("300000")
    assert partial.paid_amount == Decimal("100000")
    assert CaseEvent.objects.filter(case_id=paid.case_id, kind=EventKind.FEE_PAID).count() == 1

    again = start_import(path)
    again.communicate(timeout=600)
    assert again.returncode == 0
    assert StatementLine.objects.count() == FILLER + 2
    partial.refresh_from_db()
    assert partial.paid_amount == Decimal("100000")
    assert CaseEvent.objects.filter(case_id=paid.case_id, kind=EventKind.FEE_PAID).count() == 1
