"""`python -m ecourt deadlines sync|show`: load the statutory rule data; show a period's due date."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.deadlines.calendar import get_calendar
from ecourt.deadlines.models import Unit
from ecourt.deadlines.rules import RULES_FILE, RuleDataError, sync_rules


class Command(BaseCommand):
    help = "Statutory deadline rules and the working-day calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="Load the rule file into the database (idempotent).")
        sync.add_argument("--file", default=str(RULES_FILE), help="Rule file (YAML).")
        due = sub.add_parser("due", help="Last day of a period counted from a date.")
        due.add_argument("start", help="YYYY-MM-DD")
        due.add_argument("amount", type=int)
        due.add_argument("unit", choices=Unit.values)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sync":
            from pathlib import Path

            try:
                created, updated = sync_rules(Path(options["file"]))
            except (RuleDataError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Rules loaded: {created} created, {updated} updated.")
        else:
            try:
                start = datetime.date.fromisoformat(options["start"])
            except ValueError as exc:
                raise CommandError(f"start: {exc}") from exc
            self.stdout.write(get_calendar().due_date(start, options["amount"], options["unit"]).isoformat())
