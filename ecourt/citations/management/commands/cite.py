"""`python -m ecourt cite <action>`: citations in Vietnamese legal text.

    cite extract --json [--date YYYY-MM-DD] [--domain civil] FILE      every citation of FILE ("-": stdin)
    cite evaluate --judgments judgments-dev.json [--json]              recall on annotated judgments
    cite link [--laws] [--judgments] [--all]                           the citation graph of imported texts
    cite check --json [--date YYYY-MM-DD] [--overlaps] FILE            a verdict per citation (TXT, DOCX, PDF)

Each action is a ``sub.add_parser`` in ``add_arguments`` and a ``handle_<action>`` method; actions that
read a text share ``add_text_arguments``, ``read_text`` and ``pipeline.read_citations`` (``cite check``
will too).

The contract of ``extract --json`` (scripts and tests depend on it): a JSON array, one object per cited
provision (or document cited as a whole), in order of position:

    {"text", "start", "end", "document": {"number", "title", "year"}, "article", "clause", "point",
     "resolved", …}

``start``/``end`` index the file decoded as UTF-8, line endings as they are (Python ``str`` offsets), and
``text`` is that slice. Fields may be added, never renamed or removed. ``--date`` is the text's date for
resolution; without it, the date in the text's header (``header.header_date``), else today.

``check --json`` prints one object: ``{"day", "day_source", "domain", "characters", "counts", "verdicts":
[…], "overlaps": […]}``, each verdict with ``code`` (valid, not_found, amended, replaced, repealed,
expired, not_yet_in_force, renumbered, unverified, internal), the offsets and text as above, the
document, the provision's key and its text in force on the day, the documents that changed it, and an
explanation (see ``ecourt.citations.verification`` and docs/citator.md). FILE may be UTF-8 text, DOCX or
PDF (``ecourt.citations.files``); any length is accepted here (the page and the API stop at 64,000
characters).
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from ecourt.citations import evaluation
from ecourt.citations.files import DraftFileError, read_draft
from ecourt.citations.pipeline import read_citations
from ecourt.citations.resolver import Resolver
from ecourt.citations.verification import LABELS, CheckReport, check_text
from ecourt.commandline import read_text

DOMAINS = ("civil", "criminal", "administrative")


def add_text_arguments(parser: CommandParser) -> None:
    parser.add_argument("file", metavar="FILE", help="UTF-8 text file; '-' reads standard input.")
    parser.add_argument("--json", action="store_true", help="Print a JSON array.")
    parser.add_argument(
        "--date",
        type=_date,
        help="The text's date (YYYY-MM-DD) for the version in force; default: its header's date, else today.",
    )
    parser.add_argument(
        "--domain", choices=DOMAINS, help="civil, criminal or administrative; default: from its header."
    )


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value!r}: expected YYYY-MM-DD, e.g. 2017-09-22") from exc


class Command(BaseCommand):
    help = "Citations in Vietnamese legal text: extract, evaluate, check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        extract = sub.add_parser("extract", help="Find and resolve every citation of a text.")
        add_text_arguments(extract)
        evaluate = sub.add_parser("evaluate", help="Recall against judgments annotated with applied provisions.")
        evaluate.add_argument("--judgments", required=True, help="ALQAC 2026 judgments JSON (a list of records).")
        evaluate.add_argument("--json", action="store_true", help="Print only the JSON report.")
        evaluate.add_argument(
            "--errata",
            default=str(evaluation.ERRATA_FILE),
            help="Gold lines the texts contradict (YAML); the report gives recall with and without them.",
        )
        evaluate.add_argument("--no-errata", action="store_true", help="Report recall on the gold as annotated only.")
        link = sub.add_parser("link", help="Record the citations of imported texts (laws, judgments) in the graph.")
        link.add_argument("--laws", action="store_true", help="Provision texts of the legal corpus.")
        link.add_argument("--judgments", action="store_true", help="Judgments (neither flag: both).")
        link.add_argument("--all", action="store_true", help="Relink every text, not only new or changed ones.")
        link.add_argument("--no-progress", action="store_true", help="No progress bar.")
        check = sub.add_parser("check", help="Verify every citation of a draft (TXT, DOCX or PDF) on a day.")
        add_text_arguments(check)
        check.add_argument(
            "--overlaps",
            action="store_true",
            help="Also look for provisions in force that the draft's provisions overlap or contradict "
            "(needs the 'provisions' search index and its vectors).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"handle_{options['action']}")(**options)
        except DatabaseError as exc:
            raise CommandError(
                f"cannot read the legal corpus ({exc}); is the database migrated (python -m ecourt migrate)?"
            ) from exc

    # ------------------------------------------------------------------------------------ extract
    def handle_extract(self, **options: Any) -> None:
        found = read_citations(read_text(options["file"]), day=options.get("date"), domain=options.get("domain"))
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in found.resolutions], ensure_ascii=False))
            return
        self.stdout.write(
            f"{len(found.resolutions)} citations; date {found.day:%d/%m/%Y} ({found.day_source}), "
            f"domain {found.domain or '-'}"
        )
        for r in found.resolutions:
            c = r.citation
            where = " ".join(
                part
                for part in (
                    f"điểm {c.point}" if c.point else "",
                    f"khoản {c.clause}" if c.clause else "",
                    f"Điều {c.article}" if c.article else ("Điều này" if c.this_article else ""),
                )
                if part
            )
            document = r.as_dict()["document"]
            name = document["number"] or document["title"] or "?"
            status = "ok" if r.resolved else f"unresolved: {r.reason}"
            self.stdout.write(f"{c.start:>7}-{c.end:<7} {where or '(document)'} — {name} [{status}]")

    # -------------------------------------------------------------------------------------- check
    def handle_check(self, **options: Any) -> None:
        path = options["file"]
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            text = read_draft(data, "stdin.txt" if path == "-" else Path(path).name, max_characters=None)
        except DraftFileError as exc:
            raise CommandError(str(exc)) from exc
        report = check_text(text, options.get("date"), domain=options.get("domain"), overlaps=options["overlaps"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        self._print_check(report)

    def _print_check(self, report: CheckReport) -> None:
        out = self.stdout.write
        counts = ", ".join(f"{LABELS[code]}: {n}" for code, n in report.counts.items()) or "-"
        out(
            f"{len(report.verdicts)} citations; date {report.day:%d/%m/%Y} ({report.day_source}); "
            f"{report.characters:,} characters; {counts}"
        )
        for v in report.verdicts:
            out(f"{v.start:>7}-{v.end:<7} [{v.code}] {v.text}")
            out(f"                {v.explanation}")
            if v.text_in_force:
                first = v.text_in_force.split("\n", 1)[0]
                out(f"                in force: {first[:160]}{'…' if len(first) > 160 else ''}")
            for change in v.upcoming:
                when = f"{change.effective_on:%d/%m/%Y}" if change.effective_on else "?"
                out(f"                upcoming: {change.kind} by {change.document.name} from {when}")
        if report.overlap_notice:
            out(report.overlap_notice)
        for o in report.overlaps:
            for m in o.matches:
                semantic = f"{m.semantic:.2f}" if m.semantic is not None else "-"
                out(
                    f"{o.start:>7}-{o.end:<7} [{m.label}] {o.heading} ~ {m.heading} ({m.document_number}): "
                    f"lexical {m.lexical:.2f}, semantic {semantic}{'; ' if m.differences else ''}"
                    f"{'; '.join(m.differences)}"
                )

    # --------------------------------------------------------------------------------------- link
    def handle_link(self, **options: Any) -> None:
        from ecourt.citations.services import run_link

        both = not options["laws"] and not options["judgments"]
        result = run_link(
            laws=both or options["laws"],
            judgments=both or options["judgments"],
            force=options["all"],
            progress=not options["no_progress"] and sys.stderr.isatty(),
        )
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(result.by_status.items()))
        self.stdout.write(
            f"{result.texts} texts linked: {result.citations} citations, {result.resolved} resolved "
            f"({statuses or 'none'}), in {result.seconds:.1f} s (job #{result.job_id})."
        )

    # ----------------------------------------------------------------------------------- evaluate
    def handle_evaluate(self, **options: Any) -> None:
        try:
            records = json.loads(Path(options["judgments"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['judgments']}: {exc}") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) and "judgment_text" in r for r in records):
            raise CommandError(f"{options['judgments']}: expected a JSON list of records with 'judgment_text'")
        errata = [] if options["no_errata"] else evaluation.load_errata(Path(options["errata"]))
        report = evaluation.evaluate(records, errata=errata)
        resolution = evaluation.resolution_report(records, Resolver())
        result = {**report.as_dict(), "resolution": resolution}
        if not options["json"]:
            self._print_report(report, resolution)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _print_report(self, report: evaluation.Report, resolution: dict[str, Any]) -> None:
        out = self.stdout.write
        out(f"{report.judgments} judgments, {report.characters:,} characters")
        out(f"{'level':<14}{'as annotated':>22}{'less errata':>22}")
        for level in ("article", "clause", "clause_named", "document"):
            if level not in report.counts:
                continue
            f1, t1 = report.counts[level]
            f2, t2 = report.counts_less_errata.get(level, [0, 0])
            out(
                f"{level:<14}{f'{report.recall(level):.4f} ({f1}/{t1})':>22}"
                f"{f'{report.recall(level, less_errata=True):.4f} ({f2}/{t2})':>22}"
            )
        out(
            f"citations: {report.citations} ({report.provision_citations} provisions, "
            f"{report.document_citations} documents as a whole); identified by {dict(report.by_basis)}"
        )
        extract_rate = report.characters / report.extract_seconds if report.extract_seconds else 0
        out(f"extraction: {extract_rate:,.0f} characters/s (one process)")
        out(f"header date agrees with the record: {report.header_date[0]}/{report.header_date[1]}")
        out(f"resolution: {resolution['summary']}")
        for miss in report.misses:
            flag = " [erratum]" if miss.erratum else ""
            out(f"  miss{flag} {miss.case_id} {miss.level}: {miss.gold} — {miss.reason}")
            if miss.context:
                out(f"      «{miss.context}»")
        for line in report.unread:
            out(f"  gold line not read: {line}")
