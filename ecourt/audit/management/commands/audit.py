"""`python -m ecourt audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify the hash chain; name the first broken link.")
        verify.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"ok": report.ok, "checked": report.checked, "broken_at": report.broken_at, "reason": report.reason}
                )
            )
        elif report.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified."))
        if not report.ok:
            raise CommandError(f"Audit chain broken at entry #{report.broken_at}: {report.reason}")
