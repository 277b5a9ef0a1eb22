"""Replaying generated cases through the real services, to prove the bulk path writes what they write.

``replay_family`` reads a generated case and the cases it led to (appeal, transfer) from the
database, and takes the same acts again, in the same order, on the same days, by the same people,
through the service functions of ``ecourt/cases/services/`` — which check permissions, take numbers,
write events, keep deadlines and audit. ``snapshot`` then describes a case the same way for both, so
a test can compare the generated case with its replayed twin field by field.

What differs by nature is left out of the comparison: ids, the sequence part of numbers (the replay
continues the registers the generated history filled, which itself shows the registers are usable),
the reason and the even-load suggestion of an assignment (the service computes the suggestion from
the database as it is now), and recording times.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from ecourt.cases.models import Appeal, Case, CaseEvent, EventKind, Party, Status
from ecourt.cases.services import appeals, assignment, parties, petition, proceedings
from ecourt.cases.services.intake import PartyInput, receive_case_file, receive_petition
from ecourt.cases.services.publication import record_publication
from ecourt.cases.services.steps import take_step
from ecourt.courts.models import Court
from ecourt.deadlines.models import Deadline
from ecourt.deadlines.services import close_expired_windows
from ecourt.people.models import Membership, User

_NUMBER = re.compile(r"^\d+/(\d{4}/.+)$")
_UID = re.compile(r"^\d{7}-\d{2}\.(\d{4}\.\d\.\d{5})$")
del parties  # imported to make sure the module loads; adding parties has no date parameter


def family_of(case: Case) -> list[Case]:
    """The case and every case it led to (appeal, transfer), in the order they were opened."""
    found = [case]
    for member in found:
        found.extend(Case.objects.filter(parent=member).order_by("id"))
        found.extend(Case.objects.filter(transferred_from=member).order_by("id"))
    return found


def grant_todays_roles(family: list[Case]) -> None:
    """The services check the actor's roles *today*; the generated history has acts in courts that have
    since ceased. Give each actor, in each court of the family, the roles they held there, valid
    from long ago without end (only in the test database)."""
    courts = {c.court_id for c in family} | {c.origin_court_id for c in family}
    actors = set(CaseEvent.objects.filter(case__in=family).exclude(actor=None).values_list("actor_id", flat=True))
    held = Membership.objects.filter(user_id__in=actors, court_id__in=courts).values_list("user_id", "court_id", "role")
    for user_id, court_id, role in set(held):
        Membership.objects.create(
            user_id=user_id, court_id=court_id, role=role, valid_from=datetime.date(2000, 1, 1), valid_to=None
        )


def _party_inputs(case: Case) -> list[PartyInput]:
    rows = list(case.parties.order_by("position", "id"))
    index = {p.pk: i for i, p in enumerate(rows)}
    return [
        PartyInput(
            name=p.name,
            role=p.role,
            kind=p.kind,
            birth_year=p.birth_year,
            national_id=p.national_id,
            address=p.address,
            represents=index[p.represents_id] if p.represents_id else None,
        )
        for p in rows
    ]


def replay_family(root: Case) -> dict[int, int]:
    """Replay ``root`` and the cases it led to; returns {generated case id: replayed case id}."""
    family = family_of(root)
    grant_todays_roles(family)
    events = sorted(
        CaseEvent.objects.filter(case__in=family).select_related("case", "actor"),
        key=lambda e: (e.recorded_at, e.case_id, e.seq),
    )
    twin: dict[int, int] = {}
    for event in events:
        _replay(event, twin)
    windows = sorted(
        set(
            Deadline.objects.filter(case_id__in=list(twin.values()), kind="window", status="open").values_list(
                "due_on", flat=True
            )
        )
    )
    today = datetime.date.today()
    for due in windows:
        if due + datetime.timedelta(days=1) <= today:
            close_expired_windows(due + datetime.timedelta(days=1))
    return twin


def _replay(event: CaseEvent, twin: dict[int, int]) -> None:
    case = event.case
    data = event.data
    actor = event.actor
    on = event.occurred_on
    kind = event.kind
    if event.seq == 1:
        if case.pk in twin:
            return  # opened by the act that led to it (transfer, sending the file up)
        if kind == EventKind.PETITION_RECEIVED:
            twin[case.pk] = receive_petition(
                actor=actor,
                court=case.origin_court,
                case_type=case.case_type,
                subject=case.subject,
                parties=_party_inputs(case),
                received_on=on,
                summary=case.summary,
                value_in_dispute=case.value_in_dispute,
                department=case.department,
                sealed=case.sealed,
                in_camera=case.in_camera,
                fee_exempt=case.fee_exempt,
                channel=data["channel"],
            ).pk
        else:
            twin[case.pk] = receive_case_file(
                actor=actor,
                court=case.origin_court,
                subject=case.subject,
                gravity=case.gravity,
                parties=_party_inputs(case),
                received_on=on,
                summary=case.summary,
                indictment_number=data.get("indictment_number", ""),
                department=case.department,
                sealed=case.sealed,
                in_camera=case.in_camera,
            ).pk
        return
    target = twin[case.pk]
    reason = data.get("reason") or "Phát lại lịch sử đã sinh"
    if kind in (EventKind.PETITION_ASSIGNED, EventKind.JUDGE_ASSIGNED):
        judge = User.objects.get(pk=data["after"]["judge"]["id"])
        assignment.assign_judge(actor, target, judge, on=on, reason=reason)
    elif kind == EventKind.CLERK_ASSIGNED:
        clerk = User.objects.get(pk=data["after"]["clerk"]["id"])
        assignment.assign_clerk(actor, target, clerk, on=on, reason=reason)
    elif kind == EventKind.AMENDMENT_REQUESTED:
        opened = Deadline.objects.filter(trigger_event=event).select_related("rule").first()
        due_on = opened.due_on if opened is not None and opened.rule.set_by_decision else None
        petition.request_amendment(actor, target, items=data["items"], due_on=due_on, on=on)
    elif kind == EventKind.PETITION_AMENDED:
        petition.record_amendment(actor, target, on=on, note=data.get("note", ""))
    elif kind == EventKind.ACCEPT_DECIDED:
        petition.decide_to_accept(actor, target, procedure=data["after"]["procedure"], on=on)
    elif kind == EventKind.FEE_NOTICE_ISSUED:
        petition.issue_fee_notice(actor, target, amount=Decimal(data["amount"]), on=on)
    elif kind == EventKind.FEE_PAID:
        petition.record_fee_payment(
            actor, target, receipt_number=data["receipt_number"], amount=Decimal(data["amount"]), on=on
        )
    elif kind == EventKind.CASE_ACCEPTED:
        if event.status_before == Status.FILE_RECEIVED:
            petition.register_case_file(actor, target, on=on)
        else:
            petition.accept_case(actor, target, on=on)
    elif kind == EventKind.PETITION_RETURNED:
        petition.return_petition(actor, target, ground=data["ground"], on=on)
    elif kind == EventKind.PETITION_TRANSFERRED:
        court = Court.objects.get(pk=data["to_court"]["id"])
        result = petition.transfer_case(actor, target, to_court=court, reason=data["reason"], on=on)
        twin[data["to_case"]["id"]] = result.event.data["to_case"]["id"]
    elif kind == EventKind.ACCEPTANCE_NOTIFIED:
        proceedings.notify_acceptance(actor, target, recipients=data["recipients"], on=on)
    elif kind == EventKind.PREPARATION_EXTENDED:
        proceedings.extend_time_limit(actor, target, rule_code=data["rule"], reason=data["reason"], on=on)
    elif kind == EventKind.CASE_SUSPENDED:
        proceedings.suspend_case(actor, target, ground=data["ground"], on=on)
    elif kind == EventKind.CASE_RESUMED:
        proceedings.resume_case(actor, target, on=on)
    elif kind == EventKind.TRIAL_SCHEDULED:
        hearing = datetime.date.fromisoformat(data["hearing_on"])
        proceedings.bring_to_trial(actor, target, hearing_on=hearing, on=on)
    elif kind == EventKind.PANEL_MEMBER_ASSIGNED:
        person = User.objects.get(pk=data["person"]["id"])
        assignment.assign_panel_member(actor, target, person, role=data["role"], on=on, reason=data["reason"])
    elif kind == EventKind.JUDGMENT_ISSUED:
        proceedings.issue_judgment(actor, target, outcome=data["after"]["outcome"], on=on, summary=data["summary"])
    elif kind == EventKind.DECISION_ISSUED:
        proceedings.terminate_proceedings(actor, target, ground=data["ground"], on=on)
    elif kind == EventKind.SETTLEMENT_RECOGNISED:
        proceedings.recognise_settlement(actor, target, on=on)
    elif kind == EventKind.APPEAL_LODGED:
        lodged = Appeal.objects.get(pk=data["appeal"])
        appellant = None
        if lodged.appellant_id is not None:
            position = Party.objects.get(pk=lodged.appellant_id).position
            appellant = Party.objects.get(case_id=target, position=position)
        appeals.lodge_appeal(
            actor, target, kind=data["kind"], lodged_on=on, appellant=appellant,
            procuracy=lodged.appellant_name if appellant is None else "", grounds=lodged.grounds,
        )  # fmt: skip
    elif kind == EventKind.FILE_SENT_TO_APPEAL:
        result = appeals.send_to_appellate_court(actor, target, on=on)
        twin[data["appeal_case"]["id"]] = result.event.data["appeal_case"]["id"]
    elif kind == EventKind.LEGAL_EFFECT:
        if "by_appeal" not in data:  # the other kind is written by the appellate judgment itself
            appeals.declare_effective(None, target, on=on, system=True)
    elif kind == EventKind.JUDGMENT_PUBLISHED:
        record_publication(actor, target, published=True, on=on)
    elif kind == EventKind.RETRIAL_ORDERED:
        pass  # written by the appellate judgment
    elif kind == EventKind.COURT_SUCCEEDED:
        old, new = Court.objects.get(pk=data["from_court"]["id"]), Court.objects.get(pk=data["to_court"]["id"])
        take_step(
            "take_over",
            actor=None,
            case_id=target,
            on=on,
            changes={"court": new},
            data={"from_court": {"id": old.pk, "name": old.name}, "to_court": {"id": new.pk, "name": new.name}},
            system=True,
        )
    else:
        raise AssertionError(f"no replay for {kind}")


def _plain(value: Any, drop: frozenset[str] = frozenset()) -> Any:
    """Event data without what differs by nature: ids, sequence parts of numbers and identifiers."""
    if isinstance(value, dict):
        return {
            key: "<id>" if key in ("id", "appeal") else _plain(item, drop)
            for key, item in value.items()
            if key not in drop
        }
    if isinstance(value, list):
        return [_plain(item, drop) for item in value]
    if isinstance(value, str):
        return _number(value)
    return value


def _number(value: str) -> str:
    match = _NUMBER.match(value)
    if match:
        return f"#/{match.group(1)}"
    match = _UID.match(value)
    return f"<uid {match.group(1)}>" if match else value


def snapshot(case_id: int) -> dict[str, Any]:
    """A case as the comparison sees it."""
    case = Case.objects.get(pk=case_id)
    events = list(case.events.order_by("seq"))
    seq_of = {e.pk: e.seq for e in events}
    assignment_events = {EventKind.PETITION_ASSIGNED, EventKind.JUDGE_ASSIGNED, EventKind.CLERK_ASSIGNED}
    positions = {p.pk: p.position for p in case.parties.all()}
    return {
        "case": {
            "type": case.case_type, "instance": case.instance, "status": case.status, "procedure": case.procedure,
            "gravity": case.gravity, "court": case.court_id, "origin_court": case.origin_court_id,
            "department": case.department_id, "subject": case.subject, "summary": case.summary,
            "value": case.value_in_dispute, "sealed": case.sealed, "in_camera": case.in_camera,
            "fee_exempt": case.fee_exempt, "received_on": case.received_on, "accepted_on": case.accepted_on,
            "decided_on": case.decided_on, "effective_on": case.effective_on, "outcome": case.outcome,
            "judge": case.judge_id, "clerk": case.clerk_id, "uid": _number(case.uid),
            "acceptance_number": _number(case.acceptance_number), "judgment_number": _number(case.judgment_number),
            "next_deadline": (case.next_deadline.rule_id, case.next_deadline.due_on) if case.next_deadline else None,
            "next_deadline_on": case.next_deadline_on, "next_deadline_warn_on": case.next_deadline_warn_on,
            "parent": case.parent_id is not None, "transferred_from": case.transferred_from_id is not None,
        },
        "events": [
            (
                e.seq, e.kind, e.occurred_on, e.actor_id, e.status_before, e.status_after, _number(e.document_number),
                _plain(e.data, frozenset({"reason", "suggested"}) if e.kind in assignment_events else frozenset()),
                "suggested" in e.data if e.kind in assignment_events else None,
            )
            for e in events
        ],
        "deadlines": [
            (
                d.rule_id, d.kind, d.starts_on, d.due_on, d.status, d.extensions_used, d.paused_on, d.remaining_days,
                d.closed_on, seq_of.get(d.trigger_event_id or 0), seq_of.get(d.closing_event_id or 0),
            )
            for d in case.deadlines.order_by("id")
        ],
        "assignments": sorted(
            (a.user_id, a.role, a.assigned_by_id, a.assigned_on, a.ended_on)
            for a in case.assignments.all()
        ),
        "parties": [
            (p.position, p.kind, p.role, p.name, p.search_key, p.birth_year, p.national_id, p.address,
             positions.get(p.represents_id) if p.represents_id else None)
            for p in case.parties.order_by("position", "id")
        ],
        "appeals": [
            (a.kind, positions.get(a.appellant_id or 0), a.appellant_name, a.lodged_on, a.late, a.grounds)
            for a in case.appeals.order_by("lodged_on", "id")
        ],
    }  # fmt: skip
