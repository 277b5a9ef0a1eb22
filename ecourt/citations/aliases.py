"""The names by which citations call documents (data/aliases.yaml), and which document a name means on a
day. Pure Python: no database."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ecourt.citations.numbers import codes_compatible, number_key, split_number
from ecourt.vietnamese import fold

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.yaml"
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Version:
    """One document of a family, named by its number, or by its corpus key when it has none (the
    Constitution: ``key: hien-phap-2013`` with ``year: 2013``)."""

    number: str  # "" for a document named by key
    year: int
    start: datetime.date | None
    until: datetime.date | None  # last day in force; None while in force
    key: str = ""  # the LegalDocument key, for a document without a number

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Family:
    """Documents that share a name across versions ("Bộ luật Dân sự": 2005, 2015)."""

    key: str
    doc_type: str
    title: str
    versions: tuple[Version, ...] = ()
    by_domain: dict[str, str] = field(default_factory=dict)

    def version_of_year(self, year: int) -> Version | None:
        return next((v for v in self.versions if v.year == year), None)

    def version_on(self, day: datetime.date) -> Version | None:
        """In force on ``day``; else the latest that started before it (an expired document keeps its
        name); None when ``day`` is before the first."""
        current = next((v for v in self.versions if v.in_force_on(day)), None)
        if current is not None:
            return current
        earlier = [v for v in self.versions if v.start is not None and v.start <= day]
        return max(earlier, key=lambda v: v.start or datetime.date.min) if earlier else None


@dataclass(frozen=True)
class KnownDocument:
    number: str
    doc_type: str
    title: str
    start: datetime.date | None


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once per process
class Aliases:
    families: dict[str, Family]
    documents: dict[str, KnownDocument]  # by number key
    by_name: dict[str, str]  # folded name tokens ("bo luat dan su") → family key
    name_pattern: re.Pattern[str]  # any name or abbreviation, longest first, at a position of folded text

    def family_of(self, matched: str) -> Family:
        return self.families[self.by_name[" ".join(_TOKEN.findall(matched))]]

    def for_domain(self, family: Family, domain: str | None) -> Family | None:
        """An incomplete name's family in a domain ("Bộ luật Tố tụng" in a civil judgment → BLTTDS)."""
        if not family.by_domain:
            return family
        key = family.by_domain.get(domain or "")
        return self.families[key] if key else None

    def find_numbers(self, serial: str, year: int | None, code: str, doc_type: str | None) -> list[str]:
        """Known numbers a partial or mistyped one can mean: same serial, same year when given, a code
        that is a shortening of theirs, the same type when given."""
        found = []
        for key, document in self.documents.items():
            k_serial, k_year, k_code = split_number(key)
            if k_serial.lstrip("0") != serial.lstrip("0") or (year is not None and k_year != year):
                continue
            if doc_type and document.doc_type != doc_type:
                continue
            if codes_compatible(code, k_code):
                found.append(document.number)
        return found


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _name_regex(name: str) -> str:
    """A name as a pattern over folded text: its words in order, any punctuation or space between
    ("Luật HN&GĐ" matches "luat hn & gd", "luat hngd" does not need to: it is listed apart)."""
    tokens = _TOKEN.findall(fold(name))
    return r"\W*".join(tokens) + r"(?![a-z0-9])"


def _version(raw: dict[str, Any], path: Path, family: str) -> Version:
    """A version named by ``number`` (its year is the number's), or by ``key`` with its ``year``."""
    start, until = _date(raw.get("from")), _date(raw.get("until"))
    if ("number" in raw) == ("key" in raw):
        raise ValueError(f"{path}: a version of {family!r} names its document by number or by key, not both")
    if "number" in raw:
        number = str(raw["number"])
        return Version(number, int(number.split("/")[1]), start, until)
    if "year" not in raw:
        raise ValueError(f"{path}: version {raw['key']!r} of {family!r} is named by key and needs its year")
    return Version("", int(raw["year"]), start, until, key=str(raw["key"]))


@cache
def load_aliases(path: Path = ALIASES_FILE) -> Aliases:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    families: dict[str, Family] = {}
    documents: dict[str, KnownDocument] = {}
    by_name: dict[str, str] = {}
    for entry in raw.get("families", []):
        versions = tuple(_version(v, path, entry["key"]) for v in entry.get("versions", []))
        family = Family(
            key=entry["key"],
            doc_type=entry["type"],
            title=entry["names"][0],
            versions=versions,
            by_domain=dict(entry.get("by_domain", {})),
        )
        families[family.key] = family
        for name in [*entry["names"], *entry.get("abbreviations", [])]:
            by_name[" ".join(_TOKEN.findall(fold(name)))] = family.key
        for version in (v for v in versions if v.number):
            documents[number_key(version.number)] = KnownDocument(
                version.number, family.doc_type, family.title, version.start
            )
    for entry in raw.get("documents", []):
        number = str(entry["number"])
        documents[number_key(number)] = KnownDocument(number, entry["type"], entry["title"], _date(entry.get("from")))
    for family in families.values():
        for key in family.by_domain.values():
            if key not in families:
                raise ValueError(f"{path}: family {family.key!r} refers to unknown family {key!r}")
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile("|".join(_name_regex(name) for name in names))
    return Aliases(families, documents, by_name, pattern)
