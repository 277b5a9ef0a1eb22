"""Precedents in the API: the list (metadata and counts) and one precedent (with its principle, content
and the published judgments citing it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from ..models import Precedent, PrecedentStatus
from ..selectors import CitingJudgment, status_on


class PrecedentFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=PrecedentStatus.choices, required=False, help_text="in_force or abolished (the status recorded)."
    )
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words of its number, name or principle (as written)."
    )


class PrecedentSerializer(serializers.ModelSerializer[Precedent]):
    """A precedent in the list."""

    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="Status, as a label.")
    applies_today = serializers.SerializerMethodField(
        help_text="Its status today: in_force, not_yet (published less than 30 days ago) or abolished."
    )
    source_judgment = serializers.SerializerMethodField(
        help_text="Id of the published judgment it was drawn from, when it is on the portal (null otherwise)."
    )
    url = serializers.SerializerMethodField(help_text="Its public page.")
    cited_by = serializers.IntegerField(
        read_only=True, default=0, help_text="How many published judgments cite it (resolved citations)."
    )

    class Meta:
        model = Precedent
        fields = [
            "number",
            "key",
            "title",
            "adopted_on",
            "decision",
            "published_on",
            "effective_on",
            "status",
            "status_label",
            "applies_today",
            "abolished_on",
            "abolished_by",
            "source_judgment",
            "source_number",
            "source_court",
            "cited_by",
            "url",
        ]
        read_only_fields = fields

    def get_applies_today(self, precedent: Precedent) -> str:
        return status_on(precedent, timezone.localdate())

    def get_source_judgment(self, precedent: Precedent) -> int | None:
        source = precedent.source_judgment
        return source.pk if source is not None and source.published else None

    def get_url(self, precedent: Precedent) -> str:
        return reverse("precedents:detail", kwargs={"number": precedent.number})


class CitingJudgmentSerializer(serializers.Serializer[CitingJudgment]):
    id = serializers.IntegerField(source="judgment.pk", help_text="The citing judgment's id.")
    number = serializers.CharField(source="judgment.number", help_text="Its number.")
    court = serializers.CharField(source="judgment.court_name", help_text="Its court, as written.")
    decided_on = serializers.DateField(source="judgment.decided_on", allow_null=True, help_text="Its day.")
    citations = serializers.IntegerField(help_text="How many times its text cites the precedent.")


class PrecedentDetailSerializer(PrecedentSerializer):
    """One precedent: the list's fields, its principle and content, and who cites it. Serialize with
    ``context`` ``{"cited_total", "citing"}``."""

    cited_by_judgments = serializers.SerializerMethodField(
        help_text="The published judgments citing it, latest first (at most 100)."
    )

    class Meta(PrecedentSerializer.Meta):
        fields = [*PrecedentSerializer.Meta.fields, "principle", "content", "cited_by_judgments"]
        read_only_fields = fields

    def get_cited_by_judgments(self, precedent: Precedent) -> list[dict[str, Any]]:
        return CitingJudgmentSerializer(self.context.get("citing", []), many=True).data  # type: ignore[return-value]

    def to_representation(self, instance: Precedent) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        data["cited_by"] = self.context.get("cited_total", 0)
        return data
