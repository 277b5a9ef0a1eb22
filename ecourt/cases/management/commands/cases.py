"""`python -m ecourt cases sweep [--day YYYY-MM-DD]`: the nightly work on cases, run now.

Production runs it from Celery beat (CELERY_BEAT_SCHEDULE); on the embedded default, where no beat
runs, a cron line or a systemd timer calls this command once a night.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.jobs.models import JobStatus
from ecourt.jobs.services import enqueue


class Command(BaseCommand):
    help = "Work on cases: the nightly sweep."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser(
            "sweep",
            help="Close appeal windows that ran out, record legal effect of unappealed judgments, "
            "hand cases of courts that ceased to their successors.",
        )
        sweep.add_argument("--day", help="The day to sweep as (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("day")
        if day:
            try:
                datetime.date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError(f"--day: {exc}") from exc
        # A visible Job row, run by a worker when a broker is configured, in-process otherwise.
        job = enqueue("cases.daily_sweep", {"day": day} if day else {})
        job.refresh_from_db()
        if job.status == JobStatus.FAILED:
            raise CommandError(f"Job #{job.pk} failed: {job.error.splitlines()[0] if job.error else ''}")
        if job.status == JobStatus.SUCCEEDED:
            self.stdout.write(json.dumps(job.result, ensure_ascii=False))
        else:
            self.stdout.write(f"Job #{job.pk} queued for the workers.")
