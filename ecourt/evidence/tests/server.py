"""The project's development server in a subprocess on the test's database and media directory, for the
tests that kill it (``server``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[3]


def database_url() -> str:
    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The project's development server as its own process on ``port``, on this test's database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ECOURT_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EVIDENCE_TSA_URL": "",
        "TWOFACTOR_REQUIRED": "false",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("CELERY_BROKER_URL", None)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ecourt", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not start:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def english_page(browser: Any, session: str, base: str) -> tuple[Any, Any]:
    """A Playwright context and page on the live server at ``base``, in English, holding ``session`` (the
    session cookie of a login the test client made)."""
    context = browser.new_context(locale="en-US")
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base},
            {"name": "django_language", "value": "en", "url": base},
        ]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def kill_once_a_part_is_received(process: subprocess.Popen[bytes], log: Path, offset: int) -> None:
    """SIGKILL the server as soon as a resumable upload has ``offset`` bytes acknowledged (the next parts
    are then under way), and wait for it to be gone."""
    from ecourt.evidence.models import Upload

    deadline = time.monotonic() + 60
    while not Upload.objects.filter(offset__gte=offset).exists():
        assert time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
