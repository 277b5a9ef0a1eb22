"""The import sources by name, for the command and the job: each reads and checks its input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import LawDataError
from ..inputs import DocumentInput
from .alqac import read_alqac
from .corpus import read_corpus
from .curated import read_curated
from .files import read_file
from .gazette import read_gazette


def _needs_path(kind: str) -> Callable[[Path | None], list[DocumentInput]]:
    def read(path: Path | None) -> list[DocumentInput]:
        if path is None:
            raise LawDataError(f"'{kind}' needs the path of a file")
        return [read_file(path, kind=kind)]

    return read


READERS: dict[str, Callable[[Path | None], list[DocumentInput]]] = {
    "catalogue": lambda path: read_curated(path) if path else read_curated(),
    "alqac": read_alqac,
    "corpus": read_corpus,
    "gazette": read_gazette,
    "text": _needs_path("text"),
    "docx": _needs_path("docx"),
}
ALL = ("catalogue", "alqac", "corpus", "gazette")


def read_source(source: str, path: Path | None = None) -> list[DocumentInput]:
    """The checked inputs of ``source`` (see READERS); nothing is written."""
    if source not in READERS:
        raise LawDataError(f"unknown source {source!r}; known: {', '.join(READERS)}")
    return READERS[source](path)
