"""The retention table (data/retention.yaml, or the file named by ``CASEFILES_RETENTION_FILE``) and its loader.

Required configuration data: a period that is not entered (null) refuses the archiving of that case
type (``RetentionNotConfiguredError``) rather than guessing; see the file's header for the source. The
archivist may instead set one file's period on archiving, naming the instrument it comes from
(``services.archive_case(years=…|permanent=True, basis=…)``); such a period is recorded with the version
``SET_ON_ARCHIVING`` and may never be shorter than the table's period when the table has one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_FILE = Path(__file__).parent / "data" / "retention.yaml"
PERMANENT = "permanent"
SET_ON_ARCHIVING = "set on archiving"  # retention_version of a period the archivist set for one file
MAX_YEARS = 200


class RetentionError(ValueError):
    """The retention table is malformed."""


class RetentionNotConfiguredError(RetentionError):
    """No period is entered for this case type (required configuration data)."""


@dataclass(frozen=True)
class Period:
    case_type: str
    years: int | None  # None: permanent
    version: str
    basis: str


@dataclass(frozen=True)
class Version:
    version: str
    valid_from: datetime.date
    basis: str
    periods: dict[str, int | str | None]


def table_file() -> Path:
    return Path(getattr(settings, "CASEFILES_RETENTION_FILE", None) or DEFAULT_FILE)


def parse(text: str, where: str = "retention table") -> tuple[str, list[Version]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RetentionError(f"{where}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list) or not data["versions"]:
        raise RetentionError(f"{where}: expected 'source' and a non-empty list 'versions'")
    versions: list[Version] = []
    for i, raw in enumerate(data["versions"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("valid_from"), datetime.date):
            raise RetentionError(f"{where}: version {i + 1} needs a valid_from date")
        periods = raw.get("periods") or {}
        if not isinstance(periods, dict):
            raise RetentionError(f"{where}: version {i + 1}: 'periods' must map case types to periods")
        for case_type, value in periods.items():
            ok = value is None or value == PERMANENT or (isinstance(value, int) and 0 < value <= MAX_YEARS)
            if not ok:
                raise RetentionError(
                    f"{where}: version {i + 1}, {case_type}: a period is whole years, 'permanent' or null"
                )
        versions.append(
            Version(str(raw.get("version") or i + 1), raw["valid_from"], str(raw.get("basis") or ""), dict(periods))
        )
    versions.sort(key=lambda v: v.valid_from)
    return str(data.get("source") or ""), versions


def load(path: Path | None = None) -> tuple[str, list[Version]]:
    path = path or table_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RetentionError(f"{path}: {exc}") from exc
    return parse(text, str(path))


def period_for(case_type: str, day: datetime.date, path: Path | None = None) -> Period:
    """The retention period of ``case_type`` for a file archived on ``day``."""
    path = path or table_file()
    _source, versions = load(path)
    in_force = [v for v in versions if v.valid_from <= day]
    if not in_force:
        raise RetentionNotConfiguredError(
            _(
                "No retention table is in force on %(day)s (%(file)s). The archivist can set this file's "
                "retention period on archiving, with the instrument and item it comes from."
            )
            % {"day": day.isoformat(), "file": path}
        )
    version = in_force[-1]
    value: Any = version.periods.get(case_type)
    if value is None:
        raise RetentionNotConfiguredError(
            _(
                "No retention period is entered for case type %(type)s (version %(version)s of %(file)s); "
                "it must be entered from the official rules before such a case can be archived, or the archivist "
                "can set this file's retention period on archiving, with the instrument and item it comes from."
            )
            % {"type": case_type, "version": version.version, "file": path}
        )
    return Period(case_type, None if value == PERMANENT else int(value), version.version, version.basis)


def describe(years: int | None) -> str:
    """A period for a message: "10 years" or "permanent" (``None``)."""
    if years is None:
        return _("permanent")
    return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
