"""Registering precedents: one record at a time (the admin) or a file of them (``precedents import FILE``).

A record is validated whole before anything is written and written in its own transaction: a bad record
is reported with its line and leaves the database as it was, the good ones around it are written.
Importing the same file twice changes nothing the second time (records are matched by number).

Registering a precedent attaches the citations already recorded with its number ("Án lệ số 08/2016/AL"
in a judgment linked before the precedent was registered) without relinking their texts, and refreshes
the search entries of its source judgment (the ``precedent`` field); removing it detaches them again.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from ecourt.citations.models import CitationLink, CitationStatus
from ecourt.judgments.models import Judgment
from ecourt.search import engine

from .models import Precedent, PrecedentStatus, default_effective_on
from .numbers import NumberError, normalize_number

# The fields a record may give; ``number`` and ``title`` are required.
FIELDS = (
    "number",
    "title",
    "principle",
    "content",
    "adopted_on",
    "decision",
    "published_on",
    "effective_on",
    "status",
    "abolished_on",
    "abolished_by",
    "source_judgment",  # the id of the judgment in the system, or empty (matched by source_number)
    "source_number",
    "source_court",
)
_DATES = ("adopted_on", "published_on", "effective_on", "abolished_on")
_TEXTS = ("title", "decision", "abolished_by", "source_number", "source_court")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 06/04/2016, as the decisions write days


class RecordError(ValueError):
    pass


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "line 12: …"
    citations_attached: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "citations_attached": self.citations_attached,
        }


# ------------------------------------------------------------------------------------------ reading


def read_records(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(line, record) of a YAML (a list of mappings, or ``precedents:`` holding one) or CSV file (a
    header row); ``name`` decides which by its ending (.csv, else YAML). ``RecordError`` when the file as a
    whole cannot be read."""
    if name.lower().endswith(".csv"):
        return _read_csv(text)
    return _read_yaml(text)


