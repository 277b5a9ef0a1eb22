"""Published judgments in the API: a search hit, one judgment with its citations, and the query parameters
of the search (validated by ``JudgmentSearchSerializer``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecourt.cases.models import CaseType, Instance
from ecourt.citations.models import CitationLink, CitationStatus
from ecourt.courts.models import CourtLevel
from ecourt.vietnamese import normalize

from ..index_fields import now_court
from ..models import Judgment, JudgmentKind, JudgmentParty, JudgmentPartyRole, Outcome
from ..portal import MAX_PAGE, SORTS


class HighlightsSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(read_only=True, help_text="The title with the words found in <mark> (HTML).")
    text = serializers.CharField(
        read_only=True, help_text="A passage of the text around the words found, in <mark> (HTML; empty: none)."
    )


class JudgmentHitSerializer(serializers.Serializer[Any]):
    """A judgment found: what the index holds of it, its score and highlighted passages."""

    id = serializers.IntegerField(read_only=True, help_text="The judgment's id (GET /api/v1/judgments/{id}/).")
    number = serializers.CharField(read_only=True, help_text="Number as written, e.g. '13/2017/DS-ST'.")
    title = serializers.CharField(read_only=True, help_text="What the case is about.")
    court_name = serializers.CharField(read_only=True, help_text="The court (its name in the court map when matched).")
    level = serializers.CharField(read_only=True, help_text="Level of the court (CourtLevel value; '' when unknown).")
    case_type = serializers.CharField(read_only=True, help_text="Case type: DS, HNGD, KDTM, LD, HC, HS ('' unknown).")
    instance = serializers.CharField(read_only=True, help_text="Instance: ST, PT, GDT, TT ('' unknown).")
    decided = serializers.DateField(read_only=True, allow_null=True, help_text="Day of the judgment.")
    cited_law = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Numbers of the legal documents it cites (resolved)."
    )
    cited = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Articles it cites, as '<document number> dieu-<article>' (a clause or point counts as its article).",
    )
    kind = serializers.CharField(read_only=True, help_text="judgment (bản án) or decision (quyết định); '' unknown.")
    outcome = serializers.CharField(
        read_only=True, help_text="What it decided (Outcome value: accepted, partly_accepted, upheld … unknown)."
    )
    party_role = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Roles of its parties (plaintiff, defendant …)."
    )
    score = serializers.FloatField(read_only=True, allow_null=True, help_text="Relevance (null when sorted by date).")
    highlights = HighlightsSerializer(read_only=True, help_text="Matches in context.")
    url = serializers.CharField(read_only=True, help_text="The judgment's public page.")

    def to_representation(self, hit: Any) -> dict[str, Any]:
        f = hit.fields
        decided = f.get("decided")
        return {
            "id": hit.id,
            "number": f.get("number", ""),
            "title": f.get("title", ""),
            "court_name": f.get("court_name", ""),
            "level": f.get("level", ""),
            "case_type": f.get("case_type", ""),
            "instance": f.get("instance", ""),
            "decided": decided.isoformat() if isinstance(decided, datetime.date) else None,
            "cited_law": list(f.get("cited_law") or []),
            "cited": list(f.get("cited") or []),
            "kind": f.get("kind") or "",
            "outcome": f.get("outcome") or "",
            "party_role": list(f.get("party_role") or []),
            "score": hit.score,
            "highlights": {"title": str(hit.highlights.get("title", "")), "text": str(hit.highlights.get("text", ""))},
            "url": reverse("judgments:detail", args=[hit.id]),
        }


class FacetCountSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(read_only=True, help_text="The value (pass it as the filter of the same name).")
    count = serializers.IntegerField(read_only=True, help_text="Judgments with it among all those found.")


class FacetsSerializer(serializers.Serializer[Any]):
    """Counts of the most frequent values (15 at most) among all judgments found, by filter."""

    court = FacetCountSerializer(many=True, read_only=True, help_text="By court (filter ?court=).")
    level = FacetCountSerializer(many=True, read_only=True, help_text="By level of court (?level=).")
    case_type = FacetCountSerializer(many=True, read_only=True, help_text="By case type (?case_type=).")
    instance = FacetCountSerializer(many=True, read_only=True, help_text="By instance (?instance=).")
    year = FacetCountSerializer(many=True, read_only=True, help_text="By year (?year=).")
    cited_law = FacetCountSerializer(many=True, read_only=True, help_text="By document cited (?cited_law=).")
    cited = FacetCountSerializer(many=True, read_only=True, help_text="By article cited (?cited=).")
    kind = FacetCountSerializer(many=True, read_only=True, help_text="By kind, judgment or decision (?kind=).")
    outcome = FacetCountSerializer(many=True, read_only=True, help_text="By outcome (?outcome=).")
    party_role = FacetCountSerializer(many=True, read_only=True, help_text="By role among the parties (?party_role=).")


class JudgmentSearchResultSerializer(serializers.Serializer[Any]):
    """A page of judgments found."""

    count = serializers.IntegerField(read_only=True, help_text="Judgments found, on all pages.")
    next = serializers.URLField(read_only=True, allow_null=True, help_text="Link to the next page (null on the last).")
    previous = serializers.URLField(
        read_only=True, allow_null=True, help_text="Link to the previous page (null on the first)."
    )
    query = serializers.CharField(read_only=True, help_text="The query as searched, after normalization.")
    results = JudgmentHitSerializer(many=True, read_only=True, help_text="The judgments of this page.")
    facets = FacetsSerializer(read_only=True, help_text="Facet counts over all judgments found.")
    facets_estimated = serializers.BooleanField(
        read_only=True,
        help_text="True when more than 100,000 judgments were found: the facet counts were then counted on a fixed "
        "sample of about 30,000 judgments and scaled to the total (estimates; count is exact).",
    )


class JudgmentCitationSerializer(serializers.ModelSerializer[CitationLink]):
    """A citation of law in the judgment: where, what it names, and what it resolved to."""

    document = serializers.SerializerMethodField(help_text="Number of the document cited (null: not identified).")
    document_key = serializers.CharField(
        source="target_document.key", read_only=True, allow_null=True, help_text="Key of the document cited."
    )
    url = serializers.SerializerMethodField(
        help_text="The provision (or document) cited as of the judgment's day, or the precedent's page."
    )
    precedent = serializers.SerializerMethodField(
        help_text="Number of the registered precedent cited (08/2016/AL; null: not a registered precedent)."
    )

    class Meta:
        model = CitationLink
        fields = ["start", "end", "text", "status", "document", "document_key", "target_key", "url", "precedent"]
        read_only_fields = fields
        extra_kwargs = {"target_key": {"help_text": "Key of the provision cited ('dieu-147/khoan-1'; '' none)."}}

    def get_document(self, link: CitationLink) -> str | None:
        if link.target_document is not None:
            return link.target_document.number
        return link.cited_number or None

    def get_precedent(self, link: CitationLink) -> str | None:
        return link.cited_number if link.target_precedent_id is not None else None

    def get_url(self, link: CitationLink) -> str | None:
        if link.target_precedent_id is not None and link.cited_number:
            return reverse("precedents:detail", kwargs={"number": link.cited_number})
        if link.target_document is None:
            return None
        day: datetime.date | None = self.context.get("day")
        suffix = f"?date={day.isoformat()}" if day else ""
        if link.status == CitationStatus.RESOLVED and link.target_key:
            return reverse("laws:provision", args=[link.target_document.key, link.target_key]) + suffix
        return reverse("laws:document", args=[link.target_document.key]) + suffix


class JudgmentPartySerializer(serializers.ModelSerializer[JudgmentParty]):
    """A party of the judgment, named as the published (anonymized) text names it."""

    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="The role, in words.")

    class Meta:
        model = JudgmentParty
        fields = ["role", "role_label", "name", "kind"]
        read_only_fields = fields


class JudgmentDetailSerializer(serializers.ModelSerializer[Judgment]):
    """A published judgment: metadata, full text and its citations of law. Serialize with ``context``
    ``{"citations"}``."""

    case_type_label = serializers.CharField(source="get_case_type_display", read_only=True, help_text="Case type.")
    instance_label = serializers.CharField(source="get_instance_display", read_only=True, help_text="Instance.")
    court_code = serializers.CharField(
        source="court.code", read_only=True, allow_null=True, help_text="Code of the court in the court map (null)."
    )
    court_level = serializers.CharField(
        source="court.level", read_only=True, allow_null=True, help_text="Level of the court (null: not matched)."
    )
    id = serializers.IntegerField(read_only=True, help_text="The judgment's id.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Judgment or decision.")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True, help_text="What it decided.")
    parties = JudgmentPartySerializer(many=True, read_only=True, help_text="Its parties with their roles, in order.")
    court_now = serializers.SerializerMethodField(
        help_text="Code of the court that carries on the judgment's court today, where that court was succeeded "
        "(courts' successor history; null otherwise)."
    )
    citations = serializers.SerializerMethodField(help_text="Its citations of law, in the order of the text.")
    url = serializers.SerializerMethodField(help_text="Its public page.")

    class Meta:
        model = Judgment
        fields = [
            "id",
            "number",
            "title",
            "court_name",
            "court_code",
            "court_level",
            "decided_on",
            "case_type",
            "case_type_label",
            "instance",
            "instance_label",
            "kind",
            "kind_label",
            "outcome",
            "outcome_label",
            "parties",
            "court_now",
            "text",
            "citations",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(JudgmentCitationSerializer(many=True))
    def get_citations(self, judgment: Judgment) -> list[dict[str, Any]]:
        context = {"day": judgment.decided_on}
        return list(JudgmentCitationSerializer(self.context["citations"], many=True, context=context).data)

    def get_url(self, judgment: Judgment) -> str:
        return reverse("judgments:detail", args=[judgment.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_court_now(self, judgment: Judgment) -> str | None:
        successor = now_court(judgment.court_id)
        return successor.code if successor else None


# --- query parameters ------------------------------------------------------------------------------------


class JudgmentSearchSerializer(serializers.Serializer[Any]):
    """Query parameters of the judgment search."""

    q = serializers.CharField(
        required=False,
        max_length=500,
        help_text='Words (accents optional), "phrases", AND/OR/NOT, a judgment number, field:value (number, title, '
        "court, cited_law, cited, case_type, instance, year, decided, kind, outcome, party_role, plaintiff, defendant, "
        "related, accused, victim) — docs/judgments.md. A query that cannot be "
        "read answers 400.",
    )
    court = serializers.CharField(
        required=False,
        max_length=200,
        help_text="The court's whole name (facet value); a court that succeeded others finds their judgments too.",
    )
    level = serializers.ChoiceField(choices=CourtLevel.choices, required=False, help_text="Level of the court.")
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False, help_text="Case type.")
    instance = serializers.ChoiceField(choices=Instance.choices, required=False, help_text="Instance.")
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100, help_text="Year of the judgment.")
    cited_law = serializers.CharField(
        required=False, max_length=60, help_text="Judgments citing this document, e.g. 92/2015/QH13."
    )
    cited = serializers.CharField(
        required=False, max_length=100, help_text="Judgments citing this article, e.g. '92/2015/QH13 dieu-147'."
    )
    kind = serializers.ChoiceField(choices=JudgmentKind.choices, required=False, help_text="Judgment or decision.")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, help_text="What it decided.")
    party_role = serializers.ChoiceField(
        choices=JudgmentPartyRole.choices, required=False, help_text="Judgments with a party in this role."
    )
    sort = serializers.ChoiceField(
        choices=list(SORTS),
        required=False,
        help_text="relevance (default with q), newest (default without q) or oldest; ties by id, so pages are stable.",
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, help_text="Page, from 1.")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=100, help_text="Judgments per page (default 20, at most 100)."
    )

    def validate_q(self, value: str) -> str:
        return normalize(value).strip()
