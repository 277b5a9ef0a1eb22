"""Checks that the case history in the database is consistent: what the tests assert about generated
data, and what `python -m ecourt demo check` prints.

- every case's events form a path through the workflow table (``workflow.STEPS``): the first event
  opens the case, each next one is a step allowed from the status before it, leads to the status
  the step leads to, and the case's status is the last event's status after;
- acts are in date order and none is in the future;
- the judge and clerk fields are the people of the active judge and clerk assignments;
- the next-deadline fields are the earliest running duty, as the deadline service keeps them;
- every register (court, year, series) holds the numbers 1 … last without a gap or a duplicate, the
  numbers on cases and events are in it, and the national identifiers are valid and gapless too;
- names are stored normalized (NFC, one tone placement) with their folded search keys.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ecourt.cases.identifiers import parse_uid
from ecourt.cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    EventKind,
    Instance,
    IssuedNumber,
    NumberSequence,
    Party,
    Status,
)
from ecourt.cases.workflow import STEPS
from ecourt.deadlines.models import Deadline, DeadlineRule
from ecourt.vietnamese import fold, normalize

OPENING = {"petition_received": Status.PETITION_RECEIVED.value, "file_received": Status.FILE_RECEIVED.value}
_STEPS_BY_EVENT: dict[str, list[Any]] = defaultdict(list)
for _step in STEPS.values():
    _STEPS_BY_EVENT[_step.event.value].append(_step)


def _chunks(ids: list[int], size: int = 2000) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# Events written outside the workflow's steps, which leave the status as it is: the answer to the duty to
# publish the judgment (``cases.services.publication``).
STATUS_KEEPING = frozenset({EventKind.JUDGMENT_PUBLISHED.value, EventKind.PUBLICATION_REFUSED.value})


def step_problem(case_type: str, instance: str, kind: str, before: str, after: str) -> str:
    """Why an event from ``before`` to ``after`` is not a step of the workflow ('' when it is)."""
    if kind in STATUS_KEEPING:
        return "" if before == after else f"'{kind}' changed the status from '{before}' to '{after}'"
    steps = [s for s in _STEPS_BY_EVENT.get(kind, []) if s.allowed_for(case_type, instance, before)]
    if not steps:
        return f"no step writes '{kind}' from '{before}' for {case_type}-{instance}"
    targets = set()
    for step in steps:
        targets.add(step.target or before)
        if step.name in ("issue_judgment", "terminate_proceedings") and instance != Instance.ST:
            targets.add(Status.EFFECTIVE.value)
    if after not in targets:
        return f"'{kind}' from '{before}' leads to {sorted(targets)}, not '{after}'"
    return ""


def check_history(cases: QuerySet[Case] | None = None, today: datetime.date | None = None) -> list[str]:
    """Every inconsistency found, one line each (an empty list when the history is consistent)."""
    today = today or datetime.date.today()
    queryset = cases if cases is not None else Case.objects.all()
    problems: list[str] = []
    rows: dict[int, Any] = {
        r["id"]: r
        for r in queryset.values(
            "id", "uid", "case_type", "instance", "status", "judge_id", "clerk_id", "next_deadline_id",
            "next_deadline_on", "next_deadline_warn_on", "acceptance_number", "judgment_number", "received_on",
            "court_id",
        )
    }  # fmt: skip
    ids = sorted(rows)
    soon = dict(DeadlineRule.objects.values_list("id", "due_soon_days"))
    issued: dict[str, int | None] = {}
    for chunk in _chunks(ids):
        _check_events(rows, chunk, today, problems)
        _check_people(rows, chunk, problems)
        _check_deadlines(rows, chunk, soon, problems)
        _check_parties(chunk, problems)
        for number, case_id in IssuedNumber.objects.filter(case_id__in=chunk).values_list("number", "case_id"):
            issued[f"{case_id}:{number}"] = case_id
        for case_id, number in (
            CaseEvent.objects.filter(case_id__in=chunk)
            .exclude(document_number="")
            .values_list("case_id", "document_number")
        ):
            if f"{case_id}:{number}" not in issued:
                problems.append(f"case {case_id}: document number {number} is not in the register")
    for case_id, row in rows.items():
        for field in ("acceptance_number", "judgment_number"):
            if row[field] and f"{case_id}:{row[field]}" not in issued:
                problems.append(f"case {case_id}: {field} {row[field]} is not in the register")
    problems += check_registers()
    return problems


def _check_events(rows: dict[int, Any], chunk: list[int], today: datetime.date, out: list[str]) -> None:
    events: dict[int, list[tuple[int, str, datetime.date, str, str]]] = defaultdict(list)
    for row in (
        CaseEvent.objects.filter(case_id__in=chunk)
        .order_by("case_id", "seq")
        .values_list("case_id", "seq", "kind", "occurred_on", "status_before", "status_after")
    ):
        events[row[0]].append(row[1:])
    for case_id in chunk:
        case = rows[case_id]
        history = events.get(case_id, [])
        if not history:
            out.append(f"case {case_id}: no events")
            continue
        if [e[0] for e in history] != list(range(1, len(history) + 1)):
            out.append(f"case {case_id}: event numbers are not 1 … {len(history)}")
        first = history[0]
        if first[1] not in OPENING or first[3] != "" or first[4] != OPENING[first[1]]:
            out.append(f"case {case_id}: the first event {first[1]} does not open a case")
        if first[2] != case["received_on"]:
            out.append(f"case {case_id}: opened on {first[2]}, received on {case['received_on']}")
        for previous, event in itertools.pairwise(history):
            if event[3] != previous[4]:
                out.append(f"case {case_id} #{event[0]}: status before '{event[3]}' ≠ status after #{previous[0]}")
            problem = step_problem(case["case_type"], case["instance"], event[1], event[3], event[4])
            if problem:
                out.append(f"case {case_id} #{event[0]}: {problem}")
            if event[2] < previous[2]:
                out.append(f"case {case_id} #{event[0]}: dated {event[2]}, before #{previous[0]} ({previous[2]})")
        if history[-1][2] > today:
            out.append(f"case {case_id}: an act in the future ({history[-1][2]})")
        if history[-1][4] != case["status"]:
            out.append(f"case {case_id}: status '{case['status']}' but the last event leads to '{history[-1][4]}'")


def _check_people(rows: dict[int, Any], chunk: list[int], out: list[str]) -> None:
    active: dict[tuple[int, str], list[int]] = defaultdict(list)
    for case_id, role, user_id in CaseAssignment.objects.filter(
        case_id__in=chunk, ended_on__isnull=True, role__in=["judge", "clerk"]
    ).values_list("case_id", "role", "user_id"):
        active[(case_id, role)].append(user_id)
    for case_id in chunk:
        for role in ("judge", "clerk"):
            people = active.get((case_id, role), [])
            if len(people) > 1:
                out.append(f"case {case_id}: {len(people)} active {role} assignments")
            expected = people[0] if people else None
            if rows[case_id][f"{role}_id"] != expected:
                out.append(f"case {case_id}: {role} is {rows[case_id][f'{role}_id']}, the assignment says {expected}")


def _check_deadlines(rows: dict[int, Any], chunk: list[int], soon: dict[int, int], out: list[str]) -> None:
    running: dict[int, tuple[datetime.date, int, int]] = {}
    for deadline_id, case_id, due_on, rule_id, status, kind, closed_on in Deadline.objects.filter(
        case_id__in=chunk
    ).values_list("id", "case_id", "due_on", "rule_id", "status", "kind", "closed_on"):
        if status in ("open", "paused") and closed_on is not None:
            out.append(f"deadline {deadline_id}: {status} but closed on {closed_on}")
        if status in ("met", "cancelled", "closed") and closed_on is None:
            out.append(f"deadline {deadline_id}: {status} without a closing day")
        if status == "open" and kind == "duty":
            best = running.get(case_id)
            if best is None or (due_on, deadline_id) < best[:2]:
                running[case_id] = (due_on, deadline_id, rule_id)
    for case_id in chunk:
        row = rows[case_id]
        best = running.get(case_id)
        if best is None:
            if row["next_deadline_id"] or row["next_deadline_on"] or row["next_deadline_warn_on"]:
                out.append(f"case {case_id}: a next deadline but no running duty")
            continue
        due_on, deadline_id, rule_id = best
        warn_on = due_on - datetime.timedelta(days=soon[rule_id])
        if (row["next_deadline_id"], row["next_deadline_on"], row["next_deadline_warn_on"]) != (
            deadline_id,
            due_on,
            warn_on,
        ):
            out.append(
                f"case {case_id}: next deadline {row['next_deadline_id']} on {row['next_deadline_on']}, "
                f"the earliest running duty is {deadline_id} on {due_on}"
            )


def _check_parties(chunk: list[int], out: list[str]) -> None:
    for party_id, name, key, address in Party.objects.filter(case_id__in=chunk).values_list(
        "id", "name", "search_key", "address"
    ):
        if normalize(name) != name or fold(name) != key or normalize(address) != address:
            out.append(f"party {party_id}: {name!r} ({address!r}) is not stored normalized")


def check_registers() -> list[str]:
    """Every register holds 1 … last; identifiers are valid and each court-year's are 1 … last."""
    out: list[str] = []
    lasts = {
        (c, y, s): last for c, y, s, last in NumberSequence.objects.values_list("court_id", "year", "series", "last")
    }
    seqs: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for court, year, series, seq in IssuedNumber.objects.values_list("court_id", "year", "series", "seq").iterator(
        chunk_size=20_000
    ):
        seqs[(court, year, series)].append(seq)
    from ecourt.courts.models import Court

    codes = dict(Court.objects.values_list("code", "id"))
    for uid in Case.objects.values_list("uid", flat=True).iterator(chunk_size=20_000):
        try:
            parsed = parse_uid(uid)
        except ValueError as exc:  # InvalidIdentifierError
            out.append(str(exc))
            continue
        seqs[(codes[parsed.court_code], parsed.year, "UID")].append(parsed.sequence)
    for register, numbers in seqs.items():
        numbers.sort()
        if numbers != list(range(1, len(numbers) + 1)):
            gaps = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))[:5]
            duplicates = sorted({n for n in numbers if numbers.count(n) > 1})[:5] if len(numbers) < 5000 else []
            out.append(f"register {register}: gaps {gaps} duplicates {duplicates}")
        if lasts.get(register) != len(numbers):
            out.append(f"register {register}: last is {lasts.get(register)}, {len(numbers)} numbers were given")
    for register, last in lasts.items():
        if register not in seqs and last:
            out.append(f"register {register}: last is {last} but no number was given")
    return out
