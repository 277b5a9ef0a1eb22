"""`python -m ecourt anonymize`: a judgment's text encoded under Resolution 03/2017/NQ-HĐTP.

    anonymize FILE                          the anonymized text
    anonymize --json FILE                   {"text", "replacements": [{"start", "end", "original",
                                                              "replacement", "kind"}]}
    anonymize --evaluate [--judgments F]    leak rates on the labelled set built from the dev judgments (JSON)

The contract of ``--json`` (scripts and tests depend on it): ``start``/``end`` index FILE decoded as UTF-8,
line endings as they are (Python ``str`` offsets); ``original`` is that slice; ``kind`` is one of person,
organization, address, id_number, phone, bank_account, email, other. Fields may be added, never renamed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# The evaluation imports its data lazily; it is cheap to import.
from ecourt import commandline
from ecourt.anonymization import evaluation
from ecourt.anonymization.services import anonymize_text


def read_text(path: str) -> str:
    """FILE (or stdin for '-') decoded as UTF-8; refuses a missing, undecodable or empty file."""
    text = commandline.read_text(path)
    if not text.strip():
        raise CommandError(f"{path}: the file is empty; nothing to anonymize")
    return text


class Command(BaseCommand):
    help = "Anonymize a judgment's text (Resolution 03/2017/NQ-HĐTP), or measure the anonymizer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", nargs="?", help="UTF-8 text file; '-' reads standard input.")
        parser.add_argument("--json", action="store_true", help="Print the text and every replacement as JSON.")
        parser.add_argument(
            "--evaluate",
            action="store_true",
            help="Build the labelled set from the dev judgments and print leak rates (JSON, last line).",
        )
        parser.add_argument(
            "--judgments",
            help="Judgments JSON for --evaluate (default: ../shared/data/alqac-2026-judgments/judgments-dev.json).",
        )
        parser.add_argument("--seed", type=int, default=2017, help="Seed of the name generator for --evaluate.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["evaluate"]:
            if options["file"]:
                raise CommandError("--evaluate takes no FILE (use --judgments to choose the judgments)")
            path = Path(options["judgments"]) if options["judgments"] else evaluation.DEV_JUDGMENTS
            report = evaluation.evaluate(evaluation.load_judgments(path), seed=options["seed"])
            self.stdout.write(evaluation.format_report(report))
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        if not options["file"]:
            raise CommandError("FILE is required (or --evaluate)")
        result = anonymize_text(read_text(options["file"]))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.text, ending="")
