"""Database: an SQLite file in the data directory by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .core import DATA_DIR
from .env import env_int, env_url

DATABASE_URL = env_url("DATABASE_URL", ("sqlite", "postgres", "postgresql"))

# Writers queue instead of failing at once, and take the write lock when the transaction starts, so
# two transactions never deadlock on a lock upgrade (the Healthchecks recipe). Used for every SQLite
# database, the default file and one named by DATABASE_URL=sqlite:///… alike.
SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
    ),
}


def _sqlite(name: str) -> dict[str, Any]:
    if name in ("", ":memory:") or name.startswith("file:"):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or ":memory:", "OPTIONS": dict(SQLITE_OPTIONS)}
    path = Path(name).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot create {path.parent} for the SQLite database (set ECOURT_DATA_DIR or DATABASE_URL): {exc}"
        ) from exc
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(SQLITE_OPTIONS),
        # A file (not memory) so worker processes and the browser tests' server share it; one per
        # test process so concurrent runs on one machine do not clobber each other.
        "TEST": {"NAME": str(path.parent / f"test-{path.stem}-{os.getpid()}.sqlite3")},
    }


if DATABASE_URL is None:
    _default = _sqlite(str(DATA_DIR / "ecourt.sqlite3"))
else:
    _conn_max_age = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    try:
        _parsed = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if _parsed["ENGINE"] == "django.db.backends.sqlite3":
        _default = _sqlite(str(_parsed["NAME"]))
    else:
        if not _parsed.get("NAME"):
            raise ImproperlyConfigured(
                "DATABASE_URL names no database; e.g. postgres://user:password@127.0.0.1:5432/ecourt"
            )
        _default = _parsed
        # A persistent connection is checked before reuse, so a restarted server costs no failed request.
        _default["CONN_HEALTH_CHECKS"] = _conn_max_age > 0
        _default["TEST"] = {"NAME": f"test_{_default['NAME']}_{os.getpid()}"}

DATABASES = {"default": _default}
