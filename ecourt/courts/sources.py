"""The administrative units the court map is built on, read from the ``vietnamadminunits`` package.

The package (pinned in requirements/base.txt) carries the 63 provinces and their 696 district-level
units as they stood before 1 July 2025 (table ``admin_units_legacy``), the 34 provinces after the
merger (table ``admin_units``) and which old provinces each new one was formed from
(``data/converter_2025.json``, key ``DICT_PROVINCE``). Before the reform there was one People's Court
per province and, with a few exceptions, one per district; so these tables give the names and
codes of the pre-2025 provincial and district courts and of the post-2025 provincial courts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vietnamadminunits.database import query

from ecourt.vietnamese import normalize

# The city's proper name is "Thành phố Hồ Chí Minh"; everywhere else "thành phố" is a common noun.
_PROPER_CITY_NAMES = {"Hồ Chí Minh"}


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city (``code`` is the two-digit code of the General Statistics Office)."""

    code: str
    name: str  # "Tỉnh Bắc Giang", "Thành phố Hà Nội"
    short: str  # "Bắc Giang"
    key: str  # the package's ASCII key, e.g. "tinhbacgiang"

    @property
    def is_city(self) -> bool:
        return self.name.startswith("Thành phố")

    @property
    def in_court_name(self) -> str:
        """How a court's name refers to it: "tỉnh Bắc Giang", "thành phố Hà Nội", "Thành phố Hồ Chí Minh"."""
        if self.short in _PROPER_CITY_NAMES:
            return f"Thành phố {self.short}"
        return f"{'thành phố' if self.is_city else 'tỉnh'} {self.short}"

    @property
    def label(self) -> str:
        """The name used after the dash in a regional court's name ("Bắc Ninh", "Thành phố Hồ Chí Minh")."""
        return f"Thành phố {self.short}" if self.short in _PROPER_CITY_NAMES else self.short


@dataclass(frozen=True)
class District:
    """A district-level unit before 1 July 2025 (huyện, quận, thị xã, thành phố thuộc tỉnh)."""

    code: str  # three-digit code, unique nationally
    province_code: str
    kind: str  # "Huyện", "Quận", "Thị xã", "Thành phố"
    name: str  # "Yên Thế", "1" for "Quận 1"

    @property
    def full_name(self) -> str:
        """E.g. "huyện Yên Thế", "quận 1", "thị xã Việt Yên" (lower-case kind, as inside a court's name)."""
        return f"{self.kind.lower()} {self.name}"


@dataclass(frozen=True)
class AdminUnits:
    legacy_provinces: dict[str, Province]
    districts: dict[str, District]
    new_provinces: dict[str, Province]
    # new province code -> the codes of the pre-2025 provinces it was formed from
    formed_from: dict[str, tuple[str, ...]]

    def districts_of(self, legacy_province_code: str) -> list[District]:
        return sorted(
            (d for d in self.districts.values() if d.province_code == legacy_province_code), key=lambda d: d.code
        )

    def new_province_of(self, legacy_province_code: str) -> Province:
        for new_code, olds in self.formed_from.items():
            if legacy_province_code in olds:
                return self.new_provinces[new_code]
        raise KeyError(legacy_province_code)

    def is_unchanged(self, new_province_code: str) -> bool:
        """Whether the province came through the merger as it was (same code, no partner)."""
        return self.formed_from[new_province_code] == (new_province_code,)


def _split_kind(full: str, kind: str) -> str:
    # The package spells some names with a capitalised kind ("Thị Xã Việt Yên", "Thành Phố Bắc Kạn").
    if full.lower().startswith(kind.lower() + " "):
        return full[len(kind) + 1 :].strip()
    return full


def _provinces(table: str) -> dict[str, Province]:
    rows = query(f"SELECT DISTINCT province, provinceShort, provinceCode, provinceKey FROM [{table}]")  # noqa: S608
    return {
        r["provinceCode"]: Province(
            code=r["provinceCode"],
            name=normalize(r["province"]),
            short=normalize(r["provinceShort"]),
            key=r["provinceKey"],
        )
        for r in rows
    }


@lru_cache(maxsize=1)
def admin_units() -> AdminUnits:
    """Read the package once per process (a few milliseconds)."""
    legacy = _provinces("admin_units_legacy")
    new = _provinces("admin_units")
    rows = query("SELECT DISTINCT districtCode, provinceCode, district, districtType FROM admin_units_legacy")
    districts = {
        r["districtCode"]: District(
            code=r["districtCode"],
            province_code=r["provinceCode"],
            kind=normalize(r["districtType"]),
            name=normalize(_split_kind(r["district"], r["districtType"])),
        )
        for r in rows
    }
    converter = resources.files("vietnamadminunits").joinpath("data/converter_2025.json")
    mapping: dict[str, list[str]] = json.loads(converter.read_text(encoding="utf-8"))["DICT_PROVINCE"]
    legacy_by_key = {p.key: p.code for p in legacy.values()}
    new_by_key = {p.key: p.code for p in new.values()}
    formed_from = {
        new_by_key[new_key]: tuple(sorted(legacy_by_key[k] for k in old_keys)) for new_key, old_keys in mapping.items()
    }
    return AdminUnits(legacy_provinces=legacy, districts=districts, new_provinces=new, formed_from=formed_from)
