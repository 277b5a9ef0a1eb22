"""Stored embeddings: computing them is the slow part (13 ms a passage), so they live in the database.

The faiss index on disk (vectors.py) is rebuilt from these rows without computing anything again, on
any machine; ``python -m ecourt search embed`` fills them in batches and resumes where it stopped.
"""

from __future__ import annotations

from django.db import models


class Embedding(models.Model):
    corpus = models.CharField(max_length=64, help_text="Search corpus name, e.g. 'laws'.")
    doc_id = models.BigIntegerField(help_text="Id of the document in its corpus.")
    text_hash = models.CharField(
        max_length=64, help_text="Hash of the model name and the embedded text; another hash means recompute."
    )
    vector = models.BinaryField(help_text="384 float32 values (little-endian), L2-normalized.")
    computed_at = models.DateTimeField(help_text="When it was computed.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["corpus", "doc_id"], name="search_embedding_once")]

    def __str__(self) -> str:
        return f"{self.corpus}#{self.doc_id}"
