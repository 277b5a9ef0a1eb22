"""The court map as data, built and checked before any write.

Inputs: the administrative units of the ``vietnamadminunits`` package (``sources.py``) and the two
curated files (``datafiles.py``). The result (``specs.Catalogue``) lists every court with its code,
names, level, dates and parent, every succession, every earlier parent and every department.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import replace
from pathlib import Path

from . import codes
from .datafiles import COURTS_FILE, REGIONAL_FILE, read_curated, read_regional
from .models import CourtLevel, DepartmentKind, SuccessionKind
from .sources import AdminUnits, District, Province
from .specs import Catalogue, CourtDataError, CourtSpec, DepartmentSpec, ParentPeriodSpec, SuccessionSpec

# Before the Law on the Organisation of People's Courts 2014 took effect, provincial courts' appeals
# went to the Supreme Court's appeal divisions; the High Courts existed from this day.
HIGH_COURTS_FROM = datetime.date(2015, 6, 1)
_DISTRICT_KIND_EN = {"Huyện": "District", "Quận": "District", "Thị xã": "Town", "Thành phố": "City"}


def _provincial_name(p: Province) -> tuple[str, str, str]:
    kind = "City" if p.is_city else "Province"
    return f"Tòa án nhân dân {p.in_court_name}", f"TAND {p.in_court_name}", f"People's Court of {p.short} {kind}"


def _district_court(d: District, province: Province, parent: str, ended: datetime.date, basis: str) -> CourtSpec:
    kind_en = _DISTRICT_KIND_EN.get(d.kind, "District")
    label_en = f"{kind_en} {d.name}" if d.name.isdigit() else f"{d.name} {kind_en}"
    return CourtSpec(
        code=codes.district(d.code),
        level=CourtLevel.DISTRICT,
        name=f"Tòa án nhân dân {d.full_name}, {province.in_court_name}",
        short_name=f"TAND {d.full_name} ({province.short})",
        name_en=f"People's Court of {label_en}, {province.short}",
        parent=parent,
        province=province.name,
        valid_to=ended,
        legal_basis=basis,
    )


def build(units: AdminUnits, courts_file: Path = COURTS_FILE, regional_file: Path = REGIONAL_FILE) -> Catalogue:
    """The whole court map, checked; raises ``CourtDataError`` naming the place of the first problem."""
    cur = read_curated(courts_file, units)
    regional = read_regional(regional_file, units, cur.without_court)
    reform, basis = cur.reform_date, cur.reform_basis
    cat = Catalogue()
    six = [(k, cur.department_names[k]) for k in DepartmentKind.values]

    cat.courts.append(cur.supreme)
    cat.departments += [DepartmentSpec(cur.supreme.code, k, n) for k, n in six]
    high_of: dict[str, str] = {}
    for spec, provinces in cur.high:
        cat.courts.append(
            replace(spec, parent=codes.SUPREME, valid_from=spec.valid_from or HIGH_COURTS_FROM, valid_to=reform)
        )
        cat.successions.append(SuccessionSpec(spec.code, codes.SUPREME, reform, SuccessionKind.FUNCTIONS, basis))
        high_of.update(dict.fromkeys(provinces, spec.code))

    # Provincial courts after the reform: the 11 unchanged provinces keep their pre-2025 record.
    current_provincial: dict[str, str] = {}
    for code, p in sorted(units.new_provinces.items()):
        if units.is_unchanged(code):
            current_provincial[code] = codes.provincial_before_2025(code)
            continue
        name, short, name_en = _provincial_name(p)
        court = codes.provincial_after_2025(code)
        current_provincial[code] = court
        cat.courts.append(
            CourtSpec(
                court,
                CourtLevel.PROVINCIAL,
                name,
                short,
                name_en,
                codes.SUPREME,
                p.name,
                valid_from=reform,
                legal_basis=basis,
            )
        )
        cat.departments += [DepartmentSpec(court, k, n, valid_from=reform) for k, n in six]

    # Provincial courts before the reform, with their parents over time and their successors.
    for code, p in sorted(units.legacy_provinces.items()):
        new = units.new_province_of(code)
        court = codes.provincial_before_2025(code)
        name, short, name_en = _provincial_name(p)
        kept = units.is_unchanged(new.code)
        cat.courts.append(
            CourtSpec(
                court,
                CourtLevel.PROVINCIAL,
                name,
                short,
                name_en,
                parent=codes.SUPREME if kept else high_of[code],
                province=p.name,
                valid_to=None if kept else reform,
                legal_basis="" if kept else basis,
            )
        )
        cat.parent_periods.append(
            ParentPeriodSpec(court, codes.SUPREME, None, HIGH_COURTS_FROM, "Luật Tổ chức Tòa án nhân dân 2014")
        )
        if kept:
            cat.parent_periods.append(ParentPeriodSpec(court, high_of[code], HIGH_COURTS_FROM, reform, basis))
            cat.departments += [DepartmentSpec(court, k, n) for k, n in six]
        else:
            cat.successions.append(
                SuccessionSpec(court, current_provincial[new.code], reform, SuccessionKind.MERGED, basis)
            )
            cat.departments += [DepartmentSpec(court, k, n, valid_to=reform) for k, n in six]
        for d in units.districts_of(code):
            if d.code not in cur.without_court:
                cat.courts.append(_district_court(d, p, court, reform, basis))

    # Regional courts and the district courts each inherits.
    names = cur.department_names
    for code, groups in sorted(regional.items()):
        p = units.new_provinces[code]
        for number, inherits in enumerate(groups, 1):
            court = codes.regional(code, number)
            cat.courts.append(
                CourtSpec(
                    court,
                    CourtLevel.REGIONAL,
                    f"Tòa án nhân dân khu vực {number} - {p.label}",
                    f"TAND khu vực {number} - {p.label}",
                    f"Regional People's Court {number} - {p.label}",
                    current_provincial[code],
                    p.name,
                    valid_from=reform,
                    legal_basis=basis,
                )
            )
            kinds = cur.regional_kinds + (cur.regional_first_kinds if number == 1 else [])
            cat.departments += [DepartmentSpec(court, k, names[k], valid_from=reform) for k in kinds]
            kind = SuccessionKind.CONTINUED if len(inherits) == 1 else SuccessionKind.MERGED
            cat.successions += [SuccessionSpec(codes.district(d), court, reform, kind, basis) for d in inherits]

    cat.courts += cur.others
    _check_references(cat, courts_file)
    return cat


def _check_references(cat: Catalogue, courts_file: Path) -> None:
    seen: Counter[str] = Counter(c.code for c in cat.courts)
    duplicates = sorted(code for code, n in seen.items() if n > 1)
    if duplicates:
        raise CourtDataError(f"{courts_file.name}: court code(s) used twice: {', '.join(duplicates)}")
    for c in cat.courts:
        if c.parent is not None and c.parent not in seen:
            raise CourtDataError(f"{courts_file.name}: court {c.code}: parent {c.parent} is not a known court")
