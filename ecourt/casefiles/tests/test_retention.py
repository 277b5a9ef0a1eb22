"""Retention: the table is required configuration data (no period is invented), archiving records the
due date, the list of what is due, and a delete path that refuses before the date and without a decision.

The periods in ``TEST_TABLE`` are test values, not law: the shipped table (data/retention.yaml) has none."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation

from ecourt.casefiles import retention, services
from ecourt.casefiles.models import CaseArchive, DestructionDecision
from ecourt.cases.access import CaseNotFound
from ecourt.cases.models import EventKind
from ecourt.cases.services.steps import TransitionError
from ecourt.cases.tests.test_publication_deadline import effective_case
from ecourt.evidence.models import CaseFile

from .conftest import add_files

pytestmark = pytest.mark.django_db

TEST_TABLE = """\
source: test table (not law)
versions:
  - version: test-1
    valid_from: 2000-01-01
    basis: test
    periods: {DS: 10, HS: permanent, HNGD: null}
"""


@pytest.fixture
def table(settings, tmp_path: Path) -> Path:
    path = tmp_path / "retention.yaml"
    path.write_text(TEST_TABLE, encoding="utf-8")
    settings.CASEFILES_RETENTION_FILE = path
    return path


@pytest.fixture
def closed(court_settings, clerk, president, judge, court):
    case = effective_case(clerk=clerk, president=president, judge=judge, court=court)
    add_files(case, judge, 2)
    return case


def test_shipped_table_has_no_invented_period_and_archiving_is_refused(closed, clerk):
    _source, versions = retention.load(retention.DEFAULT_FILE)
    assert all(value is None for version in versions for value in version.periods.values())
    with translation.override("en"), pytest.raises(retention.RetentionNotConfiguredError, match="No retention period"):
        services.archive_case(clerk, closed)
    assert not CaseArchive.objects.exists()
    assert not closed.events.filter(kind=EventKind.CASE_ARCHIVED).exists()


def test_archive_records_the_due_date_and_retention_lists_it(closed, clerk, table):
    archive = services.archive_case(clerk, closed)
    assert archive.closed_on == closed.effective_on
    assert archive.review_on == closed.effective_on.replace(year=closed.effective_on.year + 10)
    assert (archive.retention_years, archive.retention_version) == (10, "test-1")
    assert closed.events.filter(kind=EventKind.CASE_ARCHIVED).count() == 1
    with pytest.raises(TransitionError):
        services.archive_case(clerk, closed)  # once
    assert list(services.due_for_review(datetime.date.today())) == []
    assert list(services.due_for_review(archive.review_on)) == [archive]
    out, err = io.StringIO(), io.StringIO()
    call_command("casefile", "retention", "--as-of", archive.review_on.isoformat(), stdout=out, stderr=err)
    assert closed.uid in out.getvalue()
    assert "1 case file(s) due" in err.getvalue()


def test_nothing_is_destroyed_before_its_time_or_without_a_decision(
    closed, clerk, president, table, django_capture_on_commit_callbacks
):
    archive = services.archive_case(clerk, closed)
    files = [Path(p) for p in CaseFile.objects.filter(case=closed).values_list("path", flat=True)]
    from django.conf import settings

    stored = [Path(settings.MEDIA_ROOT) / p for p in files]
    due = archive.review_on
    assert due is not None
    day_before = due - datetime.timedelta(days=1)
    attempts = [
        ({"decision_number": "05/QĐ-TA", "decided_on": day_before, "today": day_before}, "cannot be destroyed before"),
        ({"decision_number": "", "decided_on": due, "today": due}, "must be recorded"),
        ({"decision_number": "05/QĐ-TA", "decided_on": day_before, "today": due}, "must be dated between"),
    ]
    for kwargs, message in attempts:
        with translation.override("en"), pytest.raises(TransitionError, match=message):
            services.destroy_case_file(president, closed, **kwargs)  # type: ignore[arg-type]
        assert all(p.is_file() for p in stored)
        assert not DestructionDecision.objects.exists()
        assert CaseArchive.objects.get(pk=archive.pk).destroyed_at is None
    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the decision is committed
        decision = services.destroy_case_file(president, closed, decision_number="05/QĐ-TA", decided_on=due, today=due)
    assert decision.files_removed == len(stored)
    assert not any(p.exists() for p in stored)
    assert CaseFile.objects.filter(case=closed).count() == len(stored)  # the register of what there was stays
    assert closed.events.filter(kind=EventKind.CASE_FILE_DESTROYED).count() == 1
    with translation.override("en"), pytest.raises(TransitionError, match="already destroyed"):
        services.destroy_case_file(president, closed, decision_number="06/QĐ-TA", decided_on=due, today=due)


def test_the_cli_refuses_destruction_before_the_date(closed, clerk, president, table):
    services.archive_case(clerk, closed)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="refused, nothing changed"):
        call_command(
            "casefile", "destroy", closed.uid, "--user", president.username, "--decision", "1/QĐ",
            "--decided-on", datetime.date.today().isoformat(),
        )  # fmt: skip
    assert not DestructionDecision.objects.exists()


def test_permanent_files_are_never_due(court_settings, clerk, president, judge, court, table):
    case = effective_case(clerk=clerk, president=president, judge=judge, court=court)
    case.case_type = "HS"  # the table's permanent type; only the type matters to the retention rule
    archive = services.archive_case(clerk, case)
    assert archive.review_on is None
    assert archive.retention_years is None
    assert list(services.due_for_review(datetime.date(2999, 1, 1))) == []
    with translation.override("en"), pytest.raises(TransitionError, match="kept permanently"):
        services.destroy_case_file(
            president, case, decision_number="1", decided_on=datetime.date.today(), today=datetime.date(2999, 1, 1)
        )


def test_open_case_is_not_archived(case, clerk, table):
    with translation.override("en"), pytest.raises(TransitionError, match="Only a case in legal effect"):
        services.archive_case(clerk, case)


def test_who_may_archive_and_destroy(closed, clerk, judge, colleague, outsider, table):
    with pytest.raises(CaseNotFound):
        services.archive_case(outsider, closed)
    archive = services.archive_case(clerk, closed)
    assert archive.review_on is not None
    for user in (judge, colleague):  # judges, on the case or not, are not the court's president
        with pytest.raises(PermissionDenied):
            services.destroy_case_file(
                user, closed, decision_number="1", decided_on=archive.review_on, today=archive.review_on
            )
    assert not DestructionDecision.objects.exists()


def test_malformed_table_is_refused(tmp_path):
    with pytest.raises(retention.RetentionError, match="whole years"):
        retention.parse(TEST_TABLE.replace("DS: 10", "DS: ten"))
    with pytest.raises(retention.RetentionError, match="valid_from"):
        retention.parse("versions: [{periods: {DS: 5}}]")


def test_retention_command_runs_as_a_process(tmp_path):
    """The shipped table loads in a fresh process (the data file is found from the installed app)."""
    result = subprocess.run(
        [sys.executable, "-c", "from ecourt.casefiles import retention; print(len(retention.load()[1]))"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        env={"DJANGO_SETTINGS_MODULE": "ecourt.settings", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
