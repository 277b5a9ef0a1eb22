"""The process's open indexes: one reader per corpus, opened, reloaded and re-opened as the disk changes.

Each search checks two things, each a stat() call: the ``current`` link (a rebuild swapped the index:
open the new one, with the analyzers registered again, as Tantivy does not persist them) and
``meta.json`` (another process committed: reload the reader).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import tantivy

from . import storage
from .analysis import build_schema, register_analyzers
from .corpus import Corpus

# Writer memory for the updates of a job (Tantivy needs at least 15 MB per thread).
UPDATE_HEAP = 50_000_000


@dataclass
class Handle:
    generation: str
    fingerprint: str  # of the declaration the index was checked against
    index: tantivy.Index
    meta: tuple[int, int, int]


_handles: dict[Path, Handle] = {}
_handles_lock = threading.Lock()


def _meta_key(path: Path) -> tuple[int, int, int]:
    # Tantivy replaces meta.json on each commit (new inode), so this changes with every commit.
    try:
        st = os.stat(path / "meta.json")
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _open_index(path: Path, corpus: Corpus) -> tantivy.Index:
    storage.check_marker(path, corpus)
    index = tantivy.Index.open(str(path))
    register_analyzers(index)
    index.config_reader("Manual")  # reloaded on demand (see reader()), no watcher thread per index
    return index


def close_readers() -> None:
    """Forget this process's open indexes (after a fork, or in tests); the next search opens them again."""
    with _handles_lock:
        _handles.clear()


def _create_empty(corpus: Corpus) -> None:
    cdir = storage.corpus_dir(corpus)
    with storage.writer_lock(corpus):
        if storage.current_generation(cdir) is not None:
            return
        path = storage.new_generation(cdir, corpus)
        index = tantivy.Index(build_schema(corpus), path=str(path))
        register_analyzers(index)
        writer = index.writer(UPDATE_HEAP, 1)
        writer.commit()
        writer.wait_merging_threads()
        storage.swap_current(cdir, path)


def reader(corpus: Corpus) -> Handle:
    """The process's reader of the live index, opened or reloaded when the disk says it changed."""
    cdir = storage.corpus_dir(corpus)
    for attempt in range(3):
        generation = storage.current_generation(cdir)
        if generation is None:
            _create_empty(corpus)
            continue
        path = cdir / generation
        if not path.is_dir():
            continue  # a rebuild swapped and removed it between the two calls: read the link again
        with _handles_lock:
            handle = _handles.get(cdir)
            try:
                if handle is None or handle.generation != generation:
                    handle = Handle(generation, corpus.fingerprint(), _open_index(path, corpus), _meta_key(path))
                    handle.index.reload()
                    _handles[cdir] = handle
                elif handle.fingerprint != corpus.fingerprint():
                    storage.check_marker(path, corpus)  # the declaration changed in this process (tests, reload)
                    handle.fingerprint = corpus.fingerprint()
                meta = _meta_key(path)
                if meta != handle.meta:
                    handle.index.reload()
                    handle.meta = meta
            except ValueError:
                # A rebuild removed this generation between readlink and open: read the link again.
                if attempt == 2:
                    raise
                continue
            return handle
    raise storage.SearchBusyError(f"search corpus {corpus.name}: the index could not be opened")
