"""`python -m ecourt twofactor reset|demo|demo-code`: reset an account's second factor (audit-logged);
give the demo logins the demo's published TOTP secret; print the demo's current code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.people.models import User
from ecourt.twofactor import demo, services


class Command(BaseCommand):
    help = "Two-factor authentication of court accounts: reset, and the demo's authenticator."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reset = sub.add_parser("reset", help="Remove an account's second factor (lost phone); it enrols again.")
        reset.add_argument("username", help="The account whose second factor is removed.")
        reset.add_argument("--reason", required=True, help="Why (written to the audit log).")
        reset.add_argument("--by", default="", help="User name of the administrator doing it (audit log).")
        sub.add_parser("demo", help="Give the demo logins the demo's published TOTP secret (not in production).")
        sub.add_parser("demo-code", help="Print the code of the demo's TOTP secret for now.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "reset":
            self._reset(options["username"], reason=options["reason"], by_name=options["by"])
        elif action == "demo":
            try:
                enrolled = demo.enrol_demo_logins()
            except demo.DemoError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Demo logins given the demo authenticator: {len(enrolled)}"
                + (f" ({', '.join(enrolled)})" if enrolled else "")
                + f". Secret: {demo.DEMO_SECRET}"
            )
        else:
            self.stdout.write(demo.current_demo_code())

    def _reset(self, username: str, *, reason: str, by_name: str) -> None:
        target = User.objects.filter(username=username).first()
        if target is None:
            raise CommandError(f"No account with the user name {username!r}.")
        by = None
        if by_name:
            by = User.objects.filter(username=by_name).first()
            if by is None:
                raise CommandError(f"No account with the user name {by_name!r} (--by).")
        try:
            services.reset(target, by=by, reason=reason)
        except services.TwoFactorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Second factor of {username} removed; they set it up again at their next sign-in.")
