"""Fixtures of the jobs tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from .transactional import lift_audit_triggers, restore_audit_triggers


@pytest.fixture
def _audit_triggers_restored(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        restore_audit_triggers()  # after pytest-django's flush (fixtures tear down in reverse order)


@pytest.fixture
def committed_db(_audit_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Like ``transactional_db`` (each write commits at once), on a database with an append-only audit log."""
    yield
    lift_audit_triggers()  # before pytest-django's flush
