from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ecourt.eservice.services import DeemedPeriodUnsetError, mark_deemed


class Command(BaseCommand):
    help = "Mark unopened electronic services as deemed served once their period has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["mark-deemed"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            marked = mark_deemed()
        except DeemedPeriodUnsetError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{marked} marked deemed served")
