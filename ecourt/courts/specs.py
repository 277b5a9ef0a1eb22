"""The court map as plain values: what the loader must make the database say."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class CourtDataError(ValueError):
    """A data file is malformed; the message names the file and the place in it."""


@dataclass(frozen=True)
class CourtSpec:
    code: str
    level: str
    name: str
    short_name: str
    name_en: str = ""
    parent: str | None = None
    province: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    legal_basis: str = ""


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: str
    successor: str
    effective_on: datetime.date
    kind: str
    legal_basis: str = ""


@dataclass(frozen=True)
class ParentPeriodSpec:
    court: str
    parent: str
    valid_from: datetime.date | None
    valid_to: datetime.date
    legal_basis: str = ""


@dataclass(frozen=True)
class DepartmentSpec:
    court: str
    kind: str
    name: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass
class Catalogue:
    courts: list[CourtSpec] = field(default_factory=list)
    successions: list[SuccessionSpec] = field(default_factory=list)
    parent_periods: list[ParentPeriodSpec] = field(default_factory=list)
    departments: list[DepartmentSpec] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(1 for c in self.courts if c.level == level)
