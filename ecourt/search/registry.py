"""Corpora by name. Apps register theirs in ``<app>/search.py``, imported at start-up (apps.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .corpus import Corpus

_registry: dict[str, Corpus] = {}


def register(corpus: Corpus) -> Corpus:
    """Make ``corpus`` known by its name (to the jobs, the commands and ``search(name, …)``)."""
    known = _registry.get(corpus.name)
    if known is not None and known is not corpus:
        raise ValueError(f"search corpus {corpus.name!r} is registered twice")
    _registry[corpus.name] = corpus
    return corpus


def unregister(name: str) -> None:
    _registry.pop(name, None)


@contextmanager
def registered(corpus: Corpus) -> Iterator[Corpus]:
    """Register ``corpus`` for the duration of a block (tests declare their own corpora)."""
    register(corpus)
    try:
        yield corpus
    finally:
        unregister(corpus.name)


def get(name: str) -> Corpus:
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise KeyError(f"no search corpus named {name!r}; known: {known}") from None


def resolve(corpus: str | Corpus) -> Corpus:
    return corpus if isinstance(corpus, Corpus) else get(corpus)


def all_corpora() -> list[Corpus]:
    return [_registry[name] for name in sorted(_registry)]
