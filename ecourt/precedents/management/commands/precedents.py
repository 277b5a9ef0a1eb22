"""`python -m ecourt precedents import FILE [--json]`: register precedents from a YAML or CSV file
(docs/precedents.md has the fields). Idempotent; a bad record is reported with its line and not written,
the others are; the exit status is 1 when any record was refused."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.commandline import read_text
from ecourt.precedents.services import import_file


class Command(BaseCommand):
    help = "Precedents (án lệ): register them from a YAML or CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Register or update the precedents of FILE (YAML or CSV).")
        load.add_argument("file", help="A .yaml/.yml file (a list of precedents) or a .csv file with a header row.")
        load.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        result = import_file(read_text(path), path)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"{path}: {len(result.created)} created, {len(result.updated)} updated, "
                f"{len(result.unchanged)} unchanged, {len(result.errors)} refused; "
                f"{result.citations_attached} citations attached."
            )
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(f"{len(result.errors)} record(s) refused", returncode=1)
