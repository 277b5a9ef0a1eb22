"""Shards: a corpus's index split into several Tantivy indexes, searched side by side in threads.

A document lives in shard ``shard_of(id, n)``, derived from its sample bucket (analysis.sample_bucket), so
every shard holds the same share of every sample bucket and sampled facet counts stay unbiased. Tantivy
releases the GIL while it searches, so N shards on N free cores answer in about 1/N of the time
(settings.SEARCH_SHARDS). The pool's threads are process-wide and dropped in a forked child (Celery,
gunicorn), which starts its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .analysis import sample_bucket

T = TypeVar("T")
U = TypeVar("U")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def shard_of(doc_id: int, shards: int) -> int:
    return sample_bucket(doc_id) % shards if shards > 1 else 0


def split(keyed: Iterable[tuple[int, T]], shards: int) -> list[list[T]]:
    """Items keyed by document id, gathered per shard (in the order given): ``out[k]`` goes to shard k."""
    out: list[list[T]] = [[] for _ in range(shards)]
    for doc_id, item in keyed:
        out[shard_of(doc_id, shards)].append(item)
    return out


def _executor() -> ThreadPoolExecutor:
    global _pool  # noqa: PLW0603 - one pool per process, made on first use
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="search-shard")
        return _pool


def _forget_pool() -> None:
    global _pool  # noqa: PLW0603 - the parent's threads do not exist in a forked child
    _pool = None


os.register_at_fork(after_in_child=_forget_pool)


def each(items: Sequence[T], work: Callable[[T], U]) -> list[U]:
    """``work`` on every item, in parallel threads when there are several; results in the items' order."""
    if len(items) == 1:
        return [work(items[0])]
    # The caller's thread takes the first item itself: one hand-off fewer, and no deadlock if it is a pool thread.
    futures = [_executor().submit(work, item) for item in items[1:]]
    first = work(items[0])
    return [first, *(f.result() for f in futures)]
