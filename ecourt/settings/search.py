"""Search: where the indexes of the embedded engine (Tantivy text indexes, faiss vector indexes) live.

One directory per corpus under SEARCH_DIR (docs/search.md). The indexes are derived data, rebuilt from
the database by `python -m ecourt search rebuild --all`; give them a fast local disk.

SEARCH_SHARDS (``ECOURT_SEARCH_SHARDS="judgments=2"``) splits a corpus's index into that many Tantivy
indexes searched side by side in threads (Tantivy releases the GIL): a query over a large corpus then
takes about 1/N of the time on N free cores. Each shard scores by its own word statistics, which match
the whole corpus's only when every shard holds many documents: leave corpora under a few hundred
thousand documents at 1 (the default). The portal's 1.4 million judgments meet their latency target
with 2 on two cores (bench/README.md). A change takes effect at the next rebuild (`search rebuild
--outdated` rebuilds the indexes built with another count).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .core import DATA_DIR
from .env import env_list, env_path

__all__ = ["SEARCH_DIR", "SEARCH_SHARDS"]

SEARCH_DIR = env_path("ECOURT_SEARCH_DIR", DATA_DIR / "search")


def _shards(entries: list[str]) -> dict[str, int]:
    out = {}
    for entry in entries:
        name, _, count = entry.partition("=")
        if not name.strip() or not count.strip().isdigit() or int(count) < 1:
            raise ImproperlyConfigured(f"ECOURT_SEARCH_SHARDS: {entry!r} is not corpus=N with N ≥ 1")
        out[name.strip()] = int(count)
    return out


SEARCH_SHARDS = _shards(env_list("ECOURT_SEARCH_SHARDS", []))
