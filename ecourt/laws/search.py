"""The legal corpus in search: documents ("laws") and article texts by period ("provisions").

Weights of "laws": number (identifier, 10) ≫ title (3) > names and abbreviations (2) > text (1), so
"91/2015/QH13" typed whole finds the code itself before the documents that cite it, and "bo luat to
tung dan su" finds the code by its title before the texts that merely mention it.

"provisions" holds one entry per period of an article: the article with its clauses and points as
they stood from ``valid_from`` up to ``valid_to`` (a clause amended alone opens a new period). Its id
is the ``ProvisionVersion`` that opened the period. Periods are integers ``yyyymmdd`` (0: unknown start,
99991231: still in force) so "in force on day D" is a pair of range filters: ``in_force_on(D)``. The
draft checker searches it lexically and by vectors for provisions in force that overlap a draft. Its title
and text also have syllable-pair copies (``bigrams=True``) for the assistant's weighted query.

``status`` in "laws" is the status on the day the document was last indexed: a nightly
``search rebuild laws`` keeps "not yet in force" and "expired" current (the pages compute the status
of the day they show from the database).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from ecourt.search.corpus import Corpus, DateField, IntField, KeywordField, TextField
from ecourt.search.query import Range
from ecourt.search.registry import register

from .models import LegalDocument, Provision, ProvisionKind, ProvisionVersion
from .reading import article_periods, latest, load, plain_text
from .selectors import document_ends, document_status

CHUNK = 200  # documents whose structures are loaded together (two queries per chunk)
OPEN_END = 99991231  # valid_to of a text still in force
UNKNOWN_START = 0  # valid_from of a text whose first day is not known (always before)
EMBED_CHARS = 2000  # e5-small reads 512 tokens: about 2,000 characters of Vietnamese


def day_number(day: datetime.date) -> int:
    """2016-07-01 → 20160701, the form periods are indexed in."""
    return day.year * 10000 + day.month * 100 + day.day


def in_force_on(day: datetime.date) -> dict[str, Range]:
    """Filters of the "provisions" corpus for the texts in force on ``day`` (valid_to is exclusive)."""
    n = day_number(day)
    return {"valid_from": Range(lte=n), "valid_to": Range(gte=n + 1)}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


# --- documents ---------------------------------------------------------------------------------------


def law_documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    rows = LegalDocument.objects.all() if ids is None else LegalDocument.objects.filter(pk__in=ids)
    all_ids = list(rows.order_by("pk").values_list("pk", flat=True))
    today = datetime.date.today()
    for chunk in _chunks(all_ids):
        structures = load(chunk)
        for doc in LegalDocument.objects.filter(pk__in=chunk).order_by("pk"):
            structure = structures.get(doc.pk)
            body = plain_text(structure.tree(latest)) if structure else ""
            yield {
                "id": doc.pk,
                "number": doc.number,
                "key": doc.key,
                "title": doc.title,
                "names": " | ".join(filter(None, [doc.short_title, *doc.aliases])),
                "text": "\n".join(filter(None, [doc.preamble, body])),
                "doc_type": doc.doc_type,
                "issuer": doc.issuer,
                "year": doc.year,
                "issued": doc.issued_on,
                "effective": doc.effective_from,
                "status": document_status(doc, today).value,
            }


def _law_passage(d: Mapping[str, Any]) -> str:
    return f"{d['title']}. {d['text'][:EMBED_CHARS]}"


LAWS = register(
    Corpus(
        name="laws",
        description="Legal documents: number, title, names, type, issuer, dates, status and text.",
        fields=(
            KeywordField("number", boost=10.0, identifier=True),  # 91/2015/QH13
            KeywordField("key"),  # 91-2015-qh13: the page's address
            TextField("title", boost=3.0),
            TextField("names", boost=2.0),  # short title and abbreviations: "BLTTDS 2015"
            TextField("text"),
            KeywordField("doc_type", facet=True),  # DocumentType values: "luat", "nghi_dinh"
            KeywordField("issuer", facet=True),
            IntField("year", facet=True),
            DateField("issued"),
            DateField("effective"),
            KeywordField("status", facet=True),  # DocumentStatus values, on the day indexed
        ),
        documents=law_documents,
        count=LegalDocument.objects.count,
        embed_text=_law_passage,
    )
)


# --- article periods ---------------------------------------------------------------------------------


def provision_periods(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    """One entry per period of each article; with ``ids`` (version ids), the periods those ids open now."""
    if ids is None:
        doc_ids = list(
            Provision.objects.filter(kind=ProvisionKind.ARTICLE)
            .order_by("document_id")
            .values_list("document_id", flat=True)
            .distinct()
        )
    else:
        doc_ids = sorted(
            set(ProvisionVersion.objects.filter(pk__in=ids).values_list("provision__document_id", flat=True))
        )
    wanted = None if ids is None else set(ids)
    for chunk in _chunks(doc_ids):
        structures = load(chunk)
        documents = {d.pk: d for d in LegalDocument.objects.filter(pk__in=chunk)}
        ends = document_ends(chunk)
        for doc_id in chunk:
            structure = structures.get(doc_id)
            if structure is None:
                continue
            doc = documents[doc_id]
            for article in structure.provisions:
                if article.kind != ProvisionKind.ARTICLE:
                    continue
                for period in article_periods(structure, article, until=ends.get(doc_id)):
                    if wanted is not None and period.version_id not in wanted:
                        continue
                    yield {
                        "id": period.version_id,
                        "number": doc.number,
                        "document_key": doc.key,
                        "document_title": doc.title,
                        "provision_key": article.key,
                        "article": article.number,
                        "title": period.title,
                        "text": period.text,
                        "doc_type": doc.doc_type,
                        "year": doc.year,
                        "document_id": doc.pk,
                        "provision_id": article.pk,
                        "valid_from": day_number(period.start) if period.start else UNKNOWN_START,
                        "valid_to": day_number(period.end) if period.end else OPEN_END,
                    }


def _provision_passage(d: Mapping[str, Any]) -> str:
    head = f"Điều {d['article']}. {d['title']}".rstrip(". ")
    return f"{head}\n{d['text']}"[:EMBED_CHARS]


def _count_articles() -> int:
    # One period per article is the common case; the progress bar only needs an order of magnitude.
    return Provision.objects.filter(kind=ProvisionKind.ARTICLE).count()


PROVISIONS = register(
    Corpus(
        name="provisions",
        description="Articles with their clauses and points, one entry per period of their text.",
        fields=(
            KeywordField("number", boost=5.0, identifier=True),  # the document's number
            KeywordField("document_key"),
            TextField("document_title", boost=1.5),
            KeywordField("provision_key"),  # dieu-203
            KeywordField("article"),  # 203, 12a
            # Pairs of adjacent syllables too (hidden ``__bigrams`` copies, not searched by words typed in a
            # search box): the assistant's query addresses them (ecourt/assistant/knowledge.py).
            TextField("title", boost=2.0, bigrams=True),
            TextField("text", bigrams=True),
            KeywordField("doc_type", facet=True),
            IntField("year", facet=True),
            IntField("document_id"),
            IntField("provision_id"),
            IntField("valid_from"),  # yyyymmdd, 0 when unknown
            IntField("valid_to"),  # yyyymmdd, exclusive; 99991231 while in force
        ),
        documents=provision_periods,
        count=_count_articles,
        embed_text=_provision_passage,
    )
)
