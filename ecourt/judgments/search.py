"""Published judgments in search: the public portal's corpus "judgments".

Weights: number (identifier, 10) ≫ title (3) > court (1.5) > full text (1), so "13/2017/DS-ST" typed whole
finds that judgment first, and words of what the case is about rank judgments about it before those that
merely mention them.

Filters and facets: court (``court_name``: the court of the court map when the judgment's court was matched
to it, else the name as written), its level, case type, instance, year, and what it cites: ``cited_law``
(the number of each legal document a resolved citation points to, "92/2015/QH13") and ``cited`` (the
article cited in it, "92/2015/QH13 dieu-147"); ``cited_precedent`` (the number of each precedent it
cites, "08/2016/AL", whether registered or not) and ``precedent`` (the number of the precedent drawn from
it, its precedent status). Kind, outcome, the parties' roles and names by side, and the court's
successor history (``court_lineage``): index_fields.py. ``date_order`` (yyyymmdd × 10⁷ + id) sorts by date with
ties broken by id, so pages of a date-sorted search never swap judgments of the same day.

Only published judgments are yielded: an id not yielded is removed from the index at its next refresh,
so unpublishing a judgment and calling ``engine.index_later("judgments", [pk])`` takes it off the portal.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from ecourt.citations.models import CitationLink, CitationStatus
from ecourt.precedents.models import Precedent
from ecourt.search.corpus import Corpus, DateField, IntField, KeywordField, TextField
from ecourt.search.registry import register

from .index_fields import index_fields
from .models import Judgment

CHUNK = 500  # judgments read together (their citations in one query per chunk)
EMBED_CHARS = 2000  # e5-small reads 512 tokens: about 2,000 characters of Vietnamese
ID_SPAN = 10_000_000  # ids below ten million keep date_order unique (1.4 million judgments expected)


def date_order(day: datetime.date | None, pk: int) -> int:
    """The sort key of "newest first" / "oldest first": the day, then the id (0 for an unknown day)."""
    return ((day.year * 10000 + day.month * 100 + day.day) if day else 0) * ID_SPAN + pk


def cited_values(rows: Collection[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """From (document number, provision key) pairs of resolved citations: the documents cited, and the
    articles cited ("92/2015/QH13 dieu-147"; a clause or point counts as its article), in first-cited order."""
    laws: dict[str, None] = {}
    articles: dict[str, None] = {}
    for number, key in rows:
        if not number:
            continue
        laws[number] = None
        article = key.split("/", 1)[0] if key else ""
        if article.startswith("dieu-"):
            articles[f"{number} {article}"] = None
    return list(laws), list(articles)


def _citations(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        CitationLink.objects.filter(citing_judgment_id__in=ids, status=CitationStatus.RESOLVED)
        .exclude(target_document=None)
        .order_by("citing_judgment_id", "start")
        .values_list("citing_judgment_id", "target_document__number", "target_key")
    )
    for judgment_id, number, key in rows:
        out[judgment_id].append((number or "", key or ""))
    return out


def _precedents(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Per judgment: the precedents it cites, by number (registered or not: "08/2016/AL", first-cited
    order), and the precedent drawn from it, if any (ecourt.precedents)."""
    cited: dict[int, dict[str, None]] = defaultdict(dict)
    rows = (
        CitationLink.objects.filter(citing_judgment_id__in=ids, cited_number__endswith="/AL")
        .order_by("citing_judgment_id", "start")
        .values_list("citing_judgment_id", "cited_number")
    )
    for judgment_id, number in rows:
        cited[judgment_id][number] = None
    sources = dict(
        Precedent.objects.filter(source_judgment_id__in=ids)
        .order_by("number")
        .values_list("source_judgment_id", "number")
    )
    return {pk: list(numbers) for pk, numbers in cited.items()}, sources


def judgment_documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    rows = Judgment.objects.filter(published=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    all_ids = list(rows.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(all_ids), CHUNK):
        chunk = all_ids[i : i + CHUNK]
        citations = _citations(chunk)
        cited_precedents, sources = _precedents(chunk)
        extra = index_fields(chunk)
        for j in Judgment.objects.filter(pk__in=chunk).select_related("court").order_by("pk"):
            laws, articles = cited_values(citations.get(j.pk, []))
            court = j.court.name if j.court else j.court_name
            yield {
                "id": j.pk,
                "number": j.number,
                "title": j.title,
                "court": " | ".join(dict.fromkeys(filter(None, [court, j.court_name]))),
                "court_name": court,
                "level": j.court.level if j.court else "",
                "case_type": j.case_type,
                "instance": j.instance,
                "year": j.decided_on.year if j.decided_on else 0,
                "decided": j.decided_on,
                "date_order": date_order(j.decided_on, j.pk),
                "cited_law": laws,
                "cited": articles,
                "cited_precedent": cited_precedents.get(j.pk, []),
                "precedent": sources.get(j.pk, ""),
                "text": j.text,
                **extra.get(j.pk, {}),
            }


def _passage(d: Mapping[str, Any]) -> str:
    return f"{d['title']}. {d['text'][:EMBED_CHARS]}"


def _count() -> int:
    return Judgment.objects.filter(published=True).count()


JUDGMENTS = register(
    Corpus(
        name="judgments",
        description="Published judgments: number, court, level, case type, instance, date, cited law and text.",
        fields=(
            KeywordField("number", boost=10.0, identifier=True),  # 13/2017/DS-ST
            TextField("title", boost=3.0),  # what the case is about
            TextField("court", boost=1.5),  # words of the court's names: court:"lao cai"
            # Folded only (no exact copy): half the index, twice the speed at 1.4 million judgments (bench/search);
            # diacritics still rank exact matches first in the title and the court.
            TextField("text", exact=False, returned=False),  # shown as snippets; the page reads the database
            KeywordField("court_name", facet=True),  # the whole name: filter and facet
            KeywordField("level", facet=True),  # CourtLevel values; "" when the court is not in the map
            KeywordField("case_type", facet=True),  # CaseType values: DS, HS, KDTM …
            KeywordField("instance", facet=True),  # Instance values: ST, PT, GDT …
            IntField("year", facet=True),
            DateField("decided"),
            IntField("date_order"),
            KeywordField("cited_law", facet=True, many=True),  # 92/2015/QH13
            KeywordField("cited", facet=True, many=True),  # 92/2015/QH13 dieu-147
            KeywordField("cited_precedent", facet=True, many=True),  # 08/2016/AL, registered or not
            KeywordField("precedent", facet=True),  # 08/2016/AL when the judgment is a precedent's source; ""
            KeywordField("kind", facet=True),  # JudgmentKind: judgment, decision; "" unknown
            KeywordField("outcome", facet=True),  # Outcome values: accepted, upheld, guilty … unknown
            KeywordField("party_role", facet=True, many=True),  # JudgmentPartyRole values of its parties
            # the court and every court that succeeded it (names): the portal's court filter and facet
            KeywordField("court_lineage", facet=True, many=True, stored=False),
            # parties' names by side (index_fields.ROLE_FIELDS): plaintiff:"ngân hàng"; not shown, not stored
            TextField("plaintiff", stored=False, exact=False, searched=False),
            TextField("defendant", stored=False, exact=False, searched=False),
            TextField("related", stored=False, exact=False, searched=False),
            TextField("accused", stored=False, exact=False, searched=False),
            TextField("victim", stored=False, exact=False, searched=False),
        ),
        documents=judgment_documents,
        count=_count,
        embed_text=_passage,
    )
)
