"""A package import killed mid-way (SIGKILL, in a real subprocess on the test database) loses nothing and
doubles nothing: run again, it completes, and a third run finds it already imported."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from ecourt.casefiles import services
from ecourt.casefiles.models import PackageImport
from ecourt.casefiles.package import verify_package
from ecourt.cases.models import Case, CaseEvent, EventKind
from ecourt.evidence.models import CaseFile, CustodyEvent
from ecourt.jobs.tests.test_broker import database_url
from ecourt.signing.services import trust_roots

from .conftest import add_files

REPO = Path(__file__).resolve().parents[3]
FILES = 5


def run_import(path: Path, clerk: Any, court: Any, root: Path, env_extra: dict[str, str]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecourt.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "ECOURT_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **env_extra,
    }
    command = [sys.executable, "-m", "ecourt", "casefile", "import", str(path), "--user", clerk.username]
    command += ["--court", court.code, "--trust", str(root)]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def state(case_uid: str) -> dict[str, int]:
    imported = Case.objects.filter(parent__uid=case_uid)
    return {
        "cases": imported.count(),
        "files": CaseFile.objects.filter(case__in=imported).count(),
        "custody": CustodyEvent.objects.filter(case__in=imported).count(),
        "import_events": CaseEvent.objects.filter(case__in=imported, kind=EventKind.CASE_FILE_IMPORTED).count(),
        "imports": PackageImport.objects.count(),
    }


def wait_for(condition: Any, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the import ended before it was killed: {process.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail("the import did not get there in time")
        time.sleep(0.05)


@pytest.mark.parametrize("kill_in", ["staging", "transaction"])
def test_killed_import_completes_on_rerun_without_doubles(
    transactional_db, court_settings, clerk, president, judge, court, provincial_court, tmp_path, pki, kill_in
):
    from ecourt.cases.factories import accepted_case
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    add_files(case, judge, FILES)
    receiving = staff(provincial_court, Role.CLERK)
    total = CaseFile.objects.filter(case=case).count()  # ours, and any document the steps issued
    path = services.export_case(judge, case, tmp_path / "hồ sơ.zip").path
    key = verify_package(path, trust_roots()).manifest_sha256
    staging = services.staging_root() / key

    def staged() -> int:
        return len(list(staging.glob("*"))) if staging.exists() else 0

    if kill_in == "staging":
        process = run_import(path, receiving, provincial_court, pki.root_cert, {services.DELAY_ENV: "2"})
        wait_for(lambda: staged() >= 2, process)  # two files staged, the third not yet
    else:
        process = run_import(path, receiving, provincial_court, pki.root_cert, {services.COMMIT_DELAY_ENV: "60"})
        wait_for(lambda: staged() == total, process)
        time.sleep(4)  # storing a few small files takes well under this: the process sleeps inside its transaction
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    # Nothing of the import is in the database; the staged files are left over.
    assert state(case.uid) == {"cases": 0, "files": 0, "custody": 0, "import_events": 0, "imports": 0}
    assert staged() >= 2

    rerun = run_import(path, receiving, provincial_court, pki.root_cert, {})
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert json.loads(out)["already_imported"] is False
    complete = {"cases": 1, "files": total, "custody": total, "import_events": 1, "imports": 1}
    assert state(case.uid) == complete
    assert not staging.exists()  # the leftover staging folder was cleaned
    for item in CaseFile.objects.filter(case__parent=case):
        assert (Path(settings.MEDIA_ROOT) / item.path).is_file()

    again = run_import(path, receiving, provincial_court, pki.root_cert, {})
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert json.loads(out)["already_imported"] is True
    assert state(case.uid) == complete