def _read_csv(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    unknown = [f for f in reader.fieldnames or [] if f and f.strip() not in FIELDS]
    if unknown:
        raise RecordError(_("line 1: unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    out = []
    for row in reader:
        record = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if any(record.values()):
            out.append((reader.line_num, record))
    return out


def _read_yaml(text: str) -> list[tuple[int, dict[str, Any]]]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return []
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise RecordError(str(exc)) from exc
    finally:
        loader.dispose()
    if isinstance(data, dict) and "precedents" in data:
        items = next(v for k, v in node.value if k.value == "precedents")
        data = data["precedents"]
    else:
        items = node
    if not isinstance(data, list) or not isinstance(items, yaml.SequenceNode):
        raise RecordError(_("line %(line)d: expected a list of precedents") % {"line": node.start_mark.line + 1})
    return [(item.start_mark.line + 1, value) for item, value in zip(items.value, data, strict=True)]


# ------------------------------------------------------------------------------------------ validating


def clean_record(record: Any) -> dict[str, Any]:
    """The model's values from one record; ``RecordError`` naming the first problem."""
    if not isinstance(record, dict):
        raise RecordError(_("a precedent must be a mapping of fields"))
    unknown = sorted(str(k) for k in record if k not in FIELDS)
    if unknown:
        raise RecordError(_("unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    try:
        number = normalize_number(str(record.get("number") or ""))
    except NumberError as exc:
        raise RecordError(str(exc)) from exc
    values: dict[str, Any] = {"number": number}
    for name in _TEXTS:  # one line each: spacing normalized
        values[name] = " ".join(str(record.get(name) or "").split())
    for name in ("principle", "content"):  # paragraphs kept
        values[name] = str(record.get(name) or "").strip()
    if not values["title"]:
        raise RecordError(_("%(number)s: title is required") % {"number": number})
    for name in _DATES:
        values[name] = _day(record.get(name), name)
    status = str(record.get("status") or "").strip().lower() or (
        PrecedentStatus.ABOLISHED if values["abolished_on"] else PrecedentStatus.IN_FORCE
    )
    if status not in PrecedentStatus.values:
        raise RecordError(
            _("status %(status)r: one of %(choices)s")
            % {"status": status, "choices": ", ".join(PrecedentStatus.values)}
        )
    values["status"] = status
    if status == PrecedentStatus.IN_FORCE and (values["abolished_on"] or values["abolished_by"]):
        raise RecordError(_("%(number)s: abolished_on or abolished_by given, status is in_force") % {"number": number})
    if values["published_on"] and values["adopted_on"] and values["published_on"] < values["adopted_on"]:
        raise RecordError(_("%(number)s: published before it was adopted") % {"number": number})
    values["source_judgment"] = _source(record.get("source_judgment"), values["source_number"])
    return values


def _day(value: Any, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise RecordError(
            _("%(field)s %(value)r is not a day (YYYY-MM-DD or DD/MM/YYYY)") % {"field": name, "value": value}
        ) from exc


def _source(value: Any, source_number: str) -> Judgment | None:
    """The source judgment: by id when given, else the one judgment in the system with that number."""
    if value not in (None, ""):
        try:
            pk = int(value)
        except (TypeError, ValueError) as exc:
            raise RecordError(_("source_judgment %(value)r is not a judgment id") % {"value": value}) from exc
        judgment = Judgment.objects.filter(pk=pk).first()
        if judgment is None:
            raise RecordError(_("source_judgment %(id)d: no such judgment") % {"id": pk})
        return judgment
    if source_number:
        matches = list(Judgment.objects.filter(number=source_number)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


# ------------------------------------------------------------------------------------------ writing


def register(values: dict[str, Any]) -> tuple[Precedent, str, int]:
    """Create or update the precedent of ``values["number"]`` (cleaned by ``clean_record``) and attach the
    citations of its number: the precedent, "created", "updated" or "unchanged", and citations attached."""
    with transaction.atomic():
        precedent = Precedent.objects.select_for_update().filter(number=values["number"]).first()
        if precedent is None:
            precedent = Precedent(**values)
            outcome = "created"
            old_source = None
        else:
            wanted = dict(values)
            if wanted["effective_on"] is None:
                # the default the model would compute: an unchanged record must compare equal
                wanted["effective_on"] = default_effective_on(wanted["published_on"])
            changed = {k: v for k, v in wanted.items() if getattr(precedent, k) != v}
            if not changed:
                return precedent, "unchanged", attach_citations(precedent)
            old_source = precedent.source_judgment_id
            for name, value in values.items():
                setattr(precedent, name, value)
            outcome = "updated"
        precedent.save()
        attached = attach_citations(precedent)
        reindex_source(precedent, old_source)
    return precedent, outcome, attached


def attach_citations(precedent: Precedent) -> int:
    """Point the recorded citations of its number at it (resolved), without relinking the texts."""
    rows = CitationLink.objects.filter(cited_number=precedent.number).exclude(target_precedent=precedent)
    return rows.update(target_precedent=precedent, resolved=True, status=CitationStatus.RESOLVED, reason="")


def reindex_source(precedent: Precedent, old_source_id: int | None = None) -> None:
    """The search entries of its source judgment (and of a former one) show its precedent status; the
    precedent's own entry in the "precedents" corpus is refreshed too (the assistant reads it)."""
    engine.index_later("judgments", [i for i in (old_source_id, precedent.source_judgment_id) if i])
    engine.index_later("precedents", [precedent.pk])


def detach_citations(precedents: Iterable[Precedent]) -> int:
    """Before precedents are removed: their citations back to "not in the corpus", their number kept."""
    total = 0
    for precedent in precedents:
        total += (
            CitationLink.objects.filter(target_precedent=precedent)
            .filter(target_document__isnull=True)
            .update(
                target_precedent=None,
                resolved=False,
                status=CitationStatus.NO_DOCUMENT,
                reason=f"precedent {precedent.number} is not registered"[:300],
            )
        )
        engine.index_later("judgments", [precedent.source_judgment_id] if precedent.source_judgment_id else [])
    return total


def delete_precedents(precedents: Iterable[Precedent]) -> None:
    with transaction.atomic():
        rows = list(precedents)
        ids = [p.pk for p in rows]
        detach_citations(rows)
        for precedent in rows:
            precedent.delete()
        # An id the corpus no longer yields leaves the index.
        engine.index_later("precedents", ids)


def import_records(records: list[tuple[int, Any]]) -> ImportResult:
    """Each record validated and written on its own (see the module's docstring)."""
    result = ImportResult()
    seen: dict[str, int] = {}
    for line, record in records:
        try:
            values = clean_record(record)
            if values["number"] in seen:
                raise RecordError(
                    _("%(number)s is already on line %(line)d")
                    % {"number": values["number"], "line": seen[values["number"]]}
                )
            seen[values["number"]] = line
            precedent, outcome, attached = register(values)
        except RecordError as exc:
            result.errors.append(_("line %(line)d: %(error)s") % {"line": line, "error": exc})
            continue
        result.citations_attached += attached
        getattr(result, outcome).append(precedent.number)
    return result


def import_file(text: str, name: str) -> ImportResult:
    try:
        records = read_records(text, name)
    except RecordError as exc:
        return ImportResult(errors=[f"{name}: {exc}"])
    return import_records(records)
