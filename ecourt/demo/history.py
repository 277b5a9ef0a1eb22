"""The case services, over in-memory rows: what ``take_step`` and each service function in
``ecourt/cases/services/`` would write, without the database.

Each method mirrors one service function: the same step of the workflow table (``workflow.STEPS``,
checked: a step that is not allowed from the case's status is a bug in the generator and raises),
the same changes to the case with their ``before``/``after`` values in the event, the same numbers,
the same event data, the same deadline bookkeeping (``DeadlineBook``), the same assignment, appeal
and related-case rows. Permission checks and the audit entry are what it leaves out: the generated
history is consistent by construction, and it is not the record of anyone's reads and writes.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ecourt.cases.models import (
    REPRESENTING_ROLES,
    AssignmentRole,
    EventKind,
    Instance,
    Outcome,
    Status,
)
from ecourt.cases.workflow import STEPS
from ecourt.vietnamese import fold, normalize

from .memory import CourtInfo, Number, Person, SimAppeal, SimAssignment, SimCase, SimEvent, SimParty, codes
from .timelimits import DeadlineBook

VN = datetime.timezone(datetime.timedelta(hours=7))
# Names and subjects repeat a great deal; normalizing each once is enough.
_normalize = functools.lru_cache(maxsize=1 << 17)(normalize)
_fold = functools.lru_cache(maxsize=1 << 17)(fold)
ST = Instance.ST.value


class GeneratorError(RuntimeError):
    """The generator asked for something the services would refuse: a bug in the generator."""


class Ids:
    """Primary keys, handed out from a base per table (reserved in the database before the load)."""

    TABLES = ("case", "party", "event", "deadline", "assignment", "appeal", "issued")

    def __init__(self, bases: dict[str, int], sizes: dict[str, int] | None = None) -> None:
        self.next = dict(bases)
        self.limits = {key: bases[key] + sizes[key] for key in bases} if sizes else None

    def take(self, table: str) -> int:
        value = self.next[table]
        if self.limits is not None and value >= self.limits[table]:
            raise GeneratorError(f"the ids reserved for {table} ran out at {value}")
        self.next[table] = value + 1
        return value


@dataclass
class PartyIn:
    """``PartyInput`` of the intake service, plus the account of a party who uses online services."""

    name: str
    role: str
    kind: str = "person"
    birth_year: int | None = None
    national_id: str = ""
    address: str = ""
    represents: int | None = None
    user_id: int | None = None


@dataclass
class Family:
    """The cases one petition or case file leads to (the appeal, a transfer), simulated together."""

    index: int
    cases: list[SimCase] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    pending_numbers: int = 0

    def release(self) -> None:
        """Once written: break the references between rows (case ↔ events ↔ deadlines) so memory is
        given back at once rather than by the cyclic garbage collector."""
        for case in self.cases:
            for container in (case.events, case.deadlines, case.parties, case.assignments, case.appeals):
                container.clear()
            case.numbers.clear()
            case.next_deadline = None
        self.cases.clear()
        self.numbers.clear()


def jsonable(value: Any) -> Any:
    """``steps._jsonable``: models as id and label, dates and amounts as text."""
    if isinstance(value, Person | CourtInfo):
        return {"id": value.id, "label": str(value)}
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


def party_summary(party: SimParty) -> dict[str, Any]:
    return {"id": party.id, "name": party.name, "role": party.role, "kind": party.kind}


class Recorder:
    """Writes the history of one family of cases, one service call at a time."""

    def __init__(self, ids: Ids, book: DeadlineBook, family: Family, today: datetime.date) -> None:
        self.ids = ids
        self.book = book
        self.family = family
        self.today = today
        self._tick = 0
        self._order = 0

    # ------------------------------------------------------------------ plumbing
    def _clock(self, day: datetime.date) -> datetime.datetime:
        """When an act of ``day`` was recorded: during office hours, in the order the acts were taken."""
        self._tick += 1
        return datetime.datetime(day.year, day.month, day.day, 7, 30, tzinfo=VN) + datetime.timedelta(
            minutes=7 * (self._tick % 70), seconds=self._tick // 70
        )

    def number(self, case: SimCase, series: str, day: datetime.date) -> Number:
        self._order += 1
        key = (day.toordinal(), self.family.index, self._order)
        number = Number(court=case.court, series=series, day=day, case=case, key=key)
        case.numbers.append(number)
        self.family.numbers.append(number)
        return number

    def acceptance_number(self, case: SimCase, day: datetime.date) -> Number:
        type_code, instance_code = codes(case.case_type, case.instance)
        return self.number(case, f"TL{instance_code}-{type_code}", day)

    def judgment_number(self, case: SimCase, day: datetime.date) -> Number:
        type_code, instance_code = codes(case.case_type, case.instance)
        return self.number(case, f"{type_code}-{instance_code}", day)

    def trial_decision_number(self, case: SimCase, day: datetime.date) -> Number:
        type_code, instance_code = codes(case.case_type, case.instance)
        return self.number(case, f"QĐXX-{type_code}{instance_code}", day)

    def decision_number(self, case: SimCase, day: datetime.date) -> Number:
        type_code, instance_code = codes(case.case_type, case.instance)
        return self.number(case, f"QĐ{instance_code}-{type_code}", day)

    def write_event(
        self,
        case: SimCase,
        kind: str,
        *,
        actor: Person | None,
        on: datetime.date,
        status_before: str,
        data: dict[str, Any],
        document_number: Number | str = "",
    ) -> SimEvent:
        event = SimEvent(
            id=self.ids.take("event"),
            case=case,
            seq=len(case.events) + 1,
            kind=kind,
            on=on,
            actor=actor,
            status_before=status_before,
            status_after=case.status,
            data=data,
            document_number=document_number,
            recorded_at=self._clock(on),
        )
        case.events.append(event)
        return event

    def step(
        self,
        name: str,
        case: SimCase,
        on: datetime.date,
        actor: Person | None,
        *,
        changes: dict[str, Any] | None = None,
        number: Callable[[SimCase, datetime.date], Number] | None = None,
        number_field: str = "",
        target: str | None = None,
        data: dict[str, Any] | None = None,
        set_due_on: datetime.date | None = None,
        system: bool = False,
    ) -> SimEvent:
        """``steps.take_step``."""
        step = STEPS[name]
        if not step.allowed_for(case.case_type, case.instance, case.status):
            raise GeneratorError(f"{name} is not allowed for {case!r}")
        if on > self.today or on < case.last_on:
            raise GeneratorError(f"{name} on {on} for {case!r}: out of order (last act {case.last_on})")
        new_values = dict(changes or {})
        status_before = case.status
        before = {key: jsonable(getattr(case, key)) for key in new_values}
        for key, value in new_values.items():
            setattr(case, key, value)
        document_number: Number | str = number(case, on) if number is not None else ""
        if number_field:
            before[number_field] = getattr(case, number_field)
            setattr(case, number_field, document_number)
            new_values[number_field] = document_number
        new_status = target or step.target
        if new_status is not None:
            case.status = new_status
        event_data = dict(data or {})
        if new_values:
            event_data["before"] = before
            event_data["after"] = {key: jsonable(value) for key, value in new_values.items()}
        event = self.write_event(
            case,
            step.event,
            actor=None if system else actor,
            on=on,
            status_before=status_before,
            data=event_data,
            document_number=document_number,
        )
        self.book.apply(case, event, set_due_on=set_due_on)
        return event

    # ------------------------------------------------------------------ intake (services/intake.py)
    def _create_parties(self, case: SimCase, parties: list[PartyIn], start: int = 0) -> list[SimParty]:
        created: list[SimParty] = []
        for i, party in enumerate(parties):
            name = _normalize(party.name.strip())
            row = SimParty(
                id=self.ids.take("party"), case=case, kind=party.kind, role=party.role, name=name, position=start + i
            )
            row.search_key = _fold(name)
            row.birth_year = party.birth_year
            row.national_id = party.national_id
            # Party.save normalizes the address too; the generator's addresses are composed of normalized
            # words (providers), and the replay test checks they are stored exactly as the service would.
            row.address = party.address.strip()
            row.user_id = party.user_id
            created.append(row)
        for party, row in zip(parties, created, strict=True):
            if party.represents is not None:
                if party.role not in REPRESENTING_ROLES:
                    raise GeneratorError("only representatives and lawyers represent a party")
                row.represents = created[party.represents]
        case.parties.extend(created)
        return created

    def _new_case(
        self,
        *,
        court: CourtInfo,
        case_type: str,
        instance: str,
        status: str,
        subject: str,
        received_on: datetime.date,
    ) -> SimCase:
        if not court.is_active_on(received_on):
            raise GeneratorError(f"{court!r} does not operate on {received_on}")
        case = SimCase(
            id=self.ids.take("case"),
            case_type=case_type,
            instance=instance,
            status=status,
            court=court,
            subject=_normalize(subject).strip(),
            received_on=received_on,
        )
        case.uid = self.number(case, "UID", received_on)
        case.created_at = self._clock(received_on)
        self.family.cases.append(case)
        return case

    def open_case(
        self,
        *,
        actor: Person,
        court: CourtInfo,
        case_type: str,
        status: str,
        event: str,
        subject: str,
        parties: list[PartyIn],
        received_on: datetime.date,
        extra: dict[str, Any],
        data: dict[str, Any],
    ) -> SimCase:
        """``intake._open_case`` (``receive_petition``, ``receive_case_file``)."""
        case = self._new_case(
            court=court, case_type=case_type, instance=ST, status=status, subject=subject, received_on=received_on
        )
        for key, value in extra.items():
            setattr(case, key, value)
        created = self._create_parties(case, parties)
        row = self.write_event(
            case,
            event,
            actor=actor,
            on=received_on,
            status_before="",
            data={**data, "parties": [party_summary(p) for p in created]},
        )
        self.book.apply(case, row)
        return case

    def open_related_case(
        self,
        *,
        source: SimCase,
        court: CourtInfo,
        instance: str,
        status: str,
        event: str,
        on: datetime.date,
        actor: Person | None,
        parent: SimCase | None = None,
        transferred_from: SimCase | None = None,
    ) -> SimCase:
        """``intake.open_related_case``: the appeal at the higher court, or the case a transfer opens."""
        index = {party.id: i for i, party in enumerate(source.parties)}
        inputs = [
            PartyIn(
                name=p.name,
                role=p.role,
                kind=p.kind,
                birth_year=p.birth_year,
                national_id=p.national_id,
                address=p.address,
                represents=index.get(p.represents.id) if p.represents is not None else None,
                user_id=p.user_id,
            )
            for p in source.parties
        ]
        case = self._new_case(
            court=court,
            case_type=source.case_type,
            instance=instance,
            status=status,
            subject=source.subject,
            received_on=on,
        )
        case.procedure = source.procedure
        case.gravity = source.gravity
        case.summary = source.summary
        case.value_in_dispute = source.value_in_dispute
        case.sealed = source.sealed
        case.in_camera = source.in_camera
        case.fee_exempt = source.fee_exempt
        case.parent = parent
        case.transferred_from = transferred_from
        self._create_parties(case, inputs)
        row = self.write_event(
            case,
            event,
            actor=actor,
            on=on,
            status_before="",
            data={"from_case": {"id": source.id, "uid": source.uid, "court": source.court.short_name}},
        )
        self.book.apply(case, row)
        return case

    # ------------------------------------------------------------------ assignment (services/assignment.py)
    def assign(
        self,
        case: SimCase,
        role: str,
        person: Person,
        on: datetime.date,
        actor: Person,
        *,
        reason: str = "",
        suggested: Person | None = None,
    ) -> SimEvent:
        """``assign_petition`` / ``assign_judge`` / ``assign_clerk``; ``suggested`` is the even-load suggestion
        the president saw (the chosen judge unless a reason is given)."""
        if role == AssignmentRole.JUDGE:
            field_name = "judge"
            step = (
                "assign_petition"
                if case.status in (Status.PETITION_RECEIVED, Status.PETITION_ASSIGNED)
                else "assign_judge"
            )
        else:
            field_name, step = "clerk", "assign_clerk"
        if getattr(case, field_name) is person:
            raise GeneratorError(f"{person!r} is already on {case!r}")
        suggested = suggested or person
        if suggested is not person and not reason:
            raise GeneratorError("a choice other than the suggestion needs a reason")
        event = self.step(step, case, on, actor, changes={field_name: person}, data={"reason": reason.strip()})
        for assignment in case.assignments:
            if assignment.role == role and assignment.ended_on is None and assignment.user is not person:
                assignment.ended_on = on
        case.assignments.append(
            SimAssignment(
                id=self.ids.take("assignment"),
                case=case,
                user=person,
                role=role,
                assigned_by=actor,
                assigned_on=on,
                reason=reason.strip(),
            )
        )
        event.data["suggested"] = {"id": suggested.id, "name": str(suggested)}
        return event

    def add_to_panel(self, case: SimCase, person: Person, role: str, on: datetime.date, by: Person) -> SimEvent:
        """``assignment.assign_panel_member``: a member of the trial panel (assessors, the other judges of
        an appellate panel) or the procurator, named by the president."""
        if on_case(case, person):
            raise GeneratorError(f"{person!r} is already on {case!r}")
        event = self.step("assign_panel_member", case, on, by, data={"reason": ""})
        case.assignments.append(
            SimAssignment(
                id=self.ids.take("assignment"),
                case=case,
                user=person,
                role=role,
                assigned_by=by,
                assigned_on=on,
                reason="",
            )
        )
        event.data.update({"person": {"id": person.id, "name": str(person)}, "role": role})
        return event

    # ------------------------------------------------------------------ petition (services/petition.py)
    def request_amendment(
        self, case: SimCase, actor: Person, on: datetime.date, *, items: str, due_on: datetime.date | None
    ) -> SimEvent:
        return self.step("request_amendment", case, on, actor, data={"items": items.strip()}, set_due_on=due_on)

    def record_amendment(self, case: SimCase, actor: Person, on: datetime.date, note: str = "") -> SimEvent:
        return self.step("record_amendment", case, on, actor, data={"note": note.strip()})

    def decide_to_accept(self, case: SimCase, actor: Person, on: datetime.date, procedure: str) -> SimEvent:
        return self.step("decide_to_accept", case, on, actor, changes={"procedure": procedure})

    def issue_fee_notice(self, case: SimCase, actor: Person, on: datetime.date, amount: Decimal) -> SimEvent:
        if case.fee_exempt or amount <= 0:
            raise GeneratorError("no fee notice for an exempt petitioner")
        return self.step("issue_fee_notice", case, on, actor, data={"amount": str(amount)})

    def record_fee_payment(
        self, case: SimCase, actor: Person, on: datetime.date, *, receipt_number: str, amount: Decimal
    ) -> SimEvent:
        return self.step(
            "record_fee_payment",
            case,
            on,
            actor,
            data={"receipt_number": receipt_number.strip(), "amount": str(amount)},
        )

    def accept_case(self, case: SimCase, actor: Person, on: datetime.date) -> SimEvent:
        if case.status == Status.AWAITING_FEE_NOTICE and not case.fee_exempt:
            raise GeneratorError("acceptance without the fee receipt")
        return self.step(
            "accept_case",
            case,
            on,
            actor,
            changes={"accepted_on": on},
            number=self.acceptance_number,
            number_field="acceptance_number",
        )

    def register_case_file(self, case: SimCase, actor: Person, on: datetime.date) -> SimEvent:
        return self.step(
            "register_case_file",
            case,
            on,
            actor,
            changes={"accepted_on": on},
            number=self.acceptance_number,
            number_field="acceptance_number",
        )

    def return_petition(self, case: SimCase, actor: Person, on: datetime.date, ground: str) -> SimEvent:
        return self.step("return_petition", case, on, actor, data={"ground": ground.strip()})

    def transfer_case(
        self, case: SimCase, actor: Person, on: datetime.date, *, to_court: CourtInfo, reason: str
    ) -> SimCase:
        if not to_court.is_active_on(on) or to_court.id == case.court.id:
            raise GeneratorError(f"cannot transfer {case!r} to {to_court!r}")
        event = self.step(
            "transfer_case",
            case,
            on,
            actor,
            data={"to_court": {"id": to_court.id, "name": to_court.short_name}, "reason": reason.strip()},
        )
        accepted = event.status_before == Status.PREPARING
        new_case = self.open_related_case(
            source=case,
            court=to_court,
            instance=case.instance,
            status=Status.FILE_RECEIVED if accepted else Status.PETITION_RECEIVED,
            event=EventKind.FILE_RECEIVED if accepted else EventKind.PETITION_RECEIVED,
            on=on,
            actor=actor,
            transferred_from=case,
        )
        event.data["to_case"] = {"id": new_case.id, "uid": new_case.uid}
        return new_case

    # ------------------------------------------------------------------ proceedings (services/proceedings.py)
    def notify_acceptance(self, case: SimCase, actor: Person, on: datetime.date, recipients: str) -> SimEvent:
        return self.step("notify_acceptance", case, on, actor, data={"recipients": recipients})

    def extend_time_limit(
        self, case: SimCase, actor: Person, on: datetime.date, *, rule_code: str, reason: str
    ) -> SimEvent:
        running = sorted(
            (d for d in case.deadlines if d.rule.code == rule_code and d.status == "open"),
            key=lambda d: (d.due_on, d.id),
        )
        if not running or running[0].rule.responsible == "party":
            raise GeneratorError(f"no running {rule_code} for the president to extend on {case!r}")
        before = running[0].due_on
        event = self.step("extend_time_limit", case, on, actor, data={"reason": reason.strip()})
        deadline = self.book.extend(case, rule_code, on)
        event.data.update(
            {
                "rule": rule_code,
                "due_before": str(before),
                "due_after": str(deadline.due_on),
                "legal_basis": deadline.rule.legal_basis,
            }
        )
        return event

    def suspend_case(self, case: SimCase, actor: Person, on: datetime.date, ground: str) -> SimEvent:
        return self.step("suspend_case", case, on, actor, data={"ground": ground.strip()}, number=self.decision_number)

    def resume_case(self, case: SimCase, actor: Person, on: datetime.date) -> SimEvent:
        return self.step("resume_case", case, on, actor, number=self.decision_number)

    def bring_to_trial(self, case: SimCase, actor: Person, on: datetime.date, hearing_on: datetime.date) -> SimEvent:
        if hearing_on < on:
            raise GeneratorError("hearing before the decision")
        return self.step(
            "bring_to_trial",
            case,
            on,
            actor,
            data={"hearing_on": str(hearing_on)},
            number=self.trial_decision_number,
        )

    def _conclude(self, case: SimCase, day: datetime.date) -> dict[str, Any]:
        return {"decided_on": day, **({"effective_on": day} if case.instance != ST else {})}

    def issue_judgment(
        self, case: SimCase, actor: Person, on: datetime.date, *, outcome: str, summary: str = ""
    ) -> SimEvent:
        event = self.step(
            "issue_judgment",
            case,
            on,
            actor,
            changes={"outcome": outcome, **self._conclude(case, on)},
            number=self.judgment_number,
            number_field="judgment_number",
            target=Status.EFFECTIVE if case.instance != ST else None,
            data={"summary": summary.strip()},
        )
        if case.instance == Instance.PT and case.parent is not None:
            self.settle_lower_instance(case, on)
        return event

    def terminate_proceedings(self, case: SimCase, actor: Person, on: datetime.date, ground: str) -> SimEvent:
        return self.step(
            "terminate_proceedings",
            case,
            on,
            actor,
            changes={"outcome": Outcome.TERMINATED.value, **self._conclude(case, on)},
            number=self.decision_number,
            number_field="judgment_number",
            target=Status.EFFECTIVE if case.instance != ST else None,
            data={"ground": ground.strip()},
        )

    def recognise_settlement(self, case: SimCase, actor: Person, on: datetime.date) -> SimEvent:
        return self.step(
            "recognise_settlement",
            case,
            on,
            actor,
            changes={"outcome": Outcome.SETTLED.value, "decided_on": on, "effective_on": on},
            number=self.decision_number,
            number_field="judgment_number",
        )

    def settle_lower_instance(self, appeal_case: SimCase, day: datetime.date) -> None:
        if appeal_case.outcome == Outcome.QUASHED:
            self.order_retrial(appeal_case, day)
        else:
            self.declare_effective_by_appeal(appeal_case, day)

    # ------------------------------------------------------------------ appeals (services/appeals.py)
    def window_end(self, case: SimCase, responsible: str | None = None) -> datetime.date | None:
        """``appeals._window_end``: the last day of the windows opened by the judgment or decision."""
        ends = [
            d.due_on
            for d in case.deadlines
            if d.rule.kind == "window"
            and d.trigger_event is not None
            and d.trigger_event.on == case.decided_on
            and (responsible is None or d.rule.responsible == responsible)
        ]
        return max(ends) if ends else None

    def lodge_appeal(
        self,
        case: SimCase,
        actor: Person,
        on: datetime.date,
        *,
        kind: str,
        appellant: SimParty | None,
        procuracy: str = "",
        grounds: str = "",
    ) -> SimEvent:
        end = self.window_end(case, "party" if kind == "appeal" else "procuracy")
        if end is None or on > end:
            raise GeneratorError(f"appeal on {on} outside its window (to {end}) for {case!r}")
        event = self.step("lodge_appeal", case, on, actor)
        appeal = SimAppeal(
            id=self.ids.take("appeal"),
            case=case,
            kind=kind,
            appellant=appellant,
            appellant_name=appellant.name if appellant is not None else procuracy.strip(),
            lodged_on=on,
            grounds=grounds.strip(),
        )
        case.appeals.append(appeal)
        event.data.update(
            {"appeal": appeal.id, "kind": kind, "appellant": appeal.appellant_name, "late": False, "late_reason": ""}
        )
        return event

    def send_to_appellate_court(self, case: SimCase, actor: Person, on: datetime.date, appellate: CourtInfo) -> SimCase:
        end = self.window_end(case)
        if end is not None and on <= end:
            raise GeneratorError(f"file sent on {on} within the windows (to {end})")
        event = self.step("send_to_appellate_court", case, on, actor)
        appeal_case = self.open_related_case(
            source=case,
            court=appellate,
            instance=Instance.PT,
            status=Status.FILE_RECEIVED,
            event=EventKind.FILE_RECEIVED,
            on=on,
            actor=actor,
            parent=case,
        )
        event.data.update(
            {
                "appellate_court": {"id": appellate.id, "name": appellate.short_name},
                "appeal_case": {"id": appeal_case.id, "uid": appeal_case.uid},
            }
        )
        return appeal_case

    def declare_effective(self, case: SimCase, on: datetime.date) -> SimEvent:
        """The nightly sweep's ``declare_effective(system=True)`` the day after the last window."""
        end = self.window_end(case)
        if current_appeals(case) or end is None or on <= end:
            raise GeneratorError(f"{case!r} cannot take effect on {on}")
        return self.step(
            "declare_effective", case, on, None, changes={"effective_on": end + datetime.timedelta(days=1)}, system=True
        )

    def record_publication(self, case: SimCase, actor: Person, on: datetime.date) -> SimEvent:
        """``services.publication.record_publication(published=True)``: the judgment published on the
        portal; the case's status does not change."""
        if on > self.today or on < case.last_on:
            raise GeneratorError(f"publication on {on} for {case!r}: out of order (last act {case.last_on})")
        event = self.write_event(
            case, EventKind.JUDGMENT_PUBLISHED, actor=actor, on=on, status_before=case.status, data={}
        )
        self.book.apply(case, event)
        return event

    def declare_effective_by_appeal(self, appeal_case: SimCase, day: datetime.date) -> SimEvent:
        parent = appeal_case.parent
        if parent is None or parent.status != Status.SENT_TO_APPEAL:
            raise GeneratorError("the first-instance case is not with the appellate court")
        return self.step(
            "declare_effective",
            parent,
            day,
            None,
            target=Status.EFFECTIVE,
            changes={"effective_on": day},
            data={
                "by_appeal": {
                    "id": appeal_case.id,
                    "number": appeal_case.judgment_number,
                    "outcome": appeal_case.outcome,
                }
            },
            system=True,
        )

    def order_retrial(self, appeal_case: SimCase, day: datetime.date) -> SimEvent:
        parent = appeal_case.parent
        if parent is None:
            raise GeneratorError("no first-instance case")
        return self.step(
            "order_retrial",
            parent,
            day,
            None,
            changes={
                "outcome": "",
                "judgment_number": "",
                "decided_on": None,
                "accepted_on": None,
                "acceptance_number": "",
            },
            data={"by_appeal": {"id": appeal_case.id, "number": appeal_case.judgment_number}},
            system=True,
        )

    # ------------------------------------------------------------------ reorganisation
    def take_over(self, case: SimCase, successor: CourtInfo, on: datetime.date) -> SimEvent:
        """``reorganisation.hand_over_cases`` for one case (run by the nightly sweep)."""
        court = case.court
        return self.step(
            "take_over",
            case,
            on,
            None,
            changes={"court": successor},
            data={
                "from_court": {"id": court.id, "name": court.name},
                "to_court": {"id": successor.id, "name": successor.name},
            },
            system=True,
        )


def current_appeals(case: SimCase) -> list[SimAppeal]:
    """``appeals.current_appeals``: appeals against the current judgment (not one quashed earlier)."""
    if case.decided_on is None:
        return []
    return [appeal for appeal in case.appeals if appeal.lodged_on >= case.decided_on]


def on_case(case: SimCase, person: Person) -> bool:
    """Whether ``person`` already sits on the case (the service refuses to name them twice)."""
    return person is case.judge or any(a.user is person and a.ended_on is None for a in case.assignments)
