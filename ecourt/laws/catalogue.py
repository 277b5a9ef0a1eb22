"""The curated catalogue (``data/catalogue.yaml``): documents the shared data names without their
metadata, checked entry by entry; every error names the file and the entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ecourt.vietnamese import fold

from .errors import LawDataError
from .models import DocumentType
from .parsing.numbering import document_key

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue.yaml"
_FIELDS = {
    "key",
    "number",
    "type",
    "title",
    "short_title",
    "issuer",
    "signer",
    "issued_on",
    "effective_from",
    "effective_to",
    "aliases",
    "source_names",
    "replaces",
    "amends",
    "consolidates",
}
_RELATIONS = ("replaces", "amends", "consolidates")


@dataclass(frozen=True)
class Entry:
    key: str
    number: str
    doc_type: str
    title: str
    short_title: str = ""
    issuer: str = ""
    signer: str = ""
    issued_on: datetime.date | None = None
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    aliases: tuple[str, ...] = ()
    source_names: tuple[str, ...] = ()
    relations: tuple[tuple[str, str], ...] = ()  # (kind, key of the other entry)
    where: str = ""


@dataclass
class Catalogue:
    entries: list[Entry] = field(default_factory=list)

    def by_key(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)

    def by_number(self, number: str) -> Entry | None:
        return next((e for e in self.entries if e.number == number), None)

    def by_source_name(self, name: str) -> Entry | None:
        """The entry a source names ("Bộ luật dân sự", "91/2015/QH13"), compared without diacritics."""
        folded = fold(name.strip())
        for entry in self.entries:
            if folded in {fold(n) for n in entry.source_names} or (entry.number and fold(entry.number) == folded):
                return entry
        return None


def _date(value: Any, name: str, where: str) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise LawDataError(f"{where}: {name} must be a date (YYYY-MM-DD), not {value!r}")
    return value


def _texts(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LawDataError(f"{where}: {name} must be a list of texts")
    return tuple(v.strip() for v in value)


def _entry(raw: Any, where: str) -> tuple[Entry, dict[str, tuple[str, ...]]]:
    if not isinstance(raw, dict):
        raise LawDataError(f"{where}: expected a mapping")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise LawDataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    doc_type = raw.get("type")
    if doc_type not in DocumentType.values:
        raise LawDataError(f"{where}: type must be one of {', '.join(DocumentType.values)}, not {doc_type!r}")
    title, number = raw.get("title"), raw.get("number", "")
    if not isinstance(title, str) or not title.strip():
        raise LawDataError(f"{where}: title is required")
    if not isinstance(number, str):
        raise LawDataError(f"{where}: number must be a text in quotes, not {number!r}")
    issued_on = _date(raw.get("issued_on"), "issued_on", where)
    key = raw.get("key") or document_key(number, doc_type, issued_on.year if issued_on else None, title)
    if not number and not raw.get("key"):
        raise LawDataError(f"{where}: a document without a number needs a key")
    entry = Entry(
        key=str(key),
        number=number.strip(),
        doc_type=doc_type,
        title=" ".join(title.split()),
        short_title=str(raw.get("short_title") or ""),
        issuer=str(raw.get("issuer") or ""),
        signer=str(raw.get("signer") or ""),
        issued_on=issued_on,
        effective_from=_date(raw.get("effective_from"), "effective_from", where),
        effective_to=_date(raw.get("effective_to"), "effective_to", where),
        aliases=_texts(raw.get("aliases"), "aliases", where),
        source_names=_texts(raw.get("source_names"), "source_names", where),
        where=where,
    )
    if entry.effective_from and entry.effective_to and entry.effective_to <= entry.effective_from:
        raise LawDataError(f"{where}: effective_to {entry.effective_to} is not after {entry.effective_from}")
    return entry, {kind: _texts(raw.get(kind), kind, where) for kind in _RELATIONS}


class _Loader(yaml.SafeLoader):
    """A safe loader that reports an impossible date ("2020-02-30") with its line, as YAML errors are."""

    def construct_day(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a day ({exc})", node.start_mark
            ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_day)


def read_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """The catalogue, checked: fields, types, dates, unique keys and names, relations to known entries."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except OSError as exc:
        raise LawDataError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise LawDataError(f"{path.name}:{where} {getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise LawDataError(f"{path.name}: expected 'documents:' with a list of entries")
    entries: list[tuple[Entry, dict[str, tuple[str, ...]]]] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(data["documents"], 1):
        label = raw.get("number") or raw.get("key") if isinstance(raw, dict) else None
        where = f"{path.name}: documents[{i}]" + (f" ({label})" if label else "")
        entry, relations = _entry(raw, where)
        for name in (entry.key, *(fold(n) for n in entry.source_names)):
            if name in seen:
                raise LawDataError(f"{where}: {name!r} is already used by {seen[name]}")
            seen[name] = where
        entries.append((entry, relations))
    by_ref = {e.key: e for e, _ in entries} | {e.number: e for e, _ in entries if e.number}
    result = []
    for entry, relations in entries:
        resolved = []
        for kind, refs in relations.items():
            for ref in refs:
                if ref not in by_ref:
                    raise LawDataError(f"{entry.where}: {kind} {ref!r}, which is not in the catalogue")
                resolved.append((kind, by_ref[ref].key))
        result.append(Entry(**{**entry.__dict__, "relations": tuple(resolved)}))
    return Catalogue(result)


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the code (read once per process)."""
    return read_catalogue()
