"""The curated catalogue as import records: every entry's metadata and its relations."""

from __future__ import annotations

from pathlib import Path

from ..catalogue import CATALOGUE_FILE, read_catalogue
from ..inputs import META_CATALOGUE, DocumentInput, RelationInput
from .common import catalogue_meta, digest

SOURCE = "catalogue"


def read_curated(path: Path = CATALOGUE_FILE) -> list[DocumentInput]:
    """One record per catalogue entry, checked as a whole first (see ``catalogue.read_catalogue``)."""
    catalogue = read_catalogue(path)
    by_key = {entry.key: entry for entry in catalogue.entries}
    inputs = []
    for entry in catalogue.entries:
        relations = [
            RelationInput(kind, other, catalogue_meta(by_key[other]), outgoing=True, note=f"{path.name}")
            for kind, other in entry.relations
        ]
        inputs.append(
            DocumentInput(
                source=SOURCE,
                locator=f"{SOURCE}#{entry.key}",
                where=entry.where,
                checksum=digest(repr(entry)),
                key=entry.key,
                metas=[(META_CATALOGUE, catalogue_meta(entry))],
                relations=relations,
            )
        )
    return inputs
