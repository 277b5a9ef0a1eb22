"""`python -m ecourt laws import|show|counts`: the legal corpus."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.laws.errors import LawDataError
from ecourt.laws.importers.sources import ALL, READERS
from ecourt.laws.imports import import_source
from ecourt.laws.selectors import (
    document_status,
    documents_amending,
    find_document,
    find_provision,
    provision_periods,
    text_as_of,
)
from ecourt.laws.services.runs import RunResult, corpus_counts


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "…"


class Command(BaseCommand):
    help = "The legal corpus: import sources, show a document or provision, count rows."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import",
            help="Import a source (idempotent and resumable: each document in its own transaction).",
        )
        load.add_argument("source", choices=[*READERS, "all"], help="What to import ('all': " + ", ".join(ALL) + ").")
        load.add_argument("path", nargs="?", help="File or folder (default: the source's place in ../shared/data).")
        load.add_argument("--no-progress", action="store_true", help="No progress bar.")
        load.add_argument("--max-documents", type=int, help="Stop after writing this many documents.")
        show = sub.add_parser("show", help="A document, or one provision on a day.")
        show.add_argument("document", help="Number or key, e.g. 92/2015/QH13.")
        show.add_argument("--article", help="Article number, e.g. 203 or 12a.")
        show.add_argument("--clause", help="Clause number.")
        show.add_argument("--point", help="Point letter.")
        show.add_argument("--date", help="Day (YYYY-MM-DD); default today.")
        sub.add_parser("counts", help="Rows in the corpus.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "show":
            self._show(options)
        else:
            for name, value in corpus_counts().items():
                self.stdout.write(f"{name}: {value}")

    def _import(self, options: dict[str, Any]) -> None:
        progress = not options["no_progress"] and sys.stderr.isatty()
        path = Path(options["path"]) if options["path"] else None
        sources = ALL if options["source"] == "all" else (options["source"],)
        if path is not None and len(sources) > 1:
            raise CommandError("'all' imports every source from its default place: give no path.")
        for source in sources:
            try:
                result = import_source(source, path, progress=progress, max_documents=options["max_documents"])
            except LawDataError as exc:
                raise CommandError(f"{source}: {exc}") from exc
            self._report(result)

    def _report(self, result: RunResult) -> None:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in sorted(result.counts.items()))
        self.stdout.write(
            f"{result.source}: {result.documents} documents read, {result.written} written, "
            f"{result.unchanged} unchanged, in {result.seconds:.1f} s (job #{result.job_id})."
        )
        if counts:
            self.stdout.write(f"  {counts}")
        amendments = result.amendments
        if amendments.applied or amendments.pending or amendments.failed or amendments.unread:
            self.stdout.write(
                f"  amendments: {amendments.applied} applied, {amendments.unchanged} unchanged, "
                f"{len(amendments.pending)} waiting for their target's text, {len(amendments.failed)} not applied, "
                f"{len(amendments.unread)} instructions not read"
            )
        if result.warnings:
            self.stdout.write(f"  {len(result.warnings)} warnings (first: {result.warnings[0]})")
        if result.stopped:
            self.stdout.write(f"  Stopped after {result.written} documents as asked: run the same command to continue.")

    def _show(self, options: dict[str, Any]) -> None:
        document = find_document(options["document"])
        if document is None:
            raise CommandError(f"No document {options['document']!r}.")
        day = datetime.date.fromisoformat(options["date"]) if options["date"] else datetime.date.today()
        if not options["article"]:
            self.stdout.write(
                f"{document.number or document.key}  {document.title}\n"
                f"  type {document.get_doc_type_display()}, issued {_day(document.issued_on)} by "
                f"{document.issuer or '…'}, signed by {document.signer or '…'}\n"
                f"  in force {_day(document.effective_from)} – {_day(document.effective_to)}; "
                f"on {_day(day)}: {document_status(document, day).label}\n"
                f"  {document.provisions.count()} provisions; sources: {', '.join(document.sources)}"
            )
            return
        provision = find_provision(document, options["article"], options["clause"], options["point"])
        if provision is None:
            raise CommandError("No such provision in this document.")
        self.stdout.write(f"{provision.key} on {_day(day)}:")
        self.stdout.write(text_as_of(provision, day) or "(not in force that day)")
        # The history of the whole text (its clauses and points included), not of the article's lead-in.
        for period in provision_periods(provision):
            by = ", ".join(d.number or d.key for d in period.introduced_by) or "…"
            state = "repealed" if period.text is None else f"{len(period.text)} characters"
            self.stdout.write(f"  {_day(period.valid_from)} – {_day(period.valid_to)}: {state} (by {by})")
        amending = documents_amending(provision)
        if amending:
            self.stdout.write("  amended by: " + ", ".join(d.number or d.key for d in amending))
