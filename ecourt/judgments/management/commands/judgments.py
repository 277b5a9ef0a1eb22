"""`python -m ecourt judgments import alqac [PATH]`: judgments as texts, their citations linked;
`python -m ecourt judgments export [--dir DIR] [--date YYYY-MM-DD]`: the bulk data (ecourt/judgments/bulk.py)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.judgments.bulk import export_bulk
from ecourt.judgments.reading import SOURCE, JudgmentDataError, read_alqac
from ecourt.judgments.services import run_import

READERS = {"alqac": (SOURCE, read_alqac)}


class Command(BaseCommand):
    help = "Judgments: import a source (idempotent and resumable), then link their citations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import a source; a judgment whose record is unchanged is skipped.")
        load.add_argument("source", choices=list(READERS), help="alqac: the ALQAC 2026 public judgments.")
        load.add_argument(
            "path", nargs="?", help="File (default: ../shared/data/alqac-2026-judgments/judgments-dev.json)."
        )
        load.add_argument("--no-progress", action="store_true", help="No progress bar.")
        load.add_argument("--no-link", action="store_true", help="Do not link their citations now (cite link later).")
        export = sub.add_parser(
            "export", help="Write the bulk data: published judgments (JSON Lines, CSV) and citation edges, gzipped."
        )
        export.add_argument("--dir", help="Folder of the exports (default: EXPORT_DIR, var/exports).")
        export.add_argument("--date", help="Day the export is named for (YYYY-MM-DD; default today).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
            return
        source, reader = READERS[options["source"]]
        try:
            inputs = reader(Path(options["path"]) if options["path"] else None)
        except JudgmentDataError as exc:
            raise CommandError(str(exc)) from exc
        progress = not options["no_progress"] and sys.stderr.isatty()
        result = run_import(source, inputs, progress=progress, link=not options["no_link"])
        self.stdout.write(
            f"{source}: {result.judgments} judgments read, {result.written} written, {result.unchanged} unchanged, "
            f"{result.reread} read again (kind, outcome, parties), "
            f"{result.courts_matched} matched to the court map, in {result.seconds:.1f} s (job #{result.job_id})."
        )
        if result.linked:
            linked = result.linked
            self.stdout.write(
                f"  citations: {linked['citations']} in {linked['texts']} judgments, {linked['resolved']} resolved "
                f"({', '.join(f'{n} {s}' for s, n in sorted(linked['by_status'].items()))})"
            )

    def _export(self, options: dict[str, Any]) -> None:
        try:
            day = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date {options['date']!r} is not a day (YYYY-MM-DD)") from exc
        result = export_bulk(day, root=Path(options["dir"]) if options["dir"] else None)
        self.stdout.write(
            f"{result.folder}: {result.judgments} judgments, {result.citations} citation edges, "
            f"in {result.seconds:.1f} s."
        )
