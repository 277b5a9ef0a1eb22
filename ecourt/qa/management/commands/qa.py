"""`python -m ecourt qa review-check [--date YYYY-MM-DD] [--json]`: compare every current standardized
answer's citations with the legal corpus as of the day (default today) and flag for review those whose
cited provision's text changed, or that were repealed or replaced, since the day the answer states
(docs/qa.md). Idempotent: a flag already raised is not raised again."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecourt.qa.review import review_check


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value}: not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Standardized answers (the knowledge loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("review-check", help="Flag the answers whose cited provisions changed.")
        check.add_argument("--date", help="The corpus as of this day (YYYY-MM-DD; default today).")
        check.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"]) if options.get("date") else timezone.localdate()
        report = review_check(day)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"{report.checked} citations checked as of {day.isoformat()}: {len(report.flagged)} flagged.")
        for flag in report.flagged:
            self.stdout.write(f"  answer {flag.answer_id} v{flag.version.seq}: {flag.detail}")
