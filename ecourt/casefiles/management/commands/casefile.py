"""`python -m ecourt casefile export|verify|import|archive|retention|destroy`: case file packages and archiving.

``verify`` needs no database: it reads the package and the trusted roots (``--trust`` or
SIGNING_TRUST_ROOTS) only. Its ``--json`` output is ``package.Report``:

    {"file": path, "ok": bool, "package_id": uuid, "format": "ecourt-casefile/1", "purpose": "appeal"|"archive",
     "created_at": iso, "court": {"code", "name"}, "case": {"id", "uid", "number", "case_type"},
     "manifest_sha256": hex, "members_checked": int, "files": int,
     "signature": {"intact", "valid", "trusted", "signer", "issuer", "serial"},
     "problems": [{"code", "message", "path"}]}

The exit status is 0 when ``ok``, 1 when anything is wrong (each problem listed), 2 for bad arguments.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from ecourt.cases.services.steps import TransitionError
from ecourt.courts.models import Court
from ecourt.signing.services import trust_roots

from ... import services
from ...package import PackageError, verify_package
from ...retention import RetentionError


def _user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user


class Command(BaseCommand):
    help = "Case file packages: export, verify, import; archiving and retention."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a case's whole file as a signed package.")
        export.add_argument("case", help="Case id, national identifier, acceptance or judgment number.")
        export.add_argument("--out", required=True, help="The package file to write (.zip).")
        export.add_argument("--purpose", choices=["appeal", "archive"], default="appeal")
        export.add_argument("--user", required=True, help="Username of the staff member exporting.")
        verify = sub.add_parser("verify", help="Check a package offline (hashes, signature, custody chain).")
        verify.add_argument("file")
        verify.add_argument("--json", action="store_true", help="Print the report as JSON.")
        verify.add_argument("--trust", action="append", default=[], help="A trusted root certificate (PEM/DER).")
        imp = sub.add_parser("import", help="Verify, then import a package at the receiving court.")
        imp.add_argument("file")
        imp.add_argument("--court", help="Receiving court's code (default: the court the package names).")
        imp.add_argument("--user", required=True, help="Username of the registry staff member importing.")
        imp.add_argument("--trust", action="append", default=[], help="A trusted root certificate (PEM/DER).")
        archive = sub.add_parser("archive", help="Mark a closed case archived with its retention period.")
        archive.add_argument("case")
        archive.add_argument("--user", required=True)
        period = archive.add_mutually_exclusive_group()
        period.add_argument(
            "--years",
            type=int,
            help="Set this file's retention period (1-200 whole years) instead of the table's; needs --basis.",
        )
        period.add_argument(
            "--permanent",
            action="store_true",
            help="Keep this file permanently, whatever the table says; needs --basis.",
        )
        archive.add_argument(
            "--basis", default="", help="The instrument and item the period set comes from (with --years/--permanent)."
        )
        due = sub.add_parser("retention", help="List archived case files whose retention period has run out.")
        due.add_argument("--as-of", type=datetime.date.fromisoformat, help="Day (YYYY-MM-DD); default today.")
        due.add_argument("--court", help="Only this court's (code).")
        sub.add_parser(
            "clean-staging",
            help="Remove the staging folders of interrupted imports (never one running) and stale page uploads.",
        )
        destroy = sub.add_parser("destroy", help="Destroy an archived file after its time, on a recorded decision.")
        destroy.add_argument("case")
        destroy.add_argument("--user", required=True)
        destroy.add_argument("--decision", required=True, help="Number of the decision to destroy.")
        destroy.add_argument("--decided-on", required=True, type=datetime.date.fromisoformat)
        destroy.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"do_{action.replace('-', '_')}")(options)
        except (PackageError, TransitionError, RetentionError, services.PackageRefusedError) as exc:
            raise CommandError(f"refused, nothing changed: {exc}") from exc
        except (PermissionDenied, Http404) as exc:
            raise CommandError(f"refused: {exc}") from exc

    def do_export(self, options: dict[str, Any]) -> None:
        case = services.find_case(options["case"])
        result = services.export_case(_user(options["user"]), case, Path(options["out"]), purpose=options["purpose"])
        self.stdout.write(
            json.dumps(
                {
                    "package": str(result.export.package_id),
                    "file": str(result.path),
                    "files": result.export.file_count,
                    "size": result.export.size,
                    "manifest_sha256": result.manifest_sha256,
                }
            )
        )

    def do_verify(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        roots = trust_roots(options["trust"] or None)
        report = verify_package(path, roots)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            state = "OK" if report.ok else "NOT VALID"
            self.stdout.write(
                f"{state}: package {report.package_id or '?'} ({report.purpose or '?'}) of case "
                f"{report.case.get('uid', '?')}; {report.members_checked} members checked; "
                f"signed by {report.signature.signer or '?'}"
            )
            for problem in report.problems:
                self.stdout.write(f"  {problem.code}: {problem.message}")
        if not report.ok:
            sys.exit(1)

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        roots = trust_roots(options["trust"]) if options["trust"] else None
        result = services.import_package(_user(options["user"]), path, court_code=options["court"], roots=roots)
        row = result.imported
        self.stdout.write(
            json.dumps(
                {
                    "already_imported": result.already,
                    "package": str(row.package_id),
                    "case": row.case_id,
                    "case_uid": row.case.uid,
                    "created_case": row.created_case,
                    "files": row.file_count,
                }
            )
        )

    def do_clean_staging(self, options: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(services.clean_staging()))

    def do_archive(self, options: dict[str, Any]) -> None:
        archive = services.archive_case(
            _user(options["user"]),
            services.find_case(options["case"]),
            years=options.get("years"),
            permanent=bool(options.get("permanent")),
            basis=options.get("basis") or "",
        )
        self.stdout.write(
            json.dumps(
                {
                    "case": archive.case_id,
                    "retention_years": archive.retention_years,
                    "review_on": archive.review_on.isoformat() if archive.review_on else None,
                    "version": archive.retention_version,
                }
            )
        )

    def do_retention(self, options: dict[str, Any]) -> None:
        court = None
        if options["court"]:
            court = Court.objects.filter(code=options["court"]).first()
            if court is None:
                raise CommandError(f"no court {options['court']!r}")
        rows = services.due_for_review(options["as_of"], court)
        for row in rows:
            self.stdout.write(
                f"{row.review_on.isoformat() if row.review_on else '-'}\t{row.case.uid}\t{row.case.court.short_name}\t"
                f"{row.case.case_type}\t{row.retention_years} years (table {row.retention_version})"
            )
        self.stderr.write(f"{rows.count()} case file(s) due for review")

    def do_destroy(self, options: dict[str, Any]) -> None:
        decision = services.destroy_case_file(
            _user(options["user"]),
            services.find_case(options["case"]),
            decision_number=options["decision"],
            decided_on=options["decided_on"],
            reason=options["reason"],
        )
        self.stdout.write(json.dumps({"decision": decision.number, "files_removed": decision.files_removed}))
