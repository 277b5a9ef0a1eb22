"""The demo generator: consistent history, all case types and stages, real-form numbers, Vietnamese
names, and a load that neither duplicates nor loses anything when run again or interrupted."""

from __future__ import annotations

import datetime
import re
import unicodedata

import pytest
from django.db import transaction

from ecourt.cases.factories import received_petition
from ecourt.cases.identifiers import is_valid_uid
from ecourt.cases.models import Case, CaseEvent, CaseType, EventKind, IssuedNumber, NumberSequence, Party, Status
from ecourt.cases.services import assignment, petition
from ecourt.demo import providers
from ecourt.demo.checks import check_history
from ecourt.demo.loader import DemoError, LoadOptions, load_demo
from ecourt.jobs.models import Job, JobStatus
from ecourt.people.models import Membership, Role, User
from ecourt.vietnamese import normalize

from .conftest import AS_OF, SMALL, digest

pytestmark = pytest.mark.django_db

TYPE = r"(DS|HNGĐ|KDTM|LĐ|HC|HS)"
ACCEPTANCE = re.compile(rf"^\d{{2,}}/20\d\d/TL(ST|PT)-{TYPE}$")
JUDGMENT = re.compile(rf"^\d{{2,}}/20\d\d/({TYPE}-(ST|PT)|QĐ(ST|PT)-{TYPE})$")
TRIAL = re.compile(rf"^\d{{2,}}/20\d\d/QĐXX-{TYPE}(ST|PT)$")


def test_the_history_is_consistent_with_the_workflow_deadlines_and_registers(loaded):
    assert check_history() == []


def test_it_covers_every_case_type_and_stage_of_life(loaded):
    cases = Case.objects.all()
    assert 380 <= cases.count() <= 460
    assert set(cases.values_list("case_type", flat=True)) == set(CaseType.values)
    statuses = set(cases.values_list("status", flat=True))
    assert {Status.PREPARING, Status.TRIAL_SCHEDULED, Status.DECIDED, Status.EFFECTIVE, Status.RETURNED,
            Status.SENT_TO_APPEAL, Status.TRANSFERRED} <= statuses  # fmt: skip
    assert len(statuses) >= 11
    assert cases.filter(instance="PT", parent__isnull=False).exists()  # appeals at the provincial court
    assert cases.filter(transferred_from__isnull=False).exists() or cases.filter(status=Status.TRANSFERRED).exists()
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    assert {EventKind.COURT_SUCCEEDED, EventKind.CASE_SUSPENDED, EventKind.APPEAL_LODGED, EventKind.LEGAL_EFFECT,
            EventKind.SETTLEMENT_RECOGNISED, EventKind.AMENDMENT_REQUESTED} <= kinds  # fmt: skip
    # received by a district court before 1 July 2025, held by its successor regional court now
    moved = cases.filter(origin_court__level="district", court__level="regional")
    assert moved.exists()
    assert all(case.events.filter(kind=EventKind.COURT_SUCCEEDED).exists() for case in moved)
    assert cases.filter(next_deadline_on__lt=AS_OF).exists()  # overdue
    assert cases.filter(next_deadline_on__gte=AS_OF).exists()  # due
    assert cases.filter(received_on__lt=AS_OF - datetime.timedelta(days=900)).exists()  # ~3 years


def test_numbers_have_the_forms_courts_use(loaded):
    for number in Case.objects.exclude(acceptance_number="").values_list("acceptance_number", flat=True):
        assert ACCEPTANCE.match(number), number
    for number in Case.objects.exclude(judgment_number="").values_list("judgment_number", flat=True):
        assert JUDGMENT.match(number), number
    trials = CaseEvent.objects.filter(kind=EventKind.TRIAL_SCHEDULED).values_list("document_number", flat=True)
    assert trials
    assert all(TRIAL.match(n) for n in trials)
    assert all(is_valid_uid(uid) for uid in Case.objects.values_list("uid", flat=True))
    assert IssuedNumber.objects.filter(number__contains="HNGĐ").exists()


