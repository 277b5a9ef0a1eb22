"""The ALQAC law files: ``alqac-2022/law.json``, ``alqac-2023/law.json``, ``alqac-2024/law.json`` and
``alqac-2025/law_by_document/*.json``.

2022 names its laws by number ("91/2015/QH13"), 2023 to 2025 by name ("Bộ luật dân sự"); the catalogue
maps both to a document, so a law in several releases is one document whose articles keep one reading
per distinct text. A 2022 document's ``articles`` may also come as a Python literal in a string (the
organisers' first release did so); it is read with ``ast.literal_eval``, never executed. Every record
is checked before anything is written; errors name the file, the document and the article.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from ..catalogue import CATALOGUE_FILE, Catalogue
from ..errors import LawDataError
from ..inputs import DocumentInput
from .common import article_lines, canonical, digest, law_input, parse_articles, read_json, shared_data

_YEAR = re.compile(r"alqac-(20\d\d)")


def _source_label(path: Path) -> str:
    for part in reversed(path.resolve().parts):
        match = _YEAR.fullmatch(part)
        if match:
            return f"alqac-{match.group(1)}"
    raise LawDataError(f"{path}: cannot tell which ALQAC release this is (expected a folder named alqac-YYYY)")


def alqac_files(path: Path | None = None) -> list[Path]:
    """The ALQAC law files under ``path``: the shared data folder, one release's folder, or one file."""
    root = path or shared_data()
    if root.is_file():
        return [root]
    if not root.exists():
        raise LawDataError(f"{root}: no such file or folder")
    releases = sorted(root.glob("alqac-20[0-9][0-9]")) if not _YEAR.fullmatch(root.name) else [root]
    files: list[Path] = []
    for release in releases:
        files += [release / "law.json"] if (release / "law.json").exists() else []
        files += sorted((release / "law_by_document").glob("*.json"))
    if not files:
        raise LawDataError(f"{root}: no ALQAC law files (law.json or law_by_document/*.json) here")
    return files


def _records(raw: Any, where: str) -> list[tuple[str, str]]:
    """(article id, text) pairs from a document's ``articles`` (a list, or a Python literal in a string)."""
    if isinstance(raw, str):
        try:
            raw = ast.literal_eval(raw)
        except (ValueError, SyntaxError) as exc:
            raise LawDataError(f"{where}: 'articles' is a string but not a Python list literal ({exc})") from exc
    if not isinstance(raw, list):
        raise LawDataError(f"{where}: 'articles' must be a list of {{'id', 'text'}}")
    records = []
    for i, item in enumerate(raw, 1):
        if isinstance(item, dict) and set(item) == {"id", "text"}:
            pairs = [(item["id"], item["text"])]
        elif isinstance(item, dict) and len(item) >= 1 and "text" not in item:
            pairs = list(item.items())  # 2025: [{"1": "text"}, …]
        else:
            raise LawDataError(f"{where}: article #{i} must be {{'id', 'text'}} or {{'<id>': '<text>'}}")
        for article_id, text in pairs:
            if not isinstance(article_id, str) or not isinstance(text, str):
                raise LawDataError(f"{where}: article #{i}: id and text must be strings")
            records.append((article_id.strip(), text))
    return records


def _documents(path: Path) -> list[tuple[str, Any, str]]:
    """(law id, articles, where) for each document in the file."""
    data = read_json(path)
    if path.parent.name == "law_by_document":
        return [(path.stem, data, f"{path.name}")]
    if not isinstance(data, list):
        raise LawDataError(f"{path.name}: expected a list of documents")
    documents = []
    for i, doc in enumerate(data, 1):
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or "articles" not in doc:
            raise LawDataError(f"{path.name}: document {i}: expected {{'id': …, 'articles': […]}}")
        documents.append((doc["id"], doc["articles"], f"{path.name}: document {i} ({doc['id']})"))
    return documents


def read_alqac(path: Path | None = None, *, catalogue: Catalogue | None = None) -> list[DocumentInput]:
    """Every ALQAC law under ``path``, checked; nothing is written here."""
    from ..catalogue import catalogue as shipped

    cat = catalogue or shipped()
    inputs: list[DocumentInput] = []
    for file in alqac_files(path):
        source = _source_label(file)
        for law_id, raw, where in _documents(file):
            entry = cat.by_source_name(law_id)
            if entry is None:
                raise LawDataError(
                    f"{where}: {law_id!r} is not in the catalogue ({CATALOGUE_FILE.name}): add it with its number "
                    "and dates"
                )
            records = _records(raw, where)
            if not records:
                raise LawDataError(f"{where}: the document has no articles")
            lines, _ = article_lines(records, where)
            body = parse_articles(lines, embedded_articles=True)
            inputs.append(
                law_input(source=source, where=where, entry=entry, body=body, checksum=digest(canonical(records)))
            )
    return inputs
