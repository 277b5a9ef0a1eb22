"""`python -m ecourt demo load|users`: load the demo data; print the demo logins."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.demo.loader import JOB_KIND, DemoError, LoadOptions, describe, load_demo
from ecourt.demo.world import WorldError
from ecourt.jobs.models import Job, JobStatus
from ecourt.people.models import User

STATUS_ORDER = [
    "petition_received",
    "petition_assigned",
    "amendment_requested",
    "awaiting_fee_notice",
    "fee_notified",
    "fee_paid",
    "file_received",
    "preparing",
    "suspended",
    "trial_scheduled",
    "decided",
    "appealed",
    "sent_to_appeal",
    "effective",
    "transferred",
    "returned",
]


class Command(BaseCommand):
    help = "Demo data: a few years of realistic case history in real courts, and the logins to try it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load the demo data (idempotent; resumes an unfinished load).")
        load.add_argument("--cases", type=int, default=3000, help="About how many cases (default 3000).")
        load.add_argument("--seed", type=int, default=1, help="Seed of the history (default 1).")
        where = load.add_mutually_exclusive_group()
        where.add_argument(
            "--spread", type=int, default=8, help="First-instance courts besides the demo ones (default 8)."
        )
        where.add_argument("--all-courts", action="store_true", help="Every first-instance court (benchmark).")
        load.add_argument("--as-of", help="Day the history ends, YYYY-MM-DD (default today).")
        load.add_argument("--batch", type=int, default=2000, help="Cases per transaction (default 2000).")
        load.add_argument("--max-batches", type=int, help="Stop after this many batches (load in parts).")
        load.add_argument("--no-courts", action="store_true", help="Do not run `courts load` first.")
        load.add_argument(
            "--workers", type=int, default=1, help="Worker processes on PostgreSQL (default 1; the benchmark uses 2)."
        )
        part = sub.add_parser("part", help="(internal) One worker of a load with --workers.")
        part.add_argument("job", type=int)
        part.add_argument("part", type=int)
        users = sub.add_parser("users", help="Print the demo logins.")
        users.add_argument("--json", action="store_true", help="As JSON.")
        check = sub.add_parser("check", help="Check that the case history in the database is consistent.")
        check.add_argument("--show", type=int, default=20, help="How many problems to print (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options)
        elif options["action"] == "part":
            from ecourt.demo.loader import run_part

            run_part(options["job"], options["part"], say=self.stdout.write)
        elif options["action"] == "check":
            self._check(options["show"])
        else:
            self._users(as_json=options["json"])

    def _check(self, show: int) -> None:
        from ecourt.demo.checks import check_history

        problems = check_history()
        for line in problems[:show]:
            self.stdout.write(line)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the case history")
        self.stdout.write(self.style.SUCCESS("The case history is consistent."))

    def _load(self, options: dict[str, Any]) -> None:
        try:
            as_of = datetime.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: {exc}") from exc
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        load_options = LoadOptions(
            cases=options["cases"],
            seed=options["seed"],
            spread=None if options["all_courts"] else options["spread"],
            as_of=as_of,
            batch_cases=options["batch"],
            max_batches=options["max_batches"],
            load_courts=not options["no_courts"],
            workers=options["workers"],
        )
        try:
            result = load_demo(load_options, say=self.stdout.write)
        except (DemoError, WorldError) as exc:
            raise CommandError(str(exc)) from exc
        if result.outcome == "stopped":
            self.stdout.write(
                f"Stopped after {result.totals.get('batches')} batches ({result.totals.get('cases')} cases), as "
                "asked: run the same command again to continue."
            )
            return
        if result.outcome == "loaded":
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {result.seconds:.0f} s (job #{result.job_id})."))
        self._summary(result.totals)
        self._table(result.logins)

    def _summary(self, totals: dict[str, Any]) -> None:
        if not totals:
            return
        self.stdout.write(
            f"{totals['cases']} cases ({totals['families']} petitions and case files), {totals['events']} events, "
            f"{totals['deadlines']} deadlines, {totals['parties']} parties, {totals['appeals']} appeals; "
            f"{totals['handed_over']} cases handed over to a successor court."
        )
        self.stdout.write("By type:     " + ", ".join(f"{k} {v}" for k, v in totals["by_type"].items()))
        self.stdout.write("By instance: " + ", ".join(f"{k} {v}" for k, v in totals["by_instance"].items()))
        statuses = sorted(totals["by_status"].items(), key=lambda kv: STATUS_ORDER.index(kv[0]))
        self.stdout.write("By status:   " + ", ".join(f"{k} {v}" for k, v in statuses))
        self.stdout.write(
            "Next deadline of pending cases: " + ", ".join(f"{k} {v}" for k, v in totals["next_deadline"].items())
        )

    def _table(self, logins: list[dict[str, str]]) -> None:
        if not logins:
            return
        header = ("Role", "Court", "Username", "Password", "What to try")
        rows = [(r["role"], r["court"], r["username"], r["password"], r["try"]) for r in logins]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
        self.stdout.write("")
        for row in [header, *rows]:
            cells = [str(row[i]).ljust(widths[i]) for i in range(4)]
            self.stdout.write("  ".join([*cells, row[4]]))

    def _users(self, *, as_json: bool) -> None:
        job = Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED).order_by("-id").first()
        if job is None:
            raise CommandError("No demo data in this database: run `python -m ecourt demo load` first.")
        logins = [r for r in job.result.get("logins", []) if User.objects.filter(username=r["username"]).exists()]
        if as_json:
            self.stdout.write(json.dumps(logins, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Demo logins (job #{job.pk}, {describe(job.params)}); every password is the same.")
        self._table(logins)
