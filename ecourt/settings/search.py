"""Search: where the indexes of the embedded engine (Tantivy text indexes, faiss vector indexes) live.

One directory per corpus under SEARCH_DIR (docs/search.md). The indexes are derived data, rebuilt from
the database by `python -m ecourt search rebuild --all`; give them a fast local disk.
"""

from __future__ import annotations

from .core import DATA_DIR
from .env import env_path

__all__ = ["SEARCH_DIR"]

SEARCH_DIR = env_path("ECOURT_SEARCH_DIR", DATA_DIR / "search")
