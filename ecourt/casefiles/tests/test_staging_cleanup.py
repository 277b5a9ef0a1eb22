"""Staging folders left by an import killed mid-way (SIGKILL, a real subprocess on the test database) are
removed by the next import of any package, or by ``casefile clean-staging``; the staging folder of an import
still running (its lock held) is never touched."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ecourt.casefiles import services
from ecourt.casefiles.package import verify_package
from ecourt.signing.services import trust_roots

from .conftest import add_files
from .test_crash import run_import, state, wait_for


def _package(case: Any, judge: Any, out: Path) -> tuple[Path, Path]:
    """The case's package and where its import stages it."""
    path = services.export_case(judge, case, out).path
    return path, services.staging_root() / verify_package(path, trust_roots()).manifest_sha256


def _staged(folder: Path) -> int:
    return len(list(folder.glob("*"))) if folder.exists() else 0


def _kill(process: Any) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_stale_staging_removed_by_the_next_import_and_by_the_cleanup_never_a_running_one(
    transactional_db: Any,
    court_settings: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    provincial_court: Any,
    tmp_path: Path,
    pki: Any,
    capsys: Any,
) -> None:
    from ecourt.cases.factories import accepted_case
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    first = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    second = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    add_files(first, judge, 4)
    add_files(second, judge, 4)
    receiving = staff(provincial_court, Role.CLERK)
    path_one, staging_one = _package(first, judge, tmp_path / "một.zip")
    path_two, staging_two = _package(second, judge, tmp_path / "hai.zip")
    slow = {services.DELAY_ENV: "2"}

    # The first import is killed while staging: its folder is left behind.
    process = run_import(path_one, receiving, provincial_court, pki.root_cert, slow)
    wait_for(lambda: _staged(staging_one) >= 2, process)
    _kill(process)
    assert _staged(staging_one) >= 2

    # The import of another package removes it as it starts; its own folder, in use, the cleanup leaves.
    process = run_import(path_two, receiving, provincial_court, pki.root_cert, slow)
    wait_for(lambda: _staged(staging_two) >= 1, process)
    assert not staging_one.exists()
    before = _staged(staging_two)
    assert services.clean_staging() == {"removed": 0, "busy": 1, "received": 0}
    call_command("casefile", "clean-staging")
    assert json.loads(capsys.readouterr().out)["busy"] == 1
    assert _staged(staging_two) >= before  # still there, still filling

    # Killed as well: the cleanup command (cron, or the beat task) removes the folder and its lock.
    _kill(process)
    assert staging_two.exists()
    call_command("casefile", "clean-staging")
    assert json.loads(capsys.readouterr().out) == {"removed": 1, "busy": 0, "received": 0}
    assert not staging_two.exists()
    assert list(services.staging_root().iterdir()) == []

    # Both packages then import completely, once.
    for path, case in ((path_one, first), (path_two, second)):
        rerun = run_import(path, receiving, provincial_court, pki.root_cert, {})
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        assert json.loads(out)["already_imported"] is False
        assert state(case.uid)["cases"] == 1
    assert list(services.staging_root().iterdir()) == []


@pytest.mark.django_db
def test_the_cleanup_removes_old_received_uploads_only(settings: Any, tmp_path: Path) -> None:
    """A package uploaded through the page is copied to casefiles/received/upload-*.zip while it is imported;
    a killed worker leaves it. The cleanup removes such copies a day old, not a fresh one nor a kept package."""
    received = Path(settings.MEDIA_ROOT) / "casefiles" / "received"
    received.mkdir(parents=True)
    old, fresh, kept = received / "upload-old.zip", received / "upload-fresh.zip", received / ("a" * 64 + ".zip")
    for path in (old, fresh, kept):
        path.write_bytes(b"PK")
    two_days = os.path.getmtime(old) - 2 * 24 * 3600
    os.utime(old, (two_days, two_days))
    os.utime(kept, (two_days, two_days))
    assert services.clean_staging() == {"removed": 0, "busy": 0, "received": 1}
    assert not old.exists()
    assert fresh.exists()
    assert kept.exists()


# The project's transactional_db (ecourt/conftest.py) lifts the audit log's append-only triggers for the
# flush after the test; the bare marker does not, and PostgreSQL then refuses the flush.
@pytest.mark.usefixtures("transactional_db")
def test_the_scheduled_task_runs_the_cleanup_as_a_job(settings: Any) -> None:
    """The beat entry ``casefiles-clean-staging`` starts the job ``casefiles.clean_staging`` (a Job row)."""
    from ecourt.casefiles import tasks
    from ecourt.jobs.models import Job, JobStatus

    assert settings.CELERY_BEAT_SCHEDULE["casefiles-clean-staging"]["task"] == tasks.clean_staging.name
    left = services.staging_root() / ("b" * 64)
    left.mkdir(parents=True)
    (left / "0001").write_bytes(b"staged")
    job = Job.objects.get(pk=tasks.clean_staging())
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result == {"removed": 1, "busy": 0, "received": 0}
    assert not left.exists()
