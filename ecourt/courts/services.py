"""Writing the court map: ``load_courts`` makes the database say what the catalogue says.

The load is idempotent (courts are matched on their code, successions on the pair of courts, parent
periods on the court and end date, departments on the court and kind; a second run changes nothing)
and transactional (the catalogue is checked before any write, and every write happens in one
transaction, so a bad file or a refused row leaves the database as it was). It works in bulk, a few
queries per table, so the demo start that runs it stays within seconds.

Rows the catalogue does not name are left alone: a court record is never deleted (cases refer to it
for ever), and a department may hold cases. Successions and parent periods of the courts the
catalogue manages are replaced, so a corrected data file corrects the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from tqdm import tqdm

from .catalogue import build
from .datafiles import COURTS_FILE, REGIONAL_FILE
from .models import Court, CourtParentPeriod, CourtSuccession, Department
from .sources import admin_units
from .specs import Catalogue, CourtDataError

_COURT_FIELDS = [
    "name",
    "short_name",
    "name_en",
    "level",
    "province",
    "valid_from",
    "valid_to",
    "legal_basis",
    "search_key",
]
_BATCH = 500


@dataclass
class TableReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.deleted} removed, {self.unchanged} unchanged"


@dataclass
class LoadReport:
    courts: TableReport = field(default_factory=TableReport)
    parents: TableReport = field(default_factory=TableReport)
    successions: TableReport = field(default_factory=TableReport)
    parent_periods: TableReport = field(default_factory=TableReport)
    departments: TableReport = field(default_factory=TableReport)
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        tables = (self.courts, self.parents, self.successions, self.parent_periods, self.departments)
        return any(t.created or t.updated or t.deleted for t in tables)


def load_courts(
    *, courts_file: Path = COURTS_FILE, regional_file: Path = REGIONAL_FILE, progress: bool = True
) -> LoadReport:
    """Load (or refresh) every court, succession, earlier parent and department of the court map."""
    catalogue = build(admin_units(), courts_file, regional_file)
    total = (
        len(catalogue.courts) * 2
        + len(catalogue.successions)
        + len(catalogue.parent_periods)
        + len(catalogue.departments)
    )
    with tqdm(total=total, desc="Courts", unit="row", disable=not progress) as bar:
        try:
            with transaction.atomic():
                return _write(catalogue, bar)
        except IntegrityError as exc:
            raise CourtDataError(f"the database refused the court data: {exc}") from exc


def _write(cat: Catalogue, bar: Any) -> LoadReport:
    report = LoadReport(levels={level: cat.count(level) for level in {c.level for c in cat.courts}})
    existing = {c.code: c for c in Court.objects.all()}
    create, update = [], []
    for spec in cat.courts:
        known = existing.get(spec.code)
        court = known or Court(code=spec.code)
        before = [getattr(court, f) for f in _COURT_FIELDS]
        for f in _COURT_FIELDS[:-1]:
            setattr(court, f, getattr(spec, f))
        court.normalize_fields()
        if known is None:
            create.append(court)
        elif before != [getattr(court, f) for f in _COURT_FIELDS]:
            update.append(court)
    Court.objects.bulk_create(create, batch_size=_BATCH)
    Court.objects.bulk_update(update, _COURT_FIELDS, batch_size=_BATCH)
    report.courts = TableReport(len(create), len(update), 0, len(cat.courts) - len(create) - len(update))
    bar.update(len(cat.courts))

    ids = dict(Court.objects.filter(code__in=[c.code for c in cat.courts]).values_list("code", "id"))
    report.parents = _set_parents(cat, ids)
    bar.update(len(cat.courts))
    report.successions = _sync_successions(cat, ids)
    bar.update(len(cat.successions))
    report.parent_periods = _sync_parent_periods(cat, ids)
    bar.update(len(cat.parent_periods))
    report.departments = _sync_departments(cat, ids)
    bar.update(len(cat.departments))
    return report


def _set_parents(cat: Catalogue, ids: dict[str, int]) -> TableReport:
    current = dict(Court.objects.filter(id__in=ids.values()).values_list("id", "parent_id"))
    changed = []
    for spec in cat.courts:
        wanted = ids[spec.parent] if spec.parent else None
        if current[ids[spec.code]] != wanted:
            changed.append(Court(id=ids[spec.code], parent_id=wanted))
    Court.objects.bulk_update(changed, ["parent"], batch_size=_BATCH)
    return TableReport(0, len(changed), 0, len(cat.courts) - len(changed))


def _sync(
    model: Any,
    wanted: dict[tuple[Any, ...], dict[str, Any]],
    existing: Iterable[Any],
    key: tuple[str, ...],
    *,
    delete_extra: bool,
) -> TableReport:
    """Make ``model``'s rows among ``existing`` equal ``wanted`` (key -> field values)."""
    report = TableReport()
    have = {tuple(getattr(row, k) for k in key): row for row in existing}
    create, update, remove = [], [], []
    for k, values in wanted.items():
        row = have.get(k)
        if row is None:
            create.append(model(**dict(zip(key, k, strict=True)), **values))
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            update.append(row)
    if delete_extra:
        remove = [row.pk for k, row in have.items() if k not in wanted]
        model.objects.filter(pk__in=remove).delete()
    model.objects.bulk_create(create, batch_size=_BATCH)
    fields = sorted({f for values in wanted.values() for f in values})
    if update:
        model.objects.bulk_update(update, fields, batch_size=_BATCH)
    report.created, report.updated, report.deleted = len(create), len(update), len(remove)
    report.unchanged = len(wanted) - len(create) - len(update)
    return report


def _sync_successions(cat: Catalogue, ids: dict[str, int]) -> TableReport:
    wanted = {
        (ids[s.predecessor], ids[s.successor]): {
            "effective_on": s.effective_on,
            "kind": s.kind,
            "primary": True,
            "legal_basis": s.legal_basis,
        }
        for s in cat.successions
    }
    existing = CourtSuccession.objects.filter(predecessor_id__in=ids.values())
    return _sync(CourtSuccession, wanted, existing, ("predecessor_id", "successor_id"), delete_extra=True)


def _sync_parent_periods(cat: Catalogue, ids: dict[str, int]) -> TableReport:
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {
        (ids[p.court], p.valid_to): {
            "parent_id": ids[p.parent],
            "valid_from": p.valid_from,
            "legal_basis": p.legal_basis,
        }
        for p in cat.parent_periods
    }
    existing = CourtParentPeriod.objects.filter(court_id__in=ids.values())
    return _sync(CourtParentPeriod, wanted, existing, ("court_id", "valid_to"), delete_extra=True)


def _sync_departments(cat: Catalogue, ids: dict[str, int]) -> TableReport:
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {
        (ids[d.court], d.kind): {"name": d.name, "valid_from": d.valid_from, "valid_to": d.valid_to}
        for d in cat.departments
    }
    existing = Department.objects.filter(court_id__in=ids.values())
    return _sync(Department, wanted, existing, ("court_id", "kind"), delete_extra=False)
