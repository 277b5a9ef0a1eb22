"""Settings come from the environment, and a bad value stops start-up with a message naming it.

Each test starts a fresh Python with only the variables it sets, so the real settings modules are
loaded exactly as a server, a worker or a command would load them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
PRODUCTION_KEY = "k" * 20 + "-production-secret-key-" + "9" * 20
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "test_name": str(db.get("TEST", {}).get("NAME")),
    "debug": s.DEBUG, "secret_key": s.SECRET_KEY, "allowed_hosts": s.ALLOWED_HOSTS,
    "eager": s.CELERY_TASK_ALWAYS_EAGER, "broker": s.CELERY_BROKER_URL, "backend": s.CELERY_RESULT_BACKEND,
    "queue": s.CELERY_TASK_DEFAULT_QUEUE, "data_dir": str(s.DATA_DIR), "media_root": str(s.MEDIA_ROOT),
    "session_cookie_secure": s.SESSION_COOKIE_SECURE, "log_level": s.LOG_LEVEL,
    "rates": s.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
}))
"""


def run_python(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the project's Python from the repository root with a bare environment plus ``env``."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "ecourt.settings",
        "ECOURT_DATA_DIR": str(tmp_path / "data"),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def load_settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    done = run_python(tmp_path, "-c", PROBE, **env)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def refusal(tmp_path: Path, **env: str) -> str:
    """The last line of the error when the settings refuse to load (it must be ImproperlyConfigured)."""
    done = run_python(tmp_path, "-c", "import django; django.setup()", **env)
    assert done.returncode != 0, f"settings loaded with {env}"
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), done.stderr
    return last


def test_the_embedded_default_needs_no_variables(tmp_path):
    values = load_settings(tmp_path)
    data = tmp_path / "data"
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(data / "ecourt.sqlite3")
    assert values["test_name"].startswith(str(data / "test-ecourt-"))
    assert values["eager"] is True
    assert values["broker"] is None
    assert values["debug"] is True
    assert values["data_dir"] == str(data)
    assert values["media_root"] == str(data / "media")
    assert data.is_dir(), "the data directory is created when missing"


def test_the_whole_app_boots_and_migrates_on_the_embedded_default(tmp_path):
    data = tmp_path / "fresh" / "var"  # does not exist yet, like var/ in a fresh checkout
    env = {"ECOURT_DATA_DIR": str(data)}
    check = run_python(tmp_path, "-m", "ecourt", "check", "--fail-level", "WARNING", **env)
    assert check.returncode == 0, check.stdout + check.stderr
    migrate = run_python(tmp_path, "-m", "ecourt", "migrate", "--noinput", **env)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    assert (data / "ecourt.sqlite3").is_file()
    pending = run_python(tmp_path, "-m", "ecourt", "migrate", "--check", **env)
    assert pending.returncode == 0, pending.stdout + pending.stderr


def test_variables_switch_to_postgresql_and_a_broker(tmp_path):
    values = load_settings(
        tmp_path,
        DATABASE_URL="postgres://ecourt:s%40cret@db.internal:5433/ecourt",
        CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//",
        CELERY_RESULT_BACKEND="redis://127.0.0.1:6379/1",
        CELERY_QUEUE="court-79",
        LOG_LEVEL="warning",
        API_RATE_ANON="10/Second",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "ecourt"
    assert values["test_name"] == "test_ecourt_" + values["test_name"].rsplit("_", 1)[1]
    assert values["eager"] is False
    assert values["broker"] == "amqp://guest:guest@127.0.0.1:5672//"
    assert values["backend"] == "redis://127.0.0.1:6379/1"
    assert values["queue"] == "court-79"
    assert values["log_level"] == "WARNING"
    assert values["rates"]["anon"] == "10/second"


def test_a_sqlite_url_gets_the_same_pragmas_and_a_file_test_database(tmp_path):
    path = tmp_path / "elsewhere" / "court.sqlite3"
    values = load_settings(tmp_path, DATABASE_URL=f"sqlite:///{path}")
    assert values["name"] == str(path)
    assert path.parent.is_dir()
    assert values["test_name"].startswith(str(path.parent / "test-court-"))


def test_debug_yes_is_refused_naming_debug(tmp_path):
    assert "DEBUG='yes' is not a boolean" in refusal(tmp_path, DEBUG="yes")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "mysql://root@127.0.0.1/ecourt"}, "DATABASE_URL has scheme 'mysql'"),
        ({"DATABASE_URL": "127.0.0.1:5432/ecourt"}, "DATABASE_URL has scheme '(none)'"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, "DATABASE_URL names no database"),
        ({"CELERY_BROKER_URL": "kafka://127.0.0.1:9092"}, "CELERY_BROKER_URL has scheme 'kafka'"),
        ({"CELERY_RESULT_BACKEND": "mongodb://127.0.0.1"}, "CELERY_RESULT_BACKEND has scheme 'mongodb'"),
        ({"ECOURT_ENV": "staging"}, "ECOURT_ENV='staging' must be one of"),
        ({"DATABASE_URL": "postgres://h/db", "DB_CONN_MAX_AGE": "forever"}, "DB_CONN_MAX_AGE='forever'"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL='LOUD'"),
        ({"API_RATE_USER": "lots"}, "API_RATE_USER='lots' is not a rate"),
        ({"CSRF_TRUSTED_ORIGINS": "toaan.example.vn"}, "CSRF_TRUSTED_ORIGINS: 'toaan.example.vn'"),
        ({"SECRET_KEY_FILE": "/nonexistent/ecourt-secret"}, "SECRET_KEY_FILE=/nonexistent/ecourt-secret"),
        ({"ECOURT_SEARCH_SHARDS": "judgments=0"}, "ECOURT_SEARCH_SHARDS: 'judgments=0' is not corpus=N"),
        ({"ECOURT_SEARCH_SHARDS": "2"}, "ECOURT_SEARCH_SHARDS: '2' is not corpus=N"),
    ],
)
def test_a_bad_value_stops_start_up_with_its_name(tmp_path, env, message):
    assert message in refusal(tmp_path, **env)


def test_a_secret_comes_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION_KEY + "\n", encoding="utf-8")
    values = load_settings(
        tmp_path, ECOURT_ENV="production", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="toaan.example.vn"
    )
    assert values["secret_key"] == PRODUCTION_KEY
    assert values["debug"] is False
    assert values["allowed_hosts"] == ["toaan.example.vn"]
    assert values["session_cookie_secure"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "toaan.example.vn"}, "refuses the development secret key"),
        (
            {"ALLOWED_HOSTS": "toaan.example.vn", "SECRET_KEY": "development-only-secret-key-do-not-use-in-production"},
            "refuses the development secret key",
        ),
        ({"ALLOWED_HOSTS": "toaan.example.vn", "SECRET_KEY": "short"}, "at least 40 characters (this one has 5)"),
        ({"ALLOWED_HOSTS": "toaan.example.vn", "SECRET_KEY": PRODUCTION_KEY, "DEBUG": "true"}, "refuses DEBUG=true"),
        ({"SECRET_KEY": PRODUCTION_KEY}, "needs ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, env, message):
    assert message in refusal(tmp_path, ECOURT_ENV="production", **env)


def test_production_passes_the_deployment_checks(tmp_path):
    done = run_python(
        tmp_path,
        "-m",
        "ecourt",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ECOURT_ENV="production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="toaan.example.vn",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert done.returncode == 0, done.stdout + done.stderr
