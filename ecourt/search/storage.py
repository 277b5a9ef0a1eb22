"""Where a corpus's indexes live on disk, and the locks that keep one writer at a time.

    SEARCH_DIR/<corpus>/
        current -> gen-<time>-<random>   symlink to the live Tantivy index, swapped atomically by a rebuild
        gen-<time>-<random>/             a Tantivy index (+ ecourt-corpus.json: which declaration built it, and
                                         how many shards); with SEARCH_SHARDS > 1, one Tantivy index per
                                         shard in shard-0/, shard-1/, … (documents routed by shard_of(id))
        writer.lock                      flock held by whoever writes (Tantivy allows one writer per index)
        rebuild.lock                     flock held by a running rebuild (one at a time)
        vectors.lock                     flock held while vectors.npz is rewritten
        rebuild.journal                  ids written while a rebuild runs, replayed into the new index
        vectors.npz                      the faiss vector index (vectors.py)

A crash at any point leaves ``current`` pointing at a complete index: a rebuild writes a new generation
beside it and only then swaps the link (rename(2) is atomic); leftovers are removed by the next rebuild.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .corpus import Corpus

CURRENT = "current"
GEN_PREFIX = "gen-"
MARKER = "ecourt-corpus.json"
JOURNAL = "rebuild.journal"
WRITER_LOCK = "writer.lock"
REBUILD_LOCK = "rebuild.lock"
VECTOR_LOCK = "vectors.lock"
# How long a writer waits for another one before giving up (a rebuild holds the lock only for its swap).
WRITER_LOCK_TIMEOUT = 120.0

# flock() serialises processes and, because each acquisition opens its own file description, threads.
# The thread lock keeps one process's threads from spinning on each other's flock.
_thread_locks: dict[Path, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


class SearchBusyError(RuntimeError):
    """Another writer or rebuild holds the corpus's lock."""


class IndexOutdatedError(RuntimeError):
    """The index on disk was built from another declaration of the corpus: it must be rebuilt."""


def search_dir() -> Path:
    return Path(settings.SEARCH_DIR)


def corpus_dir(corpus: Corpus) -> Path:
    return search_dir() / corpus.name


def current_generation(cdir: Path) -> str | None:
    try:
        return os.readlink(cdir / CURRENT)
    except FileNotFoundError:
        return None


def configured_shards(corpus: Corpus) -> int:
    """How many shards the next rebuild of ``corpus`` writes (settings.SEARCH_SHARDS; 1 unless named)."""
    return int(settings.SEARCH_SHARDS.get(corpus.name, 1))


def shard_paths(generation: Path, shards: int) -> list[Path]:
    """The Tantivy index directories of a generation: itself when unsharded (the layout before shards)."""
    if shards == 1:
        return [generation]
    return [generation / f"shard-{k}" for k in range(shards)]


def new_generation(cdir: Path, corpus: Corpus, shards: int = 1) -> Path:
    """An empty directory for a new index, with the marker saying which declaration it follows."""
    cdir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    path = cdir / f"{GEN_PREFIX}{stamp}-{secrets.token_hex(4)}"
    path.mkdir()
    for shard in shard_paths(path, shards):
        shard.mkdir(exist_ok=True)
    marker = {
        "corpus": corpus.name,
        "fingerprint": corpus.fingerprint(),
        "created": timezone.now().isoformat(),
        "shards": shards,
    }
    (path / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return path


def check_marker(path: Path, corpus: Corpus) -> int:
    """Check that the generation at ``path`` follows the corpus's declaration; return its number of shards."""
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexOutdatedError(
            f"search index {path} has no readable {MARKER}; run `python -m ecourt search rebuild {corpus.name}`"
        ) from exc
    if marker.get("fingerprint") != corpus.fingerprint():
        raise IndexOutdatedError(
            f"the fields of search corpus {corpus.name!r} changed since its index was built; "
            f"run `python -m ecourt search rebuild {corpus.name}`"
        )
    shards = marker.get("shards", 1)  # generations written before shards have none: one index
    if not isinstance(shards, int) or shards < 1:
        raise IndexOutdatedError(f"search index {path}: bad shard count {shards!r} in {MARKER}")
    return shards


def is_outdated(corpus: Corpus) -> bool:
    """Whether the corpus has no live index, or one built for other fields (or an older schema version),
    or split into another number of shards than SEARCH_SHARDS says."""
    generation = current_generation(corpus_dir(corpus))
    if generation is None:
        return True
    try:
        shards = check_marker(corpus_dir(corpus) / generation, corpus)
    except IndexOutdatedError:
        return True
    return shards != configured_shards(corpus)


def swap_current(cdir: Path, generation: Path) -> str | None:
    """Point ``current`` at ``generation`` atomically; return the generation it pointed at before."""
    previous = current_generation(cdir)
    tmp = cdir / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(generation.name, tmp)
    os.replace(tmp, cdir / CURRENT)
    _fsync_dir(cdir)
    return previous


def remove_generations(cdir: Path, *, keep: Collection[str]) -> list[str]:
    """Delete index generations other than ``keep`` (a crashed rebuild's, or the one just replaced).

    Processes that still have a removed index open keep reading it: POSIX keeps unlinked files alive
    while they are mapped, and each search checks ``current`` first, so the next one opens the new index.
    """
    removed = []
    for child in cdir.iterdir():
        if child.name.startswith(GEN_PREFIX) and child.name not in keep and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    return removed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _thread_lock(path: Path) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(path, threading.Lock())


@contextlib.contextmanager
def file_lock(path: Path, *, timeout: float | None) -> Iterator[None]:
    """Hold an exclusive flock on ``path``; ``timeout=0`` fails at once, ``None`` waits forever."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tlock = _thread_lock(path)
    if not tlock.acquire(timeout=-1 if timeout is None else timeout):
        raise SearchBusyError(f"{path} is held by another thread")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if deadline is not None and time.monotonic() >= deadline:
                        raise SearchBusyError(f"{path} is held by another process") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        tlock.release()


def writer_lock(
    corpus: Corpus, *, timeout: float | None = WRITER_LOCK_TIMEOUT
) -> contextlib.AbstractContextManager[None]:
    return file_lock(corpus_dir(corpus) / WRITER_LOCK, timeout=timeout)


def vector_lock(corpus: Corpus) -> contextlib.AbstractContextManager[None]:
    """Held while the vector index file is rewritten (a second embedding run waits for the first)."""
    return file_lock(corpus_dir(corpus) / VECTOR_LOCK, timeout=None)


def rebuild_lock(corpus: Corpus) -> contextlib.AbstractContextManager[None]:
    return file_lock(corpus_dir(corpus) / REBUILD_LOCK, timeout=0)


# The journal: while a rebuild runs, every write to the live index also records its ids, so the rebuild
# can apply them to the new index before the swap (it read those documents before they changed).
# Called with the writer lock held.


def start_journal(cdir: Path) -> None:
    (cdir / JOURNAL).write_text("", encoding="utf-8")


def journal_ids(cdir: Path, ids: Collection[int]) -> None:
    path = cdir / JOURNAL
    if not ids or not path.exists():
        return
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(f"{i}\n" for i in ids))
        fh.flush()
        os.fsync(fh.fileno())


def read_journal(cdir: Path) -> set[int]:
    try:
        text = (cdir / JOURNAL).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    return {int(line) for line in text.split() if line.strip().lstrip("-").isdigit()}


def end_journal(cdir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (cdir / JOURNAL).unlink()
