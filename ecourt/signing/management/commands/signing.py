"""`python -m ecourt signing verify FILE [--json]`: check the signatures of a PDF (as /verify/ does);
`python -m ecourt signing issue-pending`: sign again the issued documents that failed or were interrupted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.signing.services import VerificationError, verify_pdf


class Command(BaseCommand):
    help = "Signed court documents: verify a PDF's signatures; sign the issued documents still pending."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check a PDF's signatures against SIGNING_TRUST_ROOTS.")
        verify.add_argument("file", help="The PDF file.")
        verify.add_argument("--json", action="store_true", help="Print the full result as JSON.")
        pending = sub.add_parser("issue-pending", help="Sign again the documents that failed or were interrupted.")
        pending.add_argument("--limit", type=int, default=100, help="At most this many documents.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "issue-pending":
            from ecourt.signing.issuing import issue_pending

            counts = issue_pending(options["limit"])
            self.stdout.write(f"{counts['tried']} tried, {counts['issued']} issued, {counts['failed']} failed")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = verify_pdf(path.read_bytes())
        except VerificationError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        if not result.signed:
            self.stdout.write("not signed")
            return
        for sig in result.signatures:
            state = "altered" if not (sig.intact and sig.valid and sig.covers_whole_file) else "intact"
            trust = "trusted" if sig.trusted else "not trusted"
            stamp = sig.timestamp.at.isoformat() if sig.timestamp and sig.timestamp.at else "no timestamp"
            self.stdout.write(f"{sig.field}: {state}, {trust}; {sig.signer}; {stamp}")
