"""Loading the statutory rule data (data/statutory.yaml) into ``DeadlineRule`` rows.

Loading is idempotent: each entry is matched on (code, valid_from) and updated in place; ``valid_to``
of each version is set to the ``valid_from`` of the next one. Entries are validated first, and a bad
file changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .models import DeadlineRule, OnSuspend, Responsible, RuleKind, Unit

RULES_FILE = Path(__file__).parent / "data" / "statutory.yaml"

_REQUIRED = (
    "code",
    "valid_from",
    "name",
    "name_vi",
    "legal_basis",
    "kind",
    "responsible",
    "triggers",
    "duration",
    "unit",
    "satisfied_by",
)
_OPTIONAL: dict[str, Any] = {
    "anchor_rule": "",
    "case_types": [],
    "instances": [],
    "procedures": [],
    "gravities": [],
    "court_levels": [],
    "extension": 0,
    "extension_unit": "",
    "max_extensions": 0,
    "set_by_decision": False,
    "cancelled_by": [],
    "on_suspend": OnSuspend.CONTINUE.value,
    "due_soon_days": 3,
}
ANCHOR_LATEST_WINDOW = "latest_window"
# Start from the case's ``effective_on`` (the day the judgment took legal effect), not the event's date.
ANCHOR_EFFECTIVE_ON = "effective_on"


class RuleDataError(ValueError):
    """The rule file is malformed; the message names the entry and the field."""


def _check_entry(index: int, entry: Any) -> dict[str, Any]:
    from ecourt.cases.models import CaseType, EventKind, Gravity, Instance, Procedure
    from ecourt.courts.models import CourtLevel

    where = f"entry {index + 1}"
    if not isinstance(entry, dict):
        raise RuleDataError(f"{where}: expected a mapping")
    where = f"entry {index + 1} ({entry.get('code', '?')})"
    missing = [name for name in _REQUIRED if name not in entry]
    if missing:
        raise RuleDataError(f"{where}: missing {', '.join(missing)}")
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise RuleDataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    data = {**_OPTIONAL, **entry}
    if not isinstance(data["valid_from"], datetime.date):
        raise RuleDataError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    if not isinstance(data["duration"], int) or data["duration"] <= 0:
        raise RuleDataError(f"{where}: duration must be a positive integer")

    def check_choice(field: str, allowed: list[str], *, many: bool = False, blank: bool = False) -> None:
        values = data[field] if many else [data[field]]
        if many and not isinstance(values, list):
            raise RuleDataError(f"{where}: {field} must be a list")
        for value in values:
            if blank and value == "":
                continue
            if value not in allowed:
                raise RuleDataError(f"{where}: {field} has {value!r}; allowed: {', '.join(allowed)}")

    events = list(EventKind.values)
    check_choice("kind", list(RuleKind.values))
    check_choice("responsible", list(Responsible.values))
    check_choice("unit", list(Unit.values))
    check_choice("extension_unit", list(Unit.values), blank=True)
    check_choice("on_suspend", list(OnSuspend.values))
    check_choice("triggers", events, many=True)
    check_choice("satisfied_by", events, many=True)
    check_choice("cancelled_by", events, many=True)
    check_choice("case_types", list(CaseType.values), many=True)
    check_choice("instances", list(Instance.values), many=True)
    check_choice("procedures", list(Procedure.values), many=True)
    check_choice("gravities", list(Gravity.values), many=True)
    check_choice("court_levels", list(CourtLevel.values), many=True)
    if not data["triggers"]:
        raise RuleDataError(f"{where}: triggers cannot be empty")
    if data["kind"] == RuleKind.DUTY and not data["satisfied_by"]:
        raise RuleDataError(f"{where}: a duty needs satisfied_by")
    if data["extension"] and not data["extension_unit"]:
        raise RuleDataError(f"{where}: extension needs extension_unit")
    if data["max_extensions"] and not data["extension"]:
        raise RuleDataError(f"{where}: max_extensions needs extension")
    return data


def parse_rules(text: str) -> list[dict[str, Any]]:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleDataError(f"not valid YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise RuleDataError("the rule file must be a list of entries")
    entries = [_check_entry(i, entry) for i, entry in enumerate(raw)]
    seen: set[tuple[str, datetime.date]] = set()
    for entry in entries:
        key = (entry["code"], entry["valid_from"])
        if key in seen:
            raise RuleDataError(f"{entry['code']} has two versions from {entry['valid_from']}")
        seen.add(key)
    return entries


@transaction.atomic
def sync_rules(path: Path = RULES_FILE) -> tuple[int, int]:
    """Upsert every rule version in ``path``; returns (created, updated)."""
    entries = parse_rules(path.read_text(encoding="utf-8"))
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_code[entry["code"]].append(entry)
    created = updated = 0
    for versions in by_code.values():
        versions.sort(key=lambda e: e["valid_from"])
        for i, entry in enumerate(versions):
            entry["valid_to"] = versions[i + 1]["valid_from"] if i + 1 < len(versions) else None
            fields = {k: v for k, v in entry.items() if k not in ("code", "valid_from")}
            _, was_created = DeadlineRule.objects.update_or_create(
                code=entry["code"], valid_from=entry["valid_from"], defaults=fields
            )
            created += was_created
            updated += not was_created
    return created, updated


def sync_rules_after_migrate(**kwargs: Any) -> None:
    plan = kwargs.get("plan") or []
    # Only once the deadlines tables exist (post_migrate runs after every app's migrations).
    from django.db import connection

    if DeadlineRule._meta.db_table in connection.introspection.table_names():
        sync_rules()
    del plan
