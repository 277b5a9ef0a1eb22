"""Who may see and change a case: the judge of the case, a colleague who is not on it, an outsider,
the president, the clerk, parties, and the people assigned to sealed or in-camera cases."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ecourt.audit.models import Action, AuditEntry
from ecourt.cases.access import CaseNotFound, CasePermission, access_case_for_user, case_access, cases_visible_to
from ecourt.cases.factories import accepted_case
from ecourt.cases.models import AssignmentRole, CaseAssignment, Party
from ecourt.people.factories import UserFactory
from ecourt.people.models import UserKind

pytestmark = pytest.mark.django_db

V, R, D, A = CasePermission.VIEW, CasePermission.RECORD, CasePermission.DECIDE, CasePermission.ASSIGN


@pytest.fixture
def people(clerk, president, judge, colleague, outsider, citizen):
    return {
        "judge": judge,
        "colleague": colleague,
        "outsider": outsider,
        "citizen": citizen,
        "president": president,
        "clerk": clerk,
    }


def _case(people, court, **flags):
    return accepted_case(
        clerk=people["clerk"], president=people["president"], judge=people["judge"], court=court, **flags
    )


OPEN_CASE = {
    "judge": {V, R, D},
    "colleague": {V, R},
    "outsider": set(),
    "citizen": set(),
    "president": {V, R, A},
    "clerk": {V, R},
}
# Sealed or in camera: only those assigned (here the judge and the clerk) see it; the president may
# still assign people without seeing its contents.
RESTRICTED_CASE = {
    "judge": {V, R, D},
    "colleague": set(),
    "outsider": set(),
    "citizen": set(),
    "president": {A},
    "clerk": {V, R},
}


@pytest.mark.parametrize(
    ("flags", "expected"),
    [({}, OPEN_CASE), ({"sealed": True}, RESTRICTED_CASE), ({"in_camera": True}, RESTRICTED_CASE)],
)
def test_permissions_by_person(people, court, flags, expected):
    case = _case(people, court, **flags)
    for who, permissions in expected.items():
        assert set(case_access(people[who], case).permissions) == permissions, who


@pytest.mark.parametrize("flags", [{}, {"sealed": True}, {"in_camera": True}])
def test_the_list_of_visible_cases_agrees_with_the_access_function(people, court, flags):
    case = _case(people, court, **flags)
    for who, user in people.items():
        listed = cases_visible_to(user).filter(pk=case.pk).exists()
        assert listed == (V in case_access(user, case).permissions), who


def test_a_case_you_may_not_know_is_not_found_and_the_refusal_is_logged(people, court):
    case = _case(people, court)
    with pytest.raises(CaseNotFound):
        access_case_for_user(people["outsider"], case.pk)
    with pytest.raises(PermissionDenied):
        access_case_for_user(people["colleague"], case.pk, D)
    denied = AuditEntry.objects.filter(action=Action.DENIED, case_id=case.pk)
    assert set(denied.values_list("actor_id", flat=True)) == {people["outsider"].pk, people["colleague"].pk}


def test_every_read_is_recorded(people, court):
    case = _case(people, court)
    before = AuditEntry.objects.filter(action=Action.VIEW, case_id=case.pk).count()
    access_case_for_user(people["colleague"], case.pk)
    entry = AuditEntry.objects.filter(action=Action.VIEW, case_id=case.pk).latest("seq")
    assert AuditEntry.objects.filter(action=Action.VIEW, case_id=case.pk).count() == before + 1
    assert entry.actor_id == people["colleague"].pk


def test_a_party_with_an_account_sees_their_case_unless_it_is_sealed(people, court):
    case = _case(people, court)
    Party.objects.filter(case=case, role="plaintiff").update(user=people["citizen"])
    assert V in case_access(people["citizen"], case).permissions
    case.sealed = True
    case.save(update_fields=["sealed"])
    assert V not in case_access(people["citizen"], case).permissions


def test_an_assigned_procurator_sees_the_case(people, court):
    case = _case(people, court, in_camera=True)
    procurator = UserFactory(kind=UserKind.PROCURATOR)
    assert V not in case_access(procurator, case).permissions
    CaseAssignment.objects.create(
        case=case, user=procurator, role=AssignmentRole.PROCURATOR, assigned_on=case.received_on
    )
    assert case_access(procurator, case).permissions == {V}


def test_a_judge_who_leaves_the_court_loses_the_power_to_decide(people, court):
    case = _case(people, court)
    people["judge"].memberships.update(valid_to=case.received_on)
    assert D not in case_access(people["judge"], case).permissions


def test_inactive_and_anonymous_users_get_nothing(people, court):
    from django.contrib.auth.models import AnonymousUser

    case = _case(people, court)
    assert not case_access(AnonymousUser(), case).permissions
    people["judge"].is_active = False
    people["judge"].save(update_fields=["is_active"])
    assert not case_access(people["judge"], case).permissions


def test_the_president_names_the_trial_panel_and_they_see_a_sealed_case(people, court):
    from ecourt.cases.services.assignment import assign_panel_member
    from ecourt.cases.services.steps import TransitionError
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    case = _case(people, court, sealed=True)
    assessor = staff(court, Role.ASSESSOR)
    procurator = UserFactory(kind=UserKind.PROCURATOR)
    assert V not in case_access(assessor, case).permissions
    with pytest.raises(PermissionDenied):
        assign_panel_member(people["judge"], case.pk, assessor, role=AssignmentRole.ASSESSOR)
    with pytest.raises(TransitionError, match="không phải Hội thẩm"):
        assign_panel_member(people["president"], case.pk, people["colleague"], role=AssignmentRole.ASSESSOR)
    with pytest.raises(TransitionError, match="không phải Kiểm sát viên"):
        assign_panel_member(people["president"], case.pk, people["colleague"], role=AssignmentRole.PROCURATOR)
    assign_panel_member(people["president"], case.pk, assessor, role=AssignmentRole.ASSESSOR)
    assign_panel_member(people["president"], case.pk, procurator, role=AssignmentRole.PROCURATOR)
    assign_panel_member(people["president"], case.pk, people["colleague"], role=AssignmentRole.ASSOCIATE_JUDGE)
    for member in (assessor, procurator, people["colleague"]):
        assert case_access(member, case).permissions == {V} | ({R} if member == people["colleague"] else set())
    with pytest.raises(TransitionError, match="đã được phân công"):
        assign_panel_member(people["president"], case.pk, assessor, role=AssignmentRole.ASSESSOR)
    assert case.events.filter(kind="panel_member_assigned").count() == 3
