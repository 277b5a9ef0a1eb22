"""Fixtures shared by every test: one court with its people, and the permission triad.

Every case test can ask for ``judge`` (the judge who will be assigned), ``colleague`` (a judge of the
same court who is not on the case), ``outsider`` (a judge of another court) and ``citizen``, so each
can check that refusal works (STYLE §1.7).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.plugin import blocking_manager_key

from ecourt.courts.factories import CourtFactory, ProvincialCourtFactory
from ecourt.people.factories import UserFactory, staff
from ecourt.people.models import Role, UserKind
from ecourt.testing.audit_triggers import lift_audit_triggers, restore_audit_triggers

_REAL_CONNECT = socket.socket.connect
_LOCAL = ("127.0.0.1", "::1", "localhost")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host in _LOCAL or host.startswith("/")):
        raise RuntimeError(
            f"Tests may not reach the internet (tried {host!r}); nothing in ecourt downloads at run time"
        )
    return _REAL_CONNECT(self, address)


@pytest.fixture(autouse=True, scope="session")
def block_internet() -> Iterator[None]:
    setattr(socket.socket, "connect", _guarded_connect)  # noqa: B010 - patching a C type's method
    yield
    setattr(socket.socket, "connect", _REAL_CONNECT)  # noqa: B010


@pytest.fixture(autouse=True, scope="session")
def session_search_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Search indexes written by session- and module-scoped fixtures (an import indexes what it wrote)
    go to a temporary directory too, never to the data directory; each test then gets its own below."""
    from django.conf import settings

    before = settings.SEARCH_DIR
    settings.SEARCH_DIR = tmp_path_factory.mktemp("search")
    yield
    settings.SEARCH_DIR = before


# Whether a committed-data test has lifted the audit log's triggers for pytest-django's flush.
_audit_triggers = {"lifted": False}


@pytest.fixture
def transactional_db(transactional_db: None) -> Iterator[None]:
    """pytest-django's ``transactional_db`` (each write commits at once, so worker processes, threads
    and the live server see it), on a database whose audit log is append-only: the triggers are lifted
    after the test for pytest-django's flush and put back before the next test starts (see
    ``pytest_runtest_setup`` and ecourt/testing/audit_triggers.py)."""
    yield
    lift_audit_triggers()
    _audit_triggers["lifted"] = True


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture of the next test, so outside its transaction: pytest-django's flush happens
    # in a teardown whose order relative to ours depends on the test's markers, so restoring in a
    # teardown could come before the flush.
    if _audit_triggers["lifted"]:
        with item.config.stash[blocking_manager_key].unblock():
            restore_audit_triggers()
        _audit_triggers["lifted"] = False


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the site's language (Vietnamese): a page requested in English by an earlier test
    leaves English active in the thread (LocaleMiddleware activates and does not restore), which made a later
    test's Vietnamese message come out in English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def isolated_media(tmp_path: Any, settings: Any) -> None:
    """Uploads and search indexes of each test go to its own temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EXPORT_DIR = tmp_path / "exports"
    settings.SEARCH_DIR = tmp_path / "search"


@pytest.fixture(autouse=True)
def second_factor_on_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(user)`` and ``client.login(...)`` of an account that needs a second factor give
    a session that has passed it (a real confirmed TOTP device of the user; ecourt/twofactor/testing.py),
    as after the code page. Tests of the code page use ``password_only(client)``."""
    from ecourt.twofactor.testing import auto_verify_logins

    auto_verify_logins(monkeypatch)


@pytest.fixture
def provincial_court(db: None) -> Any:
    return ProvincialCourtFactory()


@pytest.fixture
def court(provincial_court: Any) -> Any:
    return CourtFactory(parent=provincial_court)


@pytest.fixture
def other_court(provincial_court: Any) -> Any:
    return CourtFactory(parent=provincial_court)


@pytest.fixture
def president(court: Any) -> Any:
    return staff(court, Role.PRESIDENT)


@pytest.fixture
def clerk(court: Any) -> Any:
    return staff(court, Role.CLERK)


@pytest.fixture
def judge(court: Any) -> Any:
    return staff(court, Role.JUDGE)


@pytest.fixture
def colleague(court: Any, judge: Any) -> Any:
    """A judge of the same court who is not on the case (created after ``judge`` so the even-load
    suggestion, which breaks ties by id, prefers ``judge``)."""
    return staff(court, Role.JUDGE)


@pytest.fixture
def outsider(other_court: Any) -> Any:
    return staff(other_court, Role.JUDGE)


@pytest.fixture
def citizen(db: None) -> Any:
    return UserFactory(kind=UserKind.CITIZEN)


def ci_requires(service: str) -> bool:
    """Whether a missing service must fail the run (CI=true) rather than skip the test."""
    return os.environ.get("CI", "").lower() == "true"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """pytest-django deletes the SQLite test database but not SQLite's WAL side files: remove them."""
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name and not Path(name).exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
