"""Reading the curated data files, with every check naming the file and the place in it.

``data/courts.yaml`` holds what the address package does not carry (supreme, high, military and
specialised courts, the reform date, departments); ``data/regional_courts.yaml`` the regional courts
and the district courts each inherits. A bad file is reported in one go and loads nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import codes
from .derivation import BASES
from .models import CourtLevel, DepartmentKind
from .sources import AdminUnits
from .specs import CourtDataError, CourtSpec

DATA_DIR = Path(__file__).parent / "data"
COURTS_FILE = DATA_DIR / "courts.yaml"
REGIONAL_FILE = DATA_DIR / "regional_courts.yaml"
_COURT_FIELDS = {"code", "name", "short_name", "name_en", "province", "valid_from", "valid_to", "legal_basis"}


class _Loader(yaml.SafeLoader):
    """A safe loader that reports an impossible date ("2026-13-01") with its line, as YAML errors are."""

    def construct_date(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date ({exc})", node.start_mark
            ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)


class _Reader:
    """Typed access to a parsed YAML file that reports the file and path of anything wrong."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data = load_yaml(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CourtDataError(f"{path}: cannot be read ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise CourtDataError(f"{path.name}:{where} is not valid YAML ({exc})") from exc
        if not isinstance(self.data, dict):
            raise CourtDataError(f"{path.name}: expected a mapping at the top level")

    def error(self, where: str, message: str) -> CourtDataError:
        return CourtDataError(f"{self.path.name}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, "expected a mapping")
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(where, "expected a list")
        return value

    def text(self, entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = entry.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, f"{key} must be a non-empty text")
        return value.strip()

    def date(self, entry: dict[str, Any], key: str, where: str) -> datetime.date | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise self.error(where, f"{key} must be a date (YYYY-MM-DD), not {value!r}")
        return value

    def code(self, entry: dict[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not codes.is_valid(value):
            raise self.error(where, f"{key} must be five digits in quotes, not {value!r}")
        return value

    def only(self, entry: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = set(entry) - allowed
        if unknown:
            raise self.error(where, f"unknown field(s) {', '.join(sorted(unknown))}")


def _court_entry(r: _Reader, entry: Any, where: str, level: str, extra: set[str]) -> CourtSpec:
    entry = r.mapping(entry, where)
    r.only(entry, _COURT_FIELDS | extra, where)
    spec = CourtSpec(
        code=r.code(entry, "code", where),
        level=level,
        name=r.text(entry, "name", where),
        short_name=r.text(entry, "short_name", where),
        name_en=r.text(entry, "name_en", where, required=False),
        parent=r.code(entry, "parent", where) if "parent" in entry else None,
        province=r.text(entry, "province", where, required=False),
        valid_from=r.date(entry, "valid_from", where),
        valid_to=r.date(entry, "valid_to", where),
        legal_basis=r.text(entry, "legal_basis", where, required=False),
    )
    if spec.valid_from and spec.valid_to and spec.valid_to <= spec.valid_from:
        raise r.error(where, f"valid_to {spec.valid_to} is not after valid_from {spec.valid_from}")
    return spec


@dataclass
class Curated:
    reform_date: datetime.date
    reform_basis: str
    supreme: CourtSpec
    high: list[tuple[CourtSpec, list[str]]]
    others: list[CourtSpec]
    without_court: set[str]
    department_names: dict[str, str]
    regional_kinds: list[str]
    regional_first_kinds: list[str]


def read_curated(path: Path, units: AdminUnits) -> Curated:
    """``courts.yaml``, checked."""
    r = _Reader(path)
    r.only(
        r.data,
        {"reform", "supreme", "high_courts", "other_courts", "districts_without_court", "departments"},
        "top level",
    )
    reform = r.mapping(r.data.get("reform"), "reform")
    reform_date = r.date(reform, "date", "reform")
    if reform_date is None:
        raise r.error("reform", "date is required")
    supreme = _court_entry(r, r.data.get("supreme"), "supreme", CourtLevel.SUPREME, set())
    if supreme.code != codes.SUPREME:
        raise r.error("supreme", f"code must be {codes.SUPREME}")
    names, regional_kinds, first_kinds = _read_departments(r)
    return Curated(
        reform_date=reform_date,
        reform_basis=r.text(reform, "legal_basis", "reform"),
        supreme=supreme,
        high=_read_high(r, units),
        others=_read_others(r),
        without_court=_read_without_court(r, units),
        department_names=names,
        regional_kinds=regional_kinds,
        regional_first_kinds=first_kinds,
    )


def _read_high(r: _Reader, units: AdminUnits) -> list[tuple[CourtSpec, list[str]]]:
    high = []
    covered: Counter[str] = Counter()
    for i, entry in enumerate(r.items(r.data.get("high_courts"), "high_courts"), 1):
        where = f"high_courts[{i}]"
        spec = _court_entry(r, entry, where, CourtLevel.HIGH, {"provinces"})
        if not spec.code.startswith("0000") or spec.code == codes.SUPREME:
            raise r.error(where, f"a High Court's code is 00001-00009, not {spec.code}")
        provinces = [str(p) for p in r.items(entry.get("provinces"), f"{where}.provinces")]
        unknown = [p for p in provinces if p not in units.legacy_provinces]
        if unknown:
            raise r.error(f"{where}.provinces", f"not pre-2025 province codes: {', '.join(unknown)}")
        covered.update(provinces)
        high.append((spec, provinces))
    twice = sorted(p for p, n in covered.items() if n > 1)
    missing = sorted(set(units.legacy_provinces) - set(covered))
    if twice or missing:
        raise r.error(
            "high_courts", f"each pre-2025 province belongs to one High Court (twice: {twice}, none: {missing})"
        )
    return high


_OTHER_LEVELS = {
    CourtLevel.MILITARY_CENTRAL: "5",
    CourtLevel.MILITARY_ZONE: "5",
    CourtLevel.MILITARY_REGIONAL: "5",
    CourtLevel.SPECIALISED: "6",
}


def _read_others(r: _Reader) -> list[CourtSpec]:
    others = []
    for i, entry in enumerate(r.items(r.data.get("other_courts"), "other_courts"), 1):
        where = f"other_courts[{i}]"
        level = r.mapping(entry, where).get("level")
        if level not in _OTHER_LEVELS:
            raise r.error(where, f"level must be one of {', '.join(sorted(_OTHER_LEVELS))}, not {level!r}")
        spec = _court_entry(r, entry, where, str(level), {"level", "parent"})
        if not spec.code.startswith(_OTHER_LEVELS[level]):
            raise r.error(where, f"a {level} court's code starts with {_OTHER_LEVELS[level]}, not {spec.code}")
        if spec.parent is None:
            raise r.error(where, "parent is required")
        others.append(spec)
    return others


def _read_without_court(r: _Reader, units: AdminUnits) -> set[str]:
    without = set()
    for i, raw in enumerate(r.items(r.data.get("districts_without_court") or [], "districts_without_court"), 1):
        where = f"districts_without_court[{i}]"
        code = str(r.mapping(raw, where).get("code"))
        if code not in units.districts:
            raise r.error(where, f"{code!r} is not a district code of the pre-2025 units")
        without.add(code)
    return without


def _read_departments(r: _Reader) -> tuple[dict[str, str], list[str], list[str]]:
    deps = r.mapping(r.data.get("departments"), "departments")
    names = r.mapping(deps.get("names"), "departments.names")
    if set(names) != set(DepartmentKind.values):
        raise r.error("departments.names", f"give a name for each of {', '.join(DepartmentKind.values)}")
    kinds = {}
    for key in ("regional", "regional_first"):
        kinds[key] = [str(k) for k in r.items(deps.get(key), f"departments.{key}")]
        bad = [k for k in kinds[key] if k not in names]
        if bad:
            raise r.error(f"departments.{key}", f"unknown department kind(s) {', '.join(bad)}")
    return {str(k): str(v) for k, v in names.items()}, kinds["regional"], kinds["regional_first"]


def read_regional(path: Path, units: AdminUnits, without_court: set[str]) -> dict[str, list[list[str]]]:
    """province code -> the inherited district codes of regional courts 1..N, checked for coverage."""
    r = _Reader(path)
    r.only(r.data, {"total", "provinces"}, "top level")
    provinces = r.mapping(r.data.get("provinces"), "provinces")
    result: dict[str, list[list[str]]] = {}
    seen: dict[str, str] = {}
    for raw_code, raw in provinces.items():
        code = str(raw_code)
        if code not in units.new_provinces:
            raise r.error(f"provinces.{code}", f"{code!r} is not a post-2025 province code")
        result[code] = _read_province(r, code, raw, units=units, without_court=without_court, seen=seen)
    missing_provinces = sorted(set(units.new_provinces) - set(result))
    if missing_provinces:
        raise r.error("provinces", f"no regional courts for {', '.join(missing_provinces)}")
    orphans = sorted(set(units.districts) - without_court - set(seen))
    if orphans:
        raise r.error("provinces", f"district courts inherited by no regional court: {', '.join(orphans)}")
    total = r.data.get("total")
    listed = sum(len(g) for g in result.values())
    if total != listed:
        raise r.error("total", f"total is {total!r} but {listed} regional courts are listed")
    return result


def _read_province(
    r: _Reader, code: str, raw: Any, *, units: AdminUnits, without_court: set[str], seen: dict[str, str]
) -> list[list[str]]:
    where = f"provinces.{code}"
    entry = r.mapping(raw, where)
    r.only(entry, {"count", "count_basis", "sources", "courts"}, where)
    if entry.get("count_basis") not in BASES:
        raise r.error(where, f"count_basis must be one of {', '.join(BASES)}")
    count = entry.get("count")
    courts = r.items(entry.get("courts"), f"{where}.courts")
    if not isinstance(count, int) or count != len(courts):
        raise r.error(where, f"count is {count!r} but {len(courts)} courts are listed")
    groups: dict[int, list[str]] = {}
    for i, raw_court in enumerate(courts, 1):
        cw = f"{where}.courts[{i}]"
        court = r.mapping(raw_court, cw)
        r.only(court, {"number", "basis", "inherits"}, cw)
        number = court.get("number")
        if not isinstance(number, int) or not 1 <= number <= count or number in groups:
            raise r.error(cw, f"number must be unique and between 1 and {count}, not {number!r}")
        if court.get("basis") not in BASES:
            raise r.error(cw, f"basis must be one of {', '.join(BASES)}")
        inherits = [str(d) for d in r.items(court.get("inherits"), f"{cw}.inherits")]
        if not inherits:
            raise r.error(cw, "a regional court inherits at least one district court")
        for d in inherits:
            _check_inherited(r, cw, d, code=code, units=units, without_court=without_court, seen=seen)
            seen[d] = f"{where} number {number}"
        groups[number] = inherits
    return [groups[n] for n in sorted(groups)]


def _check_inherited(
    r: _Reader, where: str, d: str, *, code: str, units: AdminUnits, without_court: set[str], seen: dict[str, str]
) -> None:
    if d not in units.districts:
        raise r.error(where, f"{d!r} is not a pre-2025 district code")
    if d in without_court:
        raise r.error(where, f"district {d} had no court of its own (courts.yaml)")
    if units.districts[d].province_code not in units.formed_from[code]:
        raise r.error(where, f"district {d} lay in a province that did not merge into {code}")
    if d in seen:
        raise r.error(where, f"district court {d} is already inherited by {seen[d]}")
