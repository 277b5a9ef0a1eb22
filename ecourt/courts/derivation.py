"""Completing the regional-court list where the published annex could not be read.

Resolution 81/2025/UBTVQH15 names, for each of the 355 regional courts, the former district courts
whose rights and duties it inherits. No offline package carries that annex, and only parts of it
could be read from public reproductions (see data/PROVENANCE.md). ``data/regional_courts.yaml`` keeps
each regional court with a ``basis``: ``annex`` (read in a reproduction of the annex), ``inferred``
(not printed in the part we could read, but implied by the communes listed or by elimination) or
``derived`` (our grouping). This module rewrites the ``derived`` part, and only that part:

1. Provinces whose number of regional courts was read keep it. The rest of the national total (355)
   is shared among the other provinces in proportion to their number of former district courts
   (largest remainder), so the national total stays exact.
2. In each province, the former district courts not yet inherited are grouped in the order of their
   official codes, within each former province (codes run roughly by geography there), into the
   number of courts still missing, shared among the former provinces in proportion to their
   remaining district courts.

Run ``python -m ecourt courts derive-regional`` after editing the file; it prints the new file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .sources import AdminUnits

HEADER = """\
# The regional People's Courts (Tòa án nhân dân khu vực) from 1 July 2025, and the former district
# courts each one inherits (Resolution 81/2025/UBTVQH15 and its annex). Each court has a `basis`:
#   annex    - read in a public reproduction of the annex (the province's `sources`)
#   inferred - not printed in the part we could read, but implied by the communes listed or by elimination
#   derived  - our grouping, NOT the annex: see PROVENANCE.md. Replace with the annex when it is at hand,
#              then run `python -m ecourt courts derive-regional --write` to re-derive the rest.
# `count_basis` says the same of the province's number of regional courts. District codes are the
# General Statistics Office's; names are in comments only. Regional court N of province PP has code 4PPNN.
"""

ANNEX = "annex"
INFERRED = "inferred"
DERIVED = "derived"
BASES = (ANNEX, INFERRED, DERIVED)


@dataclass
class RegionalCourtEntry:
    number: int
    inherits: list[str]
    basis: str


@dataclass
class ProvinceEntry:
    code: str
    count: int
    count_basis: str
    sources: list[str] = field(default_factory=list)
    courts: list[RegionalCourtEntry] = field(default_factory=list)


def _largest_remainder(total: int, weights: dict[str, int], minimum: int = 1) -> dict[str, int]:
    """Share ``total`` among keys in proportion to ``weights``, each getting at least ``minimum`` and at
    most its weight (a court inherits at least one district court)."""
    shares = dict.fromkeys(weights, minimum)
    left = total - minimum * len(weights)
    if left < 0:
        raise ValueError(f"cannot give {len(weights)} parts at least {minimum} each out of {total}")
    spare = {k: w - minimum for k, w in weights.items()}
    spare_total = sum(spare.values())
    if left > spare_total:
        raise ValueError(f"{total} parts are more than the {sum(weights.values())} available")
    if left == 0:
        return shares
    exact = {k: left * s / spare_total for k, s in spare.items()}
    for k, x in exact.items():
        shares[k] += int(x)
    rest = left - sum(int(x) for x in exact.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - int(exact[k])), k))[:rest]:
        shares[k] += 1
    return shares


def _chunks(items: list[str], parts: int) -> list[list[str]]:
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def derive(units: AdminUnits, without_court: set[str], total: int, provinces: dict[str, ProvinceEntry]) -> None:
    """Replace the ``derived`` counts and courts in ``provinces`` (in place)."""
    court_districts = {
        code: [d.code for old in olds for d in units.districts_of(old) if d.code not in without_court]
        for code, olds in units.formed_from.items()
    }
    fixed = {code: p.count for code, p in provinces.items() if p.count_basis != DERIVED}
    open_codes = [code for code in units.formed_from if code not in fixed]
    for code in open_codes:
        provinces.setdefault(code, ProvinceEntry(code=code, count=0, count_basis=DERIVED))
    shares = _largest_remainder(total - sum(fixed.values()), {c: len(court_districts[c]) for c in open_codes})
    for code, share in shares.items():
        provinces[code].count = share

    for code, entry in provinces.items():
        kept = [c for c in entry.courts if c.basis != DERIVED]
        taken = {d for c in kept for d in c.inherits}
        missing = entry.count - len(kept)
        by_old: dict[str, list[str]] = {}
        for d in court_districts[code]:
            if d not in taken:
                by_old.setdefault(units.districts[d].province_code, []).append(d)
        if missing <= 0 or not by_old:
            entry.courts = kept
            continue
        per_old = _largest_remainder(missing, {old: len(ds) for old, ds in by_old.items()})
        number = max((c.number for c in kept), default=0)
        derived = []
        for old in sorted(by_old):
            for group in _chunks(by_old[old], per_old[old]):
                number += 1
                derived.append(RegionalCourtEntry(number=number, inherits=group, basis=DERIVED))
        entry.courts = kept + derived


def read(path: Path) -> tuple[int, dict[str, ProvinceEntry], dict[str, Any]]:
    """The raw file as entries (no validation beyond shape; the loader validates)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    provinces = {}
    for code, p in (data.get("provinces") or {}).items():
        provinces[str(code)] = ProvinceEntry(
            code=str(code),
            count=int(p["count"]),
            count_basis=p["count_basis"],
            sources=list(p.get("sources") or []),
            courts=[
                RegionalCourtEntry(number=int(c["number"]), inherits=[str(d) for d in c["inherits"]], basis=c["basis"])
                for c in p.get("courts") or []
            ],
        )
    return int(data["total"]), provinces, data


def render(units: AdminUnits, header: str, total: int, provinces: dict[str, ProvinceEntry]) -> str:
    """The file as text, with each province's and district's name in a comment for reviewers."""
    lines = [header.rstrip(), "", f"total: {total}", "", "provinces:"]
    for code in sorted(provinces):
        p = provinces[code]
        lines.append(f'  "{code}":  # {units.new_provinces[code].name}')
        lines.append(f"    count: {p.count}")
        lines.append(f"    count_basis: {p.count_basis}")
        if p.sources:
            lines.append("    sources:")
            lines.extend(f"      - {s}" for s in p.sources)
        lines.append("    courts:")
        for c in sorted(p.courts, key=lambda c: c.number):
            codes = ", ".join(f'"{d}"' for d in c.inherits)
            names = ", ".join(units.districts[d].full_name for d in c.inherits)
            lines.append(f"      - {{number: {c.number}, basis: {c.basis}, inherits: [{codes}]}}  # {names}")
    return "\n".join(lines) + "\n"
