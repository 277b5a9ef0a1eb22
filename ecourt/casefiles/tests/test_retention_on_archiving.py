"""A retention period set on archiving for one file (``years`` or ``permanent``, with its ``basis``):
through the service, the command and the case page, with the shipped table (every period null) and with a
test table (``CASEFILES_RETENTION_FILE``). Never shorter than the table's period; each refusal changes
nothing; the destruction rules hold for the period set.

The periods in ``TEST_TABLE`` and the bases below are test values, not law."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ecourt.casefiles import retention, services
from ecourt.casefiles.models import CaseArchive, DestructionDecision
from ecourt.cases.models import CaseEvent, EventKind
from ecourt.cases.services.steps import TransitionError
from ecourt.cases.tests.test_publication_deadline import effective_case

from .conftest import add_files

pytestmark = pytest.mark.django_db

TEST_TABLE = """\
source: test table (not law)
versions:
  - version: test-1
    valid_from: 2000-01-01
    basis: test basis
    periods: {DS: 10, HS: permanent, HNGD: null}
"""

BASIS = "Thông tư (thử nghiệm), mục 1"  # a test value, not a real instrument


@pytest.fixture
def table(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "retention.yaml"
    path.write_text(TEST_TABLE, encoding="utf-8")
    settings.CASEFILES_RETENTION_FILE = path
    return path


@pytest.fixture
def closed(court_settings, clerk, president, judge, court):
    case = effective_case(clerk=clerk, president=president, judge=judge, court=court)
    add_files(case, judge, 2)
    return case


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def archived_event(case: Any) -> CaseEvent:
    return CaseEvent.objects.get(case=case, kind=EventKind.CASE_ARCHIVED)


def assert_unchanged(case: Any) -> None:
    assert not CaseArchive.objects.filter(case=case).exists()
    assert not case.events.filter(kind=EventKind.CASE_ARCHIVED).exists()


def test_years_set_with_basis_archive_under_the_shipped_null_table(closed, clerk):
    archive = services.archive_case(clerk, closed, years=15, basis=f"  {BASIS}  ")
    assert archive.retention_years == 15
    assert archive.review_on == closed.effective_on.replace(year=closed.effective_on.year + 15)
    assert archive.retention_version == retention.SET_ON_ARCHIVING
    assert archive.retention_source == BASIS
    data = archived_event(closed).data
    assert data["period_from"] == services.PERIOD_SET_ON_ARCHIVING
    assert (data["retention_years"], data["permanent"], data["basis"]) == (15, False, BASIS)
    assert (data["table_period"], data["table_version"]) == (None, None)  # the shipped table has none
    assert list(services.due_for_review(archive.review_on - datetime.timedelta(days=1))) == []
    assert list(services.due_for_review(archive.review_on)) == [archive]


def test_the_null_table_refusal_says_the_archivist_can_set_the_period(closed, clerk):
    with translation.override("en"), pytest.raises(retention.RetentionNotConfiguredError) as info:
        services.archive_case(clerk, closed)
    assert "No retention period" in str(info.value)
    assert "the archivist can set this file's retention period on archiving" in str(info.value)
    assert_unchanged(closed)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": 15}, "needs its basis"),
        ({"years": 15, "basis": "   "}, "needs its basis"),
        ({"permanent": True}, "needs its basis"),
        ({"basis": BASIS}, "no retention period"),
        ({"years": 15, "permanent": True, "basis": BASIS}, "not both"),
        ({"years": 0, "basis": BASIS}, "between 1 and 200"),
        ({"years": 201, "basis": BASIS}, "between 1 and 200"),
        ({"years": 15, "basis": "x" * 301}, "at most 300"),
    ],
)
def test_bad_period_set_on_archiving_is_refused_and_changes_nothing(closed, clerk, kwargs, message):
    with translation.override("en"), pytest.raises(TransitionError, match=message):
        services.archive_case(clerk, closed, **kwargs)
    assert_unchanged(closed)


def test_a_period_shorter_than_the_tables_is_refused(closed, clerk, table):
    with translation.override("en"), pytest.raises(TransitionError) as info:
        services.archive_case(clerk, closed, years=9, basis=BASIS)  # the table: DS 10 years
    assert "shorter" in str(info.value)
    assert "9 years" in str(info.value)
    assert "10 years" in str(info.value)
    assert "test-1" in str(info.value)
    assert_unchanged(closed)
    closed.case_type = "HS"  # the table keeps it permanently: no number of years is long enough
    with translation.override("en"), pytest.raises(TransitionError, match=r"200 years.*permanent"):
        services.archive_case(clerk, closed, years=200, basis=BASIS)
    assert_unchanged(closed)


def test_a_period_longer_than_the_tables_is_kept_and_governs_destruction(closed, clerk, president, table):
    archive = services.archive_case(clerk, closed, years=25, basis=BASIS)
    assert archive.retention_years == 25
    assert archive.retention_version == retention.SET_ON_ARCHIVING
    data = archived_event(closed).data
    assert (data["period_from"], data["table_period"], data["table_version"]) == ("set_on_archiving", 10, "test-1")
    table_day = closed.effective_on.replace(year=closed.effective_on.year + 10)
    assert list(services.due_for_review(table_day)) == []
    with translation.override("en"), pytest.raises(TransitionError, match="cannot be destroyed before"):
        services.destroy_case_file(president, closed, decision_number="1/QĐ", decided_on=table_day, today=table_day)
    assert not DestructionDecision.objects.exists()
    assert CaseArchive.objects.get(pk=archive.pk).destroyed_at is None


def test_the_tables_own_period_may_be_set_with_its_basis(closed, clerk, table):
    archive = services.archive_case(clerk, closed, years=10, basis=BASIS)  # equal is not shorter
    assert (archive.retention_years, archive.retention_version, archive.retention_source) == (
        10,
        retention.SET_ON_ARCHIVING,
        BASIS,
    )


@pytest.mark.parametrize("with_table", [False, True])
def test_permanent_set_on_archiving_is_never_due_and_never_destroyed(
    closed, clerk, president, settings, tmp_path, with_table
):
    if with_table:  # DS is 10 years in the table: permanent beats it
        path = tmp_path / "retention.yaml"
        path.write_text(TEST_TABLE, encoding="utf-8")
        settings.CASEFILES_RETENTION_FILE = path
    archive = services.archive_case(clerk, closed, permanent=True, basis=BASIS)
    assert (archive.retention_years, archive.review_on) == (None, None)
    assert archive.retention_version == retention.SET_ON_ARCHIVING
    data = archived_event(closed).data
    assert data["permanent"] is True
    assert data["period_from"] == "set_on_archiving"
    assert data["table_period"] == (10 if with_table else None)
    assert list(services.due_for_review(datetime.date(2999, 1, 1))) == []
    far = datetime.date(2999, 1, 1)
    with translation.override("en"), pytest.raises(TransitionError, match="kept permanently"):
        services.destroy_case_file(president, closed, decision_number="1/QĐ", decided_on=far, today=far)
    assert not DestructionDecision.objects.exists()


def test_permanent_in_the_table_may_be_confirmed_on_archiving(court_settings, clerk, president, judge, court, table):
    case = effective_case(clerk=clerk, president=president, judge=judge, court=court)
    case.case_type = "HS"
    archive = services.archive_case(clerk, case, permanent=True, basis=BASIS)
    assert archive.review_on is None
    assert archived_event(case).data["table_period"] == retention.PERMANENT


def test_the_table_path_is_unchanged(closed, clerk, table):
    archive = services.archive_case(clerk, closed)
    assert (archive.retention_years, archive.retention_version, archive.retention_source) == (
        10,
        "test-1",
        "test basis",
    )
    data = archived_event(closed).data
    assert data["period_from"] == services.PERIOD_FROM_TABLE
    assert "table_period" not in data


# --- the command ----------------------------------------------------------------------------------------


def run_archive(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("casefile", "archive", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_command_sets_years_with_basis(closed, clerk):
    result = run_archive(closed.uid, "--user", clerk.username, "--years", "15", "--basis", BASIS)
    review = closed.effective_on.replace(year=closed.effective_on.year + 15)
    assert result == {
        "case": closed.pk,
        "retention_years": 15,
        "review_on": review.isoformat(),
        "version": retention.SET_ON_ARCHIVING,
    }
    assert CaseArchive.objects.get(case=closed).retention_source == BASIS


def test_command_sets_permanent_with_basis(closed, clerk, table):
    result = run_archive(closed.uid, "--user", clerk.username, "--permanent", "--basis", BASIS)
    assert (result["retention_years"], result["review_on"], result["version"]) == (None, None, "set on archiving")


def test_command_table_path_output_is_unchanged(closed, clerk, table):
    result = run_archive(closed.uid, "--user", clerk.username)
    assert set(result) == {"case", "retention_years", "review_on", "version"}
    assert (result["retention_years"], result["version"]) == (10, "test-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "15"], "refused, nothing changed: .*needs its basis"),
        (["--permanent"], "refused, nothing changed: .*needs its basis"),
        (["--basis", BASIS], "refused, nothing changed: .*no retention period"),
        (["--years", "9", "--basis", BASIS], "refused, nothing changed: .*shorter"),
        (["--years", "0", "--basis", BASIS], "refused, nothing changed: .*between 1 and 200"),
        (["--years", "15", "--permanent", "--basis", BASIS], "not allowed with"),
        (["--years", "ten", "--basis", BASIS], "invalid int value"),
    ],
)
def test_command_refuses_bad_periods_and_changes_nothing(closed, clerk, table, args, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        run_archive(closed.uid, "--user", clerk.username, *args)
    assert_unchanged(closed)


# --- the case page -------------------------------------------------------------------------------------


def test_case_page_offers_the_period_fields(en, closed, clerk):
    en.force_login(clerk)
    page = en.get(reverse("cases:detail", args=[closed.pk])).content.decode()
    assert reverse("casefiles:archive", args=[closed.pk]) in page
    for name in ('name="years"', 'name="permanent"', 'name="basis"'):
        assert name in page


def test_page_archives_with_a_period_set_and_shows_its_basis(en, closed, clerk):
    en.force_login(clerk)
    response = en.post(reverse("casefiles:archive", args=[closed.pk]), {"years": "15", "basis": BASIS})
    assert response.status_code == 302
    archive = CaseArchive.objects.get(case=closed)
    assert (archive.retention_years, archive.retention_version, archive.retention_source) == (
        15,
        retention.SET_ON_ARCHIVING,
        BASIS,
    )
    page = en.get(reverse("cases:detail", args=[closed.pk])).content.decode()
    assert "Archived; due for review on" in page
    assert "period set on archiving" in page
    assert BASIS in page


def test_page_archives_permanently(en, closed, clerk, table):
    en.force_login(clerk)
    response = en.post(reverse("casefiles:archive", args=[closed.pk]), {"permanent": "on", "basis": BASIS})
    assert response.status_code == 302
    assert CaseArchive.objects.get(case=closed).review_on is None


def test_page_table_path_is_unchanged(en, closed, clerk, table):
    en.force_login(clerk)
    response = en.post(reverse("casefiles:archive", args=[closed.pk]), {})
    assert response.status_code == 302
    archive = CaseArchive.objects.get(case=closed)
    assert (archive.retention_years, archive.retention_version) == (10, "test-1")


@pytest.mark.parametrize(
    ("post", "message", "with_table"),
    [
        ({"years": "15"}, "needs its basis", False),
        ({"permanent": "on"}, "needs its basis", False),
        ({"basis": BASIS}, "no retention period", False),
        ({"years": "15", "permanent": "on", "basis": BASIS}, "not both", False),
        ({"years": "abc", "basis": BASIS}, "Enter a whole number", False),
        ({"years": "0", "basis": BASIS}, "greater than or equal to 1", False),
        ({"years": "201", "basis": BASIS}, "less than or equal to 200", False),
        ({}, "the archivist can set this file", False),  # the null table, nothing set
        ({"years": "9", "basis": BASIS}, "shorter than the retention table", True),
    ],
)
def test_page_shows_errors_for_bad_input_and_writes_nothing(
    en, closed, clerk, settings, tmp_path, post, message, with_table
):
    if with_table:
        path = tmp_path / "retention.yaml"
        path.write_text(TEST_TABLE, encoding="utf-8")
        settings.CASEFILES_RETENTION_FILE = path
    en.force_login(clerk)
    response = en.post(reverse("casefiles:archive", args=[closed.pk]), post)
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body.replace("&#x27;", "'")
    assert 'name="basis"' in body  # the form again, to correct
    assert_unchanged(closed)


def test_page_refuses_an_outsider_before_reading_the_form(en, closed, outsider):
    en.force_login(outsider)
    response = en.post(reverse("casefiles:archive", args=[closed.pk]), {"years": "abc"})
    assert response.status_code == 404
    assert_unchanged(closed)
