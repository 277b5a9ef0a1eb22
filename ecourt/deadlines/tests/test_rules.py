"""The statutory rules as data: loading, validation and versions by date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from ecourt.cases.factories import received_petition
from ecourt.cases.models import CaseType
from ecourt.deadlines.models import DeadlineRule
from ecourt.deadlines.rules import RULES_FILE, RuleDataError, parse_rules, sync_rules

pytestmark = pytest.mark.django_db


def _entries() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return entries


def test_every_rule_in_the_shipped_file_is_valid_and_loaded():
    entries = parse_rules(RULES_FILE.read_text(encoding="utf-8"))
    assert DeadlineRule.objects.count() == len(entries)
    assert sync_rules() == (0, len(entries))  # loading again creates nothing


def test_a_new_version_applies_to_periods_that_start_after_it(tmp_path: Path, clerk, court):
    entries = _entries()
    base = next(e for e in entries if e["code"] == "civil.assign_petition")
    entries.append({**base, "valid_from": dt.date(2025, 10, 1), "duration": 5})
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")

    before = received_petition(clerk, court, CaseType.DS, received_on=dt.date(2025, 9, 29))
    sync_rules(path)
    after = received_petition(clerk, court, CaseType.DS, received_on=dt.date(2025, 10, 6))
    old_version = DeadlineRule.objects.get(code="civil.assign_petition", valid_from=dt.date(2016, 7, 1))
    assert old_version.valid_to == dt.date(2025, 10, 1)

    # Monday 29/9/2025 + 3 working days = Thursday 2/10 (the old rule, kept after the change).
    first = before.deadlines.get()
    assert (first.rule.duration, first.due_on) == (3, dt.date(2025, 10, 2))
    # Monday 6/10/2025 + 5 working days = Monday 13/10 (the new version).
    second = after.deadlines.get()
    assert (second.rule.duration, second.due_on) == (5, dt.date(2025, 10, 13))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "weeks"}, "unit has 'weeks'"),
        ({"triggers": ["no_such_event"]}, "triggers has 'no_such_event'"),
        ({"duration": 0}, "duration must be a positive integer"),
        ({"valid_from": "soon"}, "valid_from must be a date"),
        ({"case_types": ["XX"]}, "case_types has 'XX'"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_a_bad_rule_file_names_the_entry_and_changes_nothing(tmp_path: Path, change, message):
    entries = _entries()
    entries[3] = {**entries[3], **change}
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    rows_before = list(DeadlineRule.objects.values_list("code", "valid_from", "duration", "unit"))
    with pytest.raises(RuleDataError, match=rf"entry 4 .*{message}"):
        sync_rules(path)
    assert list(DeadlineRule.objects.values_list("code", "valid_from", "duration", "unit")) == rows_before


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text("- code: [unclosed", encoding="utf-8")
    with pytest.raises(RuleDataError, match="not valid YAML"):
        sync_rules(path)


def test_the_shipped_rules_cite_their_provision():
    for rule in DeadlineRule.objects.all():
        assert "Điều" in rule.legal_basis, rule.code
