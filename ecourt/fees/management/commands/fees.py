"""`python -m ecourt fees import-statement FILE`: import the bank's statement and match it to fee notices.
`python -m ecourt fees check-judgments [FILE]`: check the fee computations written in judgments against the
schedule (judgment_fees)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.fees import judgment_fees
from ecourt.fees.statements import StatementError, import_statement
from ecourt.laws.importers.common import shared_data


class Command(BaseCommand):
    help = "Court fees: import a bank statement (CSV); check judgments' fee computations against the schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-statement", help="Import a bank statement CSV; lines already seen are skipped.")
        imp.add_argument("file", help="The CSV file (header: transaction_id,date,amount,description).")
        chk = sub.add_parser(
            "check-judgments",
            help="Check the fee computations written in judgments against the schedule in force on their date.",
        )
        chk.add_argument(
            "file",
            nargs="?",
            help="A JSON list of judgments with judgment_number, judgment_date (D-M-YYYY or D/M/YYYY) and "
            "judgment_text (the ALQAC 2026 format); default: the shared data's alqac-2026-judgments.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check-judgments":
            self.check_judgments(options["file"])
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_statement(path)
        except StatementError as exc:
            raise CommandError(f"refused, nothing imported: {exc}") from exc
        self.stdout.write(
            json.dumps(
                {
                    "statement": result.statement.pk,
                    "matched": result.matched,
                    "partial": result.partial,
                    "overpaid": result.overpaid,
                    "unmatched": result.unmatched,
                    "already_imported": result.seen,
                }
            )
        )

    def check_judgments(self, file: str | None) -> None:
        path = Path(file) if file else shared_data() / "alqac-2026-judgments" / "judgments-dev.json"
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
            summary = judgment_fees.check_records(records)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for row in summary["disagree"]:
            self.stdout.write(f"DISAGREES {row['judgment']}: {row['context']} (schedule: {row['expected']})")
        for row in summary["arithmetic_slips"]:
            self.stdout.write(f"ARITHMETIC {row['judgment']}: {row['context']} (comes to {row['result']})")
        counts = {key: len(value) if isinstance(value, list) else value for key, value in summary.items()}
        self.stdout.write(json.dumps(counts))
