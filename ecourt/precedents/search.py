"""Precedents in search: the corpus "precedents", one entry per registered precedent.

Weights: the number is an identifier (8: "08/2016/AL" typed in the box finds the precedent itself); the
title ("Về …", what the precedent is about) 3 over the principle and the adopted passage (1). The text
fields carry the opt-in bigram copy (``title__bigrams``, ``text__bigrams``) like the other corpora the
assistant reads. ``status`` (in_force / abolished) and the days it applies from and stops applying
(``effective_on``, ``abolished_on``) let a caller keep the precedents that apply on a day; the assistant
still checks each hit against the database (``Precedent.applies_on``), the record being the truth.

Registering, changing or deleting a precedent re-indexes it after the transaction commits (services.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from ecourt.search.corpus import Corpus, DateField, KeywordField, TextField
from ecourt.search.registry import register

from .models import Precedent

NAME = "precedents"


def precedent_documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    rows = Precedent.objects.all() if ids is None else Precedent.objects.filter(pk__in=ids)
    for p in rows.order_by("pk").iterator(chunk_size=500):
        doc: dict[str, Any] = {
            "id": p.pk,
            "number": p.number,
            "title": p.title,
            "text": "\n".join(t for t in (p.principle, p.content) if t),
            "status": p.status,
        }
        # A date field is left out when unknown (no day to filter on).
        for name in ("effective_on", "abolished_on"):
            if getattr(p, name) is not None:
                doc[name] = getattr(p, name)
        yield doc


def embed_text(doc: Mapping[str, Any]) -> str:
    return f"{doc.get('title', '')}\n{doc.get('text', '')}"[:2000]


def count() -> int:
    return Precedent.objects.count()


PRECEDENTS = register(
    Corpus(
        name=NAME,
        fields=(
            KeywordField("number", boost=8.0, identifier=True),
            TextField("title", boost=3.0, bigrams=True),
            TextField("text", bigrams=True),
            KeywordField("status", facet=True),
            DateField("effective_on"),
            DateField("abolished_on"),
        ),
        documents=precedent_documents,
        count=count,
        embed_text=embed_text,
        description="Precedents (án lệ): number, title, principle and adopted passage, status, days.",
    )
)
