"""Writing generated rows in bulk: COPY on PostgreSQL, ``executemany`` on SQLite.

Rows go straight into the tables the migrations made, with every index, constraint and trigger in
place (nothing is disabled). Primary keys are given by the generator: before the load the tables'
id sequences are moved past a reserved block, so nothing else can take an id the load will use,
and afterwards they are set to the largest id in use. Columns the generator does not fill (a field
added to a model later) get the field's default; a new required field without one stops the load
with a message naming it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

from ecourt.cases.models import Appeal, Case, CaseAssignment, CaseEvent, IssuedNumber, NumberSequence, Party
from ecourt.deadlines.models import Deadline

from .engine import Register
from .history import Family
from .memory import Number, SimCase

UTC = datetime.UTC

# The fields the generator fills, in the order its row tuples give them.
CASE_FIELDS = (
    "id",
    "uid",
    "case_type",
    "instance",
    "status",
    "procedure",
    "is_complex",
    "gravity",
    "court_id",
    "origin_court_id",
    "department_id",
    "subject",
    "summary",
    "value_in_dispute",
    "sealed",
    "in_camera",
    "fee_exempt",
    "received_on",
    "accepted_on",
    "acceptance_number",
    "decided_on",
    "judgment_number",
    "outcome",
    "effective_on",
    "parent_id",
    "transferred_from_id",
    "judge_id",
    "clerk_id",
    "next_deadline_id",
    "next_deadline_on",
    "next_deadline_warn_on",
    "created_at",
    "updated_at",
)
PARTY_FIELDS = (
    "id",
    "case_id",
    "kind",
    "role",
    "name",
    "search_key",
    "birth_year",
    "national_id",
    "address",
    "represents_id",
    "user_id",
    "position",
)
EVENT_FIELDS = (
    "id",
    "case_id",
    "seq",
    "kind",
    "occurred_on",
    "recorded_at",
    "actor_id",
    "status_before",
    "status_after",
    "document_number",
    "data",
)
DEADLINE_FIELDS = (
    "id",
    "case_id",
    "rule_id",
    "kind",
    "starts_on",
    "due_on",
    "status",
    "extensions_used",
    "paused_on",
    "remaining_days",
    "closed_on",
    "trigger_event_id",
    "closing_event_id",
)
ASSIGNMENT_FIELDS = ("id", "case_id", "user_id", "role", "assigned_by_id", "assigned_on", "ended_on", "reason")
APPEAL_FIELDS = ("id", "case_id", "kind", "appellant_id", "appellant_name", "lodged_on", "late", "grounds")
ISSUED_FIELDS = ("id", "court_id", "year", "series", "seq", "number", "case_id", "issued_on")

TABLES: list[tuple[str, type[Model], Sequence[str]]] = [
    ("case", Case, CASE_FIELDS),
    ("party", Party, PARTY_FIELDS),
    ("event", CaseEvent, EVENT_FIELDS),
    ("deadline", Deadline, DEADLINE_FIELDS),
    ("assignment", CaseAssignment, ASSIGNMENT_FIELDS),
    ("appeal", Appeal, APPEAL_FIELDS),
    ("issued", IssuedNumber, ISSUED_FIELDS),
]


def _max_id_sql(table: str) -> str:
    """The largest id of a table. Identifiers cannot be query parameters: the name comes from a model's
    db_table and is quoted by the database backend."""
    return f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}"  # noqa: S608


class SchemaChangedError(RuntimeError):
    """A model gained a required field the generator does not know how to fill."""


def _resolve(value: object) -> str:
    if isinstance(value, Number):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _text(value: Number | str) -> str:
    return value.value if isinstance(value, Number) else value


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_resolve)


def _json(data: dict[str, Any]) -> str:
    return _ENCODER.encode(data)


class Table:
    """One table: its columns (the generator's, then the defaults of any other field)."""

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise SchemaChangedError(f"{model.__name__} has no field(s) {', '.join(unknown)}")
        extra: list[Any] = []
        extra_columns: list[str] = []
        for f in model._meta.concrete_fields:
            if f.attname in fields:
                continue
            if f.has_default():
                default = f.get_default()
                extra.append(json.dumps(default) if isinstance(default, dict | list) else default)
            elif f.null:
                extra.append(None)
            else:
                raise SchemaChangedError(
                    f"{model.__name__}.{f.name} is required and has no default: teach ecourt/demo/writer.py to fill it"
                )
            extra_columns.append(str(f.column))
        self.columns = [str(by_attname[name].column) for name in fields] + extra_columns
        self.extra = tuple(extra)


class BulkWriter:
    """Writes batches of families on the default database connection."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.tables = {key: Table(model, fields) for key, model, fields in TABLES}

    # ------------------------------------------------------------------ ids
    def _id_state(self, table: str) -> tuple[int, str | None]:
        with connection.cursor() as cursor:
            cursor.execute(_max_id_sql(table))
            largest = int(cursor.fetchone()[0])
            if self.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                if sequence:
                    # pg_sequences shows last_value only once the sequence has been used (is_called).
                    cursor.execute(
                        "SELECT last_value FROM pg_sequences WHERE format('%%I.%%I', schemaname, sequencename) = %s",
                        [sequence],
                    )
                    row = cursor.fetchone()
                    if row is not None and row[0] is not None:
                        largest = max(largest, int(row[0]))
                return largest, sequence
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return max(largest, int(row[0]) if row else 0), None

    def reserve(self, sizes: dict[str, int]) -> dict[str, int]:
        """The first id of a block of ``sizes[key]`` ids per table; the sequences move past the blocks."""
        bases: dict[str, int] = {}
        for key, table in self.tables.items():
            largest, sequence = self._id_state(table.name)
            bases[key] = largest + 1
            self._set_sequence(table.name, sequence, largest + sizes[key])
        return bases

    def _set_sequence(self, table: str, sequence: str | None, value: int) -> None:
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                if sequence and value > 0:
                    cursor.execute("SELECT setval(%s, %s, true)", [sequence, value])
                return
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [value, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, value])

    def settle_sequences(self) -> None:
        """After the load: each sequence continues after the largest id in its table."""
        for table in self.tables.values():
            with connection.cursor() as cursor:
                cursor.execute(_max_id_sql(table.name))
                largest = int(cursor.fetchone()[0])
            sequence = None
            if self.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table.name])
                    sequence = cursor.fetchone()[0]
                if largest == 0:
                    continue
            self._set_sequence(table.name, sequence, largest)

    # ------------------------------------------------------------------ rows
    def rows(self, families: Iterable[Family]) -> dict[str, list[tuple[Any, ...]]]:
        aware = self.vendor == "postgresql"

        def when(value: datetime.datetime) -> datetime.datetime:
            return value if aware else value.astimezone(UTC).replace(tzinfo=None)

        out: dict[str, list[tuple[Any, ...]]] = {key: [] for key in self.tables}
        cases, parties, events, deadlines = out["case"], out["party"], out["event"], out["deadline"]
        assignments, appeals, issued = out["assignment"], out["appeal"], out["issued"]
        for family in families:
            for case in family.cases:
                cases.append(_case_row(case, when))
                for p in case.parties:
                    parties.append(
                        (
                            p.id,
                            case.id,
                            p.kind,
                            p.role,
                            p.name,
                            p.search_key,
                            p.birth_year,
                            p.national_id,
                            p.address,
                            p.represents.id if p.represents is not None else None,
                            p.user_id,
                            p.position,
                        )
                    )
                for e in case.events:
                    events.append(
                        (
                            e.id,
                            case.id,
                            e.seq,
                            e.kind,
                            e.on,
                            when(e.recorded_at),
                            e.actor.id if e.actor else None,
                            e.status_before,
                            e.status_after,
                            _text(e.document_number),
                            _json(e.data),
                        )
                    )
                for d in case.deadlines:
                    deadlines.append(
                        (
                            d.id,
                            case.id,
                            d.rule.id,
                            d.rule.kind,
                            d.starts_on,
                            d.due_on,
                            d.status,
                            d.extensions_used,
                            d.paused_on,
                            d.remaining_days,
                            d.closed_on,
                            d.trigger_event.id if d.trigger_event else None,
                            d.closing_event.id if d.closing_event is not None else None,
                        )
                    )
                for a in case.assignments:
                    assignments.append(
                        (
                            a.id,
                            case.id,
                            a.user.id,
                            a.role,
                            a.assigned_by.id if a.assigned_by else None,
                            a.assigned_on,
                            a.ended_on,
                            a.reason,
                        )
                    )
                for ap in case.appeals:
                    appeals.append(
                        (
                            ap.id,
                            case.id,
                            ap.kind,
                            ap.appellant.id if ap.appellant else None,
                            ap.appellant_name,
                            ap.lodged_on,
                            ap.late,
                            ap.grounds,
                        )
                    )
                for n in case.numbers:
                    if not n.is_uid:
                        issued.append((_issued_id(n), n.court.id, n.day.year, n.series, n.seq, n.value, case.id, n.day))
        return out

    # ------------------------------------------------------------------ writing
    def write(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Write one batch (inside the caller's transaction)."""
        for key, table in self.tables.items():
            data = rows.get(key)
            if data:
                self._insert(table, data)

    def _insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        extra = table.extra
        if self.vendor == "postgresql":
            columns = ", ".join(f'"{c}"' for c in table.columns)
            raw = connection.connection
            with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                if extra:
                    for row in rows:
                        copy.write_row(row + extra)
                else:
                    for row in rows:
                        copy.write_row(row)
            return
        columns = ", ".join(f'"{c}"' for c in table.columns)
        marks = ", ".join("?" for _ in table.columns)
        sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'  # noqa: S608 - names from the models
        raw_cursor = connection.connection.cursor()
        try:
            raw_cursor.executemany(sql, [row + extra for row in rows] if extra else rows)
        finally:
            raw_cursor.close()

    def upsert_registers(self, registers: dict[Register, int]) -> None:
        """Move each register's last number up to what the history used (never down)."""
        if not registers:
            return
        table = NumberSequence._meta.db_table
        rows = [(court, year, series, last) for (court, year, series), last in registers.items()]
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":  # one statement for the whole batch
                cursor.execute(
                    f'INSERT INTO "{table}" (court_id, year, series, last) '  # noqa: S608 - names from the models
                    "SELECT * FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::int[]) "
                    "ON CONFLICT (court_id, year, series) "
                    f'DO UPDATE SET last = GREATEST("{table}".last, EXCLUDED.last)',
                    [list(column) for column in zip(*rows, strict=True)],
                )
            else:
                cursor.executemany(
                    f'INSERT INTO "{table}" (court_id, year, series, last) VALUES (%s, %s, %s, %s) '  # noqa: S608
                    f'ON CONFLICT (court_id, year, series) DO UPDATE SET last = MAX("{table}".last, EXCLUDED.last)',
                    rows,
                )


def _issued_id(number: Number) -> int:
    if not number.issued_id:
        raise RuntimeError(f"number {number.register} was written before it was given")
    return number.issued_id


def _case_row(case: SimCase, when: Any) -> tuple[Any, ...]:
    uid = case.uid
    if uid is None:
        raise RuntimeError(f"case {case.id} has no identifier")
    return (
        case.id,
        uid.value,
        case.case_type,
        case.instance,
        case.status,
        case.procedure,
        case.is_complex,
        case.gravity,
        case.court.id,
        case.origin_court.id,
        case.department_id,
        case.subject,
        case.summary,
        case.value_in_dispute,
        case.sealed,
        case.in_camera,
        case.fee_exempt,
        case.received_on,
        case.accepted_on,
        _text(case.acceptance_number),
        case.decided_on,
        _text(case.judgment_number),
        case.outcome,
        case.effective_on,
        case.parent.id if case.parent is not None else None,
        case.transferred_from.id if case.transferred_from is not None else None,
        case.judge.id if case.judge is not None else None,
        case.clerk.id if case.clerk is not None else None,
        case.next_deadline.id if case.next_deadline is not None else None,
        case.next_deadline_on,
        case.next_deadline_warn_on,
        when(case.created_at_or_fail),
        when(case.updated_at),
    )
