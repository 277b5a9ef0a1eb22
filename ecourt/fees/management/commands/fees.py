"""`python -m ecourt fees import-statement FILE`: import the bank's statement and match it to fee notices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.fees.statements import StatementError, import_statement


class Command(BaseCommand):
    help = "Court fees: import a bank statement (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-statement", help="Import a bank statement CSV; lines already seen are skipped.")
        imp.add_argument("file", help="The CSV file (header: transaction_id,date,amount,description).")

    def handle(self, *args: Any, **options: Any) -> None:
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
