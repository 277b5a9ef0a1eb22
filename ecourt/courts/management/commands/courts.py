"""`python -m ecourt courts load|show|derive-regional`: the court map and its history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecourt.courts import derivation
from ecourt.courts.datafiles import COURTS_FILE, REGIONAL_FILE, read_curated
from ecourt.courts.models import Court, SuccessionKind
from ecourt.courts.selectors import Link, court_history
from ecourt.courts.services import load_courts
from ecourt.courts.sources import admin_units
from ecourt.courts.specs import CourtDataError


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "…"


class Command(BaseCommand):
    help = "The court map: load it from the data files, show a court's history, re-derive regional courts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Create or refresh every court (idempotent, all or nothing).")
        load.add_argument("--courts-file", default=str(COURTS_FILE), help="Curated courts (YAML).")
        load.add_argument("--regional-file", default=str(REGIONAL_FILE), help="Regional courts (YAML).")
        load.add_argument("--no-progress", action="store_true", help="No progress bar.")
        show = sub.add_parser("show", help="A court's levels, dates, parents, predecessors and successors.")
        show.add_argument("code", help="Five-digit court code, e.g. 12400.")
        derive = sub.add_parser("derive-regional", help="Re-derive the 'derived' regional courts (prints YAML).")
        derive.add_argument("--write", action="store_true", help="Rewrite data/regional_courts.yaml in place.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            self._load(options)
        elif action == "show":
            self._show(options["code"])
        else:
            self._derive(write=options["write"])

    def _load(self, options: dict[str, Any]) -> None:
        progress = not options["no_progress"] and sys.stderr.isatty()
        try:
            report = load_courts(
                courts_file=Path(options["courts_file"]),
                regional_file=Path(options["regional_file"]),
                progress=progress,
            )
        except CourtDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        levels = ", ".join(f"{n} {level}" for level, n in sorted(report.levels.items()))
        self.stdout.write(f"Courts: {report.courts} ({levels}).")
        self.stdout.write(f"Parents: {report.parents}. Earlier parents: {report.parent_periods}.")
        self.stdout.write(f"Successions: {report.successions}. Departments: {report.departments}.")

    def _show(self, code: str) -> None:
        court = Court.objects.select_related("parent").filter(code=code).first()
        if court is None:
            raise CommandError(f"No court has the code {code!r}.")
        h = court_history(court, timezone.localdate())

        def period(link: Link) -> str:
            return f"{link.court.code} {link.court.name} ({_day(link.start)} – {_day(link.end)})"

        def succession(link: Link, *, outgoing: bool) -> str:
            kind = f"{SuccessionKind(link.kind).label} " if outgoing else ""
            return f"{kind}{link.court.code} {link.court.name} ({_day(link.start)})"

        out = [
            f"{court.code}  {court.name}",
            f"  level:     {court.get_level_display()}",
            f"  dates:     from {_day(court.valid_from)}, "
            + (f"ceased on {_day(court.valid_to)}" if court.valid_to else "still operating")
            + (f"  ({court.legal_basis})" if court.legal_basis else ""),
        ]
        out += [f"  parent:    {period(link)}" for link in h.parents]
        out += [f"  took over: {succession(link, outgoing=False)}" for link in h.predecessors]
        out += [f"  successor: {succession(link, outgoing=True)}" for link in h.successors]
        if h.holder_today:
            out.append(f"  its work is held today by {h.holder_today.code} {h.holder_today.name}")
        out.append(f"  below it:  {len(h.children)} court(s)")
        out += [f"  department {d.name} ({_day(d.valid_from)} – {_day(d.valid_to)})" for d in h.departments]
        self.stdout.write("\n".join(out))

    def _derive(self, *, write: bool) -> None:
        units = admin_units()
        try:
            curated = read_curated(COURTS_FILE, units)
            total, provinces, _ = derivation.read(REGIONAL_FILE)
            derivation.derive(units, curated.without_court, total, provinces)
        except (CourtDataError, KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"Cannot derive: {exc}") from exc
        text = derivation.render(units, derivation.HEADER, total, provinces)
        if write:
            REGIONAL_FILE.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {REGIONAL_FILE}.")
        else:
            self.stdout.write(text, ending="")
