"""Tests whose data must be committed (seen by a worker process, other threads or a live server), on
a database whose audit log refuses DELETE and TRUNCATE.

pytest-django empties the database after such a test with ``flush`` (TRUNCATE on PostgreSQL, DELETE on
SQLite), which the append-only triggers of ``audit/migrations/0002`` refuse. The root conftest's
``transactional_db`` lifts the triggers after the test for that flush, and its ``pytest_runtest_setup``
puts them back, with the migration's own SQL, before the next test starts: the triggers are in force
for the whole of every test.
"""

from __future__ import annotations

import importlib

from django.db import connection

_TRIGGERS = importlib.import_module("ecourt.audit.migrations.0002_append_only_triggers")
_DOWN: dict[str, list[str]] = {"sqlite": _TRIGGERS.SQLITE_DOWN, "postgresql": _TRIGGERS.POSTGRES_DOWN}
_UP: dict[str, list[str]] = {"sqlite": _TRIGGERS.SQLITE_UP, "postgresql": _TRIGGERS.POSTGRES_UP}


def _execute(statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def lift_audit_triggers() -> None:
    """Drop the append-only triggers (idempotent): call just before the flush."""
    _execute(_DOWN)


def restore_audit_triggers() -> None:
    """Install the append-only triggers again (idempotent): call just after the flush."""
    _execute(_DOWN)
    _execute(_UP)
