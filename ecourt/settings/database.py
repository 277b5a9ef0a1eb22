"""Database: an SQLite file in the data directory by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .core import DATA_DIR
from .env import env_int, env_url

DATABASE_URL = env_url("DATABASE_URL", ("sqlite", "postgres", "postgresql"))

if DATABASE_URL is None:
    _default: dict[str, Any] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "ecourt.sqlite3"),
        "OPTIONS": {
            # Writers queue instead of failing at once, and take the write lock when the transaction
            # starts, so two transactions never deadlock on a lock upgrade (the Healthchecks recipe).
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
        # A file (not memory) so worker processes and the browser tests' server share it; one per
        # test process so concurrent runs on one machine do not clobber each other.
        "TEST": {"NAME": str(DATA_DIR / f"test-ecourt-{os.getpid()}.sqlite3")},
    }
else:
    try:
        _default = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if _default["ENGINE"] == "django.db.backends.sqlite3":
        _default.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    else:
        _default["TEST"] = {"NAME": f"test_{_default['NAME']}_{os.getpid()}"}

DATABASES = {"default": _default}
