"""Where an address lies, for the territorial jurisdiction of first-instance courts.

Since 1 July 2025 an address in Viet Nam is a commune or ward (xã, phường, đặc khu) in one of 34
provinces; districts are gone. The first-instance courts are the 355 regional courts, each inheriting
the territory of former district courts (Resolution 81/2025/UBTVQH15). What is known offline:

- the ``vietnamadminunits`` package (``ecourt/courts/sources.py``) lists the new provinces and
  communes (table ``admin_units``) and, in ``converter_2025.json``, which former communes (with their
  former district) each new commune was formed from;
- the court map in the database (``python -m ecourt courts load``) holds the former district courts
  (code ``3`` + district code) with their succession to a regional court.

So a commune is mapped to the former districts its parts came from, then to the regional court(s) that
took over those district courts. A commune formed from parts of districts inherited by different
regional courts gives several courts: the data cannot tell which one the annex of Resolution
81/2025/UBTVQH15 assigned it to (that annex lists communes; only part of it could be read, see
``ecourt/courts/data/PROVENANCE.md``, where some regional groupings are *derived*). Any of them is then
accepted, and the page says the data is ambiguous.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vietnamadminunits.database import query

from ecourt.courts import codes
from ecourt.courts.models import Court
from ecourt.courts.selectors import successor_on
from ecourt.vietnamese import normalize


@dataclass(frozen=True)
class Commune:
    code: str  # the General Statistics Office's five-digit code
    name: str  # "Phường Ba Đình"
    province_code: str
    key: str  # the package's ASCII key


@dataclass(frozen=True)
class Units:
    provinces: dict[str, str]  # code -> name ("Thành phố Hà Nội")
    communes: dict[str, Commune]  # code -> commune
    former_districts: dict[str, frozenset[str]]  # commune code -> former district codes (three digits)


@lru_cache(maxsize=1)
def units() -> Units:
    """Read the package once per process."""
    rows = query("SELECT province, provinceCode, provinceKey, ward, wardCode, wardKey FROM admin_units")
    provinces = {r["provinceCode"]: normalize(r["province"]) for r in rows}
    province_key = {r["provinceCode"]: r["provinceKey"] for r in rows}
    communes = {
        r["wardCode"]: Commune(r["wardCode"], normalize(r["ward"]), r["provinceCode"], r["wardKey"]) for r in rows
    }
    legacy = query("SELECT DISTINCT provinceKey, districtKey, districtCode FROM admin_units_legacy")
    district_of = {(r["provinceKey"], r["districtKey"]): r["districtCode"] for r in legacy}
    converter = json.loads(
        resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text(encoding="utf-8")
    )
    whole: dict[str, dict[str, list[str]]] = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]
    divided: dict[str, dict[str, list[dict[str, object]]]] = converter["DICT_PROVINCE_WARD_DIVIDED"]
    former: dict[str, set[str]] = {}
    by_key = {(province_key[c.province_code], c.key): c.code for c in communes.values()}

    def add(new_province: str, new_ward: str, old: str) -> None:
        code = by_key.get((new_province, new_ward))
        parts = old.split("_")
        if code is None or len(parts) < 2:
            return
        district = district_of.get((parts[0], parts[1]))
        if district is not None:
            former.setdefault(code, set()).add(district)

    for new_province, wards in whole.items():
        for new_ward, olds in wards.items():
            for old in olds:
                add(new_province, new_ward, old)
    for new_province, olds_map in divided.items():
        for old, news in olds_map.items():
            for new in news:
                add(new_province, str(new["newWardKey"]), old)
    return Units(provinces, communes, {code: frozenset(ds) for code, ds in former.items()})


def province_choices() -> list[tuple[str, str]]:
    return sorted(units().provinces.items(), key=lambda item: item[1])


def commune_choices(province_code: str) -> list[tuple[str, str]]:
    return sorted(
        ((c.code, c.name) for c in units().communes.values() if c.province_code == province_code),
        key=lambda item: item[1],
    )


def commune(code: str) -> Commune | None:
    return units().communes.get(code)


def place_label(commune_code: str) -> str:
    """ "Phường Ba Đình, Thành phố Hà Nội"."""
    found = commune(commune_code)
    if found is None:
        return ""
    return f"{found.name}, {units().provinces[found.province_code]}"


def courts_for_commune(commune_code: str, day: datetime.date) -> list[Court]:
    """The first-instance (regional) courts whose territory takes in the commune on ``day``: the
    successors of the former district courts of the districts it was formed from. Empty when the court
    map lacks those district courts (not loaded) or the commune is unknown."""
    districts = units().former_districts.get(commune_code, frozenset())
    found: dict[int, Court] = {}
    for court in Court.objects.filter(code__in=[codes.district(d) for d in sorted(districts)]):
        holder = successor_on(court, day)
        if holder.is_active_on(day):
            found.setdefault(holder.pk, holder)
    return sorted(found.values(), key=lambda court: court.code)
