"""The process's open indexes: one reader per corpus, opened, reloaded and re-opened as the disk changes.

Each search checks, with stat() calls: the ``current`` link (a rebuild swapped the index: open the new
one, with the analyzers registered again, as Tantivy does not persist them) and each shard's
``meta.json`` (another process committed: reload that shard's reader).
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
    paths: list[Path]  # one per shard
    indexes: list[tantivy.Index]  # one per shard (storage.shard_paths), documents routed by shards.shard_of
    metas: list[tuple[int, int, int]]

    @property
    def schema(self) -> tantivy.Schema:
        return self.indexes[0].schema  # every shard has the same

    def refresh(self) -> None:
        """Reload the shards that another writer committed to since the last look."""
        for k, path in enumerate(self.paths):
            meta = _meta_key(path)
            if meta != self.metas[k]:
                self.indexes[k].reload()
                self.metas[k] = meta


_handles: dict[Path, Handle] = {}
_handles_lock = threading.Lock()


def _meta_key(path: Path) -> tuple[int, int, int]:
    # Tantivy replaces meta.json on each commit (new inode), so this changes with every commit.
    try:
        st = os.stat(path / "meta.json")
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def open_shard(path: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(path))
    register_analyzers(index)
    index.config_reader("Manual")  # reloaded on demand (see reader()), no watcher thread per index
    return index


def _open(generation: str, path: Path, corpus: Corpus) -> Handle:
    paths = storage.shard_paths(path, storage.check_marker(path, corpus))
    indexes = [open_shard(p) for p in paths]
    for index in indexes:
        index.reload()
    return Handle(generation, corpus.fingerprint(), paths, indexes, [_meta_key(p) for p in paths])


def close_readers() -> None:
    """Forget this process's open indexes (after a fork, or in tests); the next search opens them again."""
    with _handles_lock:
        _handles.clear()


def _create_empty(corpus: Corpus) -> None:
    cdir = storage.corpus_dir(corpus)
    with storage.writer_lock(corpus):
        if storage.current_generation(cdir) is not None:
            return
        shards = storage.configured_shards(corpus)
        path = storage.new_generation(cdir, corpus, shards)
        for shard in storage.shard_paths(path, shards):
            index = tantivy.Index(build_schema(corpus), path=str(shard))
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
                    handle = _open(generation, path, corpus)
                    _handles[cdir] = handle
                elif handle.fingerprint != corpus.fingerprint():
                    storage.check_marker(path, corpus)  # the declaration changed in this process (tests, reload)
                    handle.fingerprint = corpus.fingerprint()
                handle.refresh()
            except ValueError:
                # A rebuild removed this generation between readlink and open: read the link again.
                if attempt == 2:
                    raise
                continue
            return handle
    raise storage.SearchBusyError(f"search corpus {corpus.name}: the index could not be opened")
