"""Standardized answers in search: the corpus "qa", one entry per answer with its current version.

Weights: the canonical question (3) and the question as first asked (2) over the answer's text (1), so
a judge's question finds the answer to the same question first; the numbers of the documents cited are
identifiers (8: "45/2026/NĐ-CP" finds the answers citing it). The text fields carry the opt-in bigram copy
the assistant's retrieval queries (``question__bigrams``, ``text__bigrams``). ``flagged`` is "yes" while a
review flag is open: the assistant shows such an answer with a warning, or not at all.

An answer without an approved version is not in the index; approval and review flags re-index it after
their transaction commits (services.approve_version, review.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from django.db.models import Exists, OuterRef

from ecourt.search.corpus import Corpus, DateField, IntField, KeywordField, TextField
from ecourt.search.registry import register

from .models import ReviewFlag, StandardAnswer


def answer_documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    rows = StandardAnswer.objects.filter(current_version__isnull=False)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    rows = (
        rows.select_related("current_version", "group__court", "group__department")
        .prefetch_related("current_version__sources")
        .annotate(open_flags=Exists(ReviewFlag.objects.filter(answer=OuterRef("pk"), resolved_at__isnull=True)))
        .order_by("pk")
    )
    for answer in rows.iterator(chunk_size=500):
        version = answer.current_version
        assert version is not None
        sources = list(version.sources.all())
        yield {
            "id": answer.pk,
            "question": version.question,
            "asked": answer.question_as_asked,
            "text": version.text,
            "sources": "\n".join(s.cited_as for s in sources),
            "documents": sorted({s.document_number for s in sources if s.document_number}),
            "provisions": sorted(
                {f"{s.document_number}#{s.provision_key}" for s in sources if s.document_number and s.provision_key}
            ),
            "court": answer.group.court.code,
            "department": answer.group.department.kind if answer.group.department else "",
            "flagged": "yes" if answer.open_flags else "no",
            "version": version.seq,
            "approved_at": version.approved_at,
            "as_of": version.as_of,
        }


def embed_text(doc: Mapping[str, Any]) -> str:
    return f"{doc.get('question', '')}\n{doc.get('text', '')}"[:2000]


def count() -> int:
    return StandardAnswer.objects.filter(current_version__isnull=False).count()


QA = register(
    Corpus(
        name="qa",
        fields=(
            TextField("question", boost=3.0, bigrams=True),
            TextField("asked", boost=2.0),
            TextField("text", bigrams=True),
            TextField("sources", boost=1.0, exact=False),
            KeywordField("documents", boost=8.0, identifier=True, many=True, facet=True),
            KeywordField("provisions", many=True),
            KeywordField("court", facet=True),
            KeywordField("department", facet=True),
            KeywordField("flagged", facet=True),
            IntField("version"),
            DateField("approved_at", with_time=True),
            DateField("as_of"),
        ),
        documents=answer_documents,
        count=count,
        embed_text=embed_text,
        description="Standardized answers (current approved version).",
    )
)
