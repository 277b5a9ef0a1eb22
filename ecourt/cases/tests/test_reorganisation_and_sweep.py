"""Cases of a court that ceased move to its successor; the nightly sweep closes appeal windows."""

from __future__ import annotations

import datetime as dt

import pytest

from ecourt.cases.factories import accepted_case
from ecourt.cases.models import Case, EventKind, Outcome, Status
from ecourt.cases.services import proceedings
from ecourt.cases.services.reorganisation import hand_over_all
from ecourt.courts.factories import CourtFactory
from ecourt.courts.models import CourtLevel, CourtSuccession, SuccessionKind
from ecourt.jobs.models import Job, JobStatus
from ecourt.jobs.services import enqueue
from ecourt.people.factories import staff
from ecourt.people.models import Role

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_a_case_of_a_dissolved_court_shows_both_courts(clerk, president, judge, court, provincial_court):
    district = CourtFactory(
        level=CourtLevel.DISTRICT,
        name="Tòa án nhân dân huyện Thử Nghiệm",
        short_name="TAND huyện Thử Nghiệm",
        valid_from=dt.date(2015, 6, 1),
        valid_to=None,
        parent=provincial_court,
    )
    old_clerk, old_president, old_judge = (
        staff(district, r, valid_from=dt.date(2020, 1, 1)) for r in (Role.CLERK, Role.PRESIDENT, Role.JUDGE)
    )
    case = accepted_case(clerk=old_clerk, president=old_president, judge=old_judge, court=district)
    district.valid_to = TODAY
    district.save()
    CourtSuccession.objects.create(
        predecessor=district, successor=court, effective_on=TODAY, kind=SuccessionKind.MERGED
    )
    assert hand_over_all(TODAY) == 1
    moved = Case.objects.get(pk=case.pk)
    assert (moved.court, moved.origin_court, moved.status) == (court, district, Status.PREPARING)
    event = moved.events.latest("seq")
    assert event.kind == EventKind.COURT_SUCCEEDED
    assert event.data["before"]["court"]["id"] == district.pk
    assert event.actor is None
    assert hand_over_all(TODAY) == 0  # nothing left to move
    del clerk, president, judge


def test_the_nightly_sweep_closes_windows_and_records_legal_effect(
    clerk, president, judge, court, django_capture_on_commit_callbacks
):
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    Case.objects.filter(pk=case.pk).update(received_on=TODAY - dt.timedelta(days=90))
    case.events.update(occurred_on=TODAY - dt.timedelta(days=90))
    proceedings.bring_to_trial(
        judge, case.pk, hearing_on=TODAY - dt.timedelta(days=60), on=TODAY - dt.timedelta(days=70)
    )
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=TODAY - dt.timedelta(days=60))
    # With no broker configured the job runs in-process, once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("cases.daily_sweep", {"day": TODAY.isoformat()})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["made_effective"] == 1
    assert job.result["windows_closed"] == 2
    done = Case.objects.get(pk=case.pk)
    assert done.status == Status.EFFECTIVE
    assert Job.objects.count() == 1


def test_the_sweep_command_runs_the_job_and_prints_its_result(transactional_db, capsys):
    # Committed writes, as when the command runs from cron: the job starts when its row is committed.
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("cases", "sweep", "--day", TODAY.isoformat())
    assert f'"day": "{TODAY.isoformat()}"' in capsys.readouterr().out
    assert Job.objects.get().status == JobStatus.SUCCEEDED
    with pytest.raises(CommandError, match="--day"):
        call_command("cases", "sweep", "--day", "31/12/2026")