def test_names_are_vietnamese_with_their_diacritics(loaded):
    names = list(Party.objects.filter(kind="person").values_list("name", flat=True))
    names += list(User.objects.values_list("full_name", flat=True))
    family = {name for name, _ in providers.FAMILY_NAMES}
    for name in names:
        assert unicodedata.is_normalized("NFC", name)
        assert normalize(name) == name
        assert len(name.split()) >= 3, name
        assert name.split()[0] in family, name
    with_marks = [n for n in names if n != unicodedata.normalize("NFD", n)]
    assert len(with_marks) > 0.9 * len(names)


def test_people_hold_dated_roles_and_the_demo_logins_exist(loaded):
    logins = {row["username"] for row in loaded.logins}
    assert {"chanhan.kv1hn", "thamphan1.kv1hn", "thuky1.kv1hn", "thamphan1.kv2hn", "congdan1", "luatsu1"} <= logins
    judge = User.objects.get(username="thamphan1.kv1hn")
    posts = list(Membership.objects.filter(user=judge).order_by("valid_from").values_list("court__level", "valid_to"))
    assert posts[0] == ("district", datetime.date(2025, 7, 1))
    assert posts[-1] == ("regional", None)
    assert judge.check_password("ecourt-demo")
    assert Case.objects.filter(judge=judge, status=Status.PREPARING).exists()
    assert Party.objects.filter(user__username="congdan1").exists()


def test_cases_created_later_by_the_services_continue_the_registers(loaded):
    court = Case.objects.filter(court__level="regional").order_by("-received_on")[0].court
    today = datetime.date.today()
    staff = Membership.objects.active_on(today).filter(court=court)
    clerk = staff.filter(role=Role.CLERK)[0].user
    president = staff.filter(role=Role.PRESIDENT)[0].user
    judge = staff.filter(role=Role.JUDGE)[0].user
    register = NumberSequence.objects.filter(court=court, year=today.year, series="UID").first()
    uid_last = register.last if register else 0
    case = received_petition(clerk, court, CaseType.LD, received_on=today, fee_exempt=True)
    assert case.uid.startswith(f"{uid_last + 1:07d}-")
    series = "TLST-LĐ"
    before = NumberSequence.objects.filter(court=court, year=today.year, series=series).first()
    assignment.assign_petition(president, case.pk, judge, reason="Thử nghiệm")
    petition.decide_to_accept(judge, case.pk)
    number = petition.accept_case(judge, case.pk).case.acceptance_number
    assert number == f"{(before.last if before else 0) + 1:02d}/{today.year}/{series}"


def test_a_second_load_changes_nothing_and_other_parameters_are_refused(loaded):
    before = digest()
    again = load_demo(SMALL)
    assert again.outcome == "already loaded"
    assert digest() == before
    with pytest.raises(DemoError, match="already loaded"):
        load_demo(LoadOptions(cases=500, seed=7, spread=3, batch_cases=150, load_courts=False, as_of=AS_OF))
    assert Job.objects.filter(kind="demo.load").count() == 1


class _RollbackError(Exception):
    """Undoes a load inside the test."""


def test_an_interrupted_load_resumes_and_ends_as_a_straight_one(court_map):
    options = LoadOptions(cases=250, seed=3, spread=2, batch_cases=60, load_courts=False, as_of=AS_OF)
    straight: list[object] = []

    def load_and_undo() -> None:
        with transaction.atomic():
            load_demo(options)
            straight.extend(digest())
            raise _RollbackError

    with pytest.raises(_RollbackError):
        load_and_undo()
    assert not Case.objects.exists()
    stopped = load_demo(LoadOptions(**{**options.__dict__, "max_batches": 2}))
    assert stopped.outcome == "stopped"
    partial = Case.objects.count()
    assert 0 < partial < len(straight)
    assert Job.objects.get(kind="demo.load").status == JobStatus.FAILED  # with the reason; progress kept
    resumed = load_demo(options)
    assert resumed.outcome == "loaded"
    assert digest() == straight
    assert check_history() == []
