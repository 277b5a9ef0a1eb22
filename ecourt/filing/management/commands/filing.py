"""`python -m ecourt filing notify`: tell filers of new events in their cases, now.

Production runs it from Celery beat every two minutes (``filing-notify`` in CELERY_BEAT_SCHEDULE); on the
embedded default, where no beat runs, a cron line or a systemd timer calls this command.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.jobs.models import JobStatus
from ecourt.jobs.services import enqueue


class Command(BaseCommand):
    help = "Online filing: notify filers of new events in their cases and send the e-mails due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("notify", help="Turn new case events into notifications and send the e-mails still due.")

    def handle(self, *args: Any, **options: Any) -> None:
        # A visible Job row, run by a worker when a broker is configured, in-process otherwise.
        job = enqueue("filing.notify")
        job.refresh_from_db()
        if job.status == JobStatus.FAILED:
            raise CommandError(f"Job #{job.pk} failed: {job.error.splitlines()[0] if job.error else ''}")
        if job.status == JobStatus.SUCCEEDED:
            self.stdout.write(json.dumps(job.result, ensure_ascii=False))
        else:
            self.stdout.write(f"Job #{job.pk} queued.")
