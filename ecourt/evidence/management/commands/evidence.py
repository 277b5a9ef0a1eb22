from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ecourt.evidence.uploads import expire_stale


class Command(BaseCommand):
    help = (
        "Case files: remove resumable uploads left unfinished longer than EVIDENCE_UPLOAD_EXPIRE_HOURS, and "
        "completed ones no petition took within EVIDENCE_UPLOAD_UNCLAIMED_DAYS."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["expire-uploads"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = expire_stale()
        self.stdout.write(
            f"{result['expired']} uploads expired, {result['unclaimed']} unclaimed completed uploads removed, "
            f"{result['orphans']} orphan partial files removed"
        )
