"""In-memory rows of the generated history: courts, people, cases, parties, events, assignments, appeals
and the numbers they carry, before they are written in bulk.

Numbers are ``Number`` placeholders while a case's life is simulated: a court's registers are filled
in the order of the days the numbers were given (across all the cases of the court), so they are taken
later, once every act up to that day is known (``ecourt.demo.engine``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ecourt.cases.identifiers import format_uid
from ecourt.cases.models import OFFICIAL_INSTANCE_CODE, OFFICIAL_TYPE_CODE, CaseType, Instance

from .timelimits import TimeLimit


class CourtInfo:
    """What the generator needs of a ``Court``."""

    __slots__ = ("code", "id", "level", "name", "parent_id", "province", "short_name", "valid_from", "valid_to")

    def __init__(
        self,
        *,
        id: int,
        code: str,
        name: str,
        short_name: str,
        level: str,
        province: str,
        valid_from: datetime.date | None,
        valid_to: datetime.date | None,
        parent_id: int | None,
    ) -> None:
        self.id = id
        self.code = code
        self.name = name
        self.short_name = short_name
        self.level = level
        self.province = province
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.parent_id = parent_id

    def __str__(self) -> str:
        return self.name  # Court.__str__

    def __repr__(self) -> str:
        return f"<CourtInfo {self.code} {self.short_name}>"

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class Person:
    """A user as events and assignments refer to it."""

    __slots__ = ("full_name", "id", "username")

    def __init__(self, id: int, username: str, full_name: str) -> None:
        self.id = id
        self.username = username
        self.full_name = full_name

    def __str__(self) -> str:
        return self.full_name or self.username  # User.__str__

    def __repr__(self) -> str:
        return f"<Person {self.username}>"


class Number:
    """A number from a court's register (court, year, series), given on ``day``; ``seq`` is filled in when
    the register is taken in date order."""

    __slots__ = ("_value", "case", "case_type", "court", "day", "issued_id", "key", "seq", "series")

    def __init__(
        self, *, court: CourtInfo, series: str, day: datetime.date, case: SimCase, key: tuple[int, int, int]
    ) -> None:
        self.court = court
        self.series = series
        self.day = day
        self.case = case
        self.case_type = case.case_type
        self.key = key  # (day ordinal, family, order within the family): the order numbers are taken in
        self.seq = 0
        self.issued_id = 0  # the IssuedNumber row (numbers other than identifiers)
        self._value = ""

    @property
    def register(self) -> tuple[int, int, str]:
        return (self.court.id, self.day.year, self.series)

    @property
    def is_uid(self) -> bool:
        return self.series == "UID"

    @property
    def value(self) -> str:
        if self._value:
            return self._value
        if not self.seq:
            raise RuntimeError(f"number {self.register} of case {self.case.id} was not taken yet")
        if self.is_uid:
            self._value = format_uid(self.seq, self.day.year, self.case_type, self.court.code)
        else:
            self._value = f"{self.seq:02d}/{self.day.year}/{self.series}"
        return self._value

    def __str__(self) -> str:
        return self.value


def codes(case_type: str, instance: str) -> tuple[str, str]:
    return OFFICIAL_TYPE_CODE[CaseType(case_type)], OFFICIAL_INSTANCE_CODE[Instance(instance)]


class SimParty:
    __slots__ = (
        "address",
        "birth_year",
        "case",
        "id",
        "kind",
        "name",
        "national_id",
        "position",
        "represents",
        "role",
        "search_key",
        "user_id",
    )

    def __init__(self, *, id: int, case: SimCase, kind: str, role: str, name: str, position: int) -> None:
        self.id = id
        self.case = case
        self.kind = kind
        self.role = role
        self.name = name
        self.search_key = ""
        self.birth_year: int | None = None
        self.national_id = ""
        self.address = ""
        self.represents: SimParty | None = None
        self.user_id: int | None = None
        self.position = position


class SimAssignment:
    __slots__ = ("assigned_by", "assigned_on", "case", "ended_on", "id", "reason", "role", "user")

    def __init__(
        self,
        *,
        id: int,
        case: SimCase,
        user: Person,
        role: str,
        assigned_by: Person | None,
        assigned_on: datetime.date,
        reason: str,
    ) -> None:
        self.id = id
        self.case = case
        self.user = user
        self.role = role
        self.assigned_by = assigned_by
        self.assigned_on = assigned_on
        self.ended_on: datetime.date | None = None
        self.reason = reason


class SimAppeal:
    __slots__ = ("appellant", "appellant_name", "case", "grounds", "id", "kind", "late", "lodged_on")

    def __init__(
        self,
        *,
        id: int,
        case: SimCase,
        kind: str,
        appellant: SimParty | None,
        appellant_name: str,
        lodged_on: datetime.date,
        grounds: str,
    ) -> None:
        self.id = id
        self.case = case
        self.kind = kind
        self.appellant = appellant
        self.appellant_name = appellant_name
        self.lodged_on = lodged_on
        self.late = False
        self.grounds = grounds


class SimEvent:
    __slots__ = (
        "actor",
        "case",
        "data",
        "document_number",
        "id",
        "kind",
        "on",
        "recorded_at",
        "seq",
        "status_after",
        "status_before",
    )

    def __init__(
        self,
        *,
        id: int,
        case: SimCase,
        seq: int,
        kind: str,
        on: datetime.date,
        actor: Person | None,
        status_before: str,
        status_after: str,
        data: dict[str, Any],
        document_number: Number | str,
        recorded_at: datetime.datetime,
    ) -> None:
        self.id = id
        self.case = case
        self.seq = seq
        self.kind = kind
        self.on = on
        self.actor = actor
        self.status_before = status_before
        self.status_after = status_after
        self.data = data
        self.document_number = document_number
        self.recorded_at = recorded_at


class SimCase:
    """A ``Case`` in memory, with everything that hangs off it."""

    __slots__ = (
        "acceptance_number",
        "accepted_on",
        "appeals",
        "assignments",
        "case_type",
        "clerk",
        "court",
        "created_at",
        "deadlines",
        "decided_on",
        "department_id",
        "effective_on",
        "events",
        "fee_exempt",
        "gravity",
        "id",
        "in_camera",
        "instance",
        "is_complex",
        "judge",
        "judgment_number",
        "next_deadline",
        "next_deadline_on",
        "next_deadline_warn_on",
        "numbers",
        "origin_court",
        "outcome",
        "parent",
        "parties",
        "procedure",
        "received_on",
        "sealed",
        "status",
        "subject",
        "summary",
        "transferred_from",
        "uid",
        "value_in_dispute",
    )

    def __init__(
        self,
        *,
        id: int,
        case_type: str,
        instance: str,
        status: str,
        court: CourtInfo,
        subject: str,
        received_on: datetime.date,
    ) -> None:
        self.id = id
        self.uid: Number | None = None
        self.case_type = case_type
        self.instance = instance
        self.status = status
        self.procedure = "ordinary"
        self.is_complex = False
        self.gravity = ""
        self.court = court
        self.origin_court = court
        self.department_id: int | None = None
        self.subject = subject
        self.summary = ""
        self.value_in_dispute: Decimal | None = None
        self.sealed = False
        self.in_camera = False
        self.fee_exempt = False
        self.received_on = received_on
        self.accepted_on: datetime.date | None = None
        self.acceptance_number: Number | str = ""
        self.decided_on: datetime.date | None = None
        self.judgment_number: Number | str = ""
        self.outcome = ""
        self.effective_on: datetime.date | None = None
        self.parent: SimCase | None = None
        self.transferred_from: SimCase | None = None
        self.judge: Person | None = None
        self.clerk: Person | None = None
        self.next_deadline: TimeLimit | None = None
        self.next_deadline_on: datetime.date | None = None
        self.next_deadline_warn_on: datetime.date | None = None
        self.created_at: datetime.datetime | None = None
        self.deadlines: list[TimeLimit] = []
        self.events: list[SimEvent] = []
        self.parties: list[SimParty] = []
        self.assignments: list[SimAssignment] = []
        self.appeals: list[SimAppeal] = []
        self.numbers: list[Number] = []

    @property
    def court_level(self) -> str:
        return self.court.level

    @property
    def last_on(self) -> datetime.date:
        return self.events[-1].on if self.events else self.received_on

    @property
    def updated_at(self) -> datetime.datetime:
        return self.events[-1].recorded_at if self.events else self.created_at_or_fail

    @property
    def created_at_or_fail(self) -> datetime.datetime:
        if self.created_at is None:
            raise RuntimeError(f"case {self.id} has no creation time")
        return self.created_at

    def __repr__(self) -> str:
        return f"<SimCase {self.id} {self.case_type}-{self.instance} {self.status}>"
