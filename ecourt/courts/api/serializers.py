"""Courts in the API.

``CourtBriefSerializer`` is how other resources (cases, memberships) show a court; the list and the
detail endpoints have their own serializers. Other apps import from here, never the reverse, so the
serializers form no import cycle.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from ecourt.vietnamese import normalize

from ..models import Court, CourtLevel, CourtSuccession, Department


class CourtBriefSerializer(serializers.ModelSerializer[Court]):
    """A court as other resources show it."""

    level_label = serializers.CharField(source="get_level_display", read_only=True, help_text="Level, as a label.")

    class Meta:
        model = Court
        fields = ["id", "code", "short_name", "level", "level_label"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Court id."}}


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    """A specialised division of a court (tòa chuyên trách)."""

    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="Subject matter, as a label."
    )

    class Meta:
        model = Department
        fields = ["id", "kind", "kind_label", "name", "valid_from", "valid_to"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Department id."}}


class CourtSerializer(serializers.ModelSerializer[Court]):
    """A court in the list of courts."""

    level_label = serializers.CharField(source="get_level_display", read_only=True, help_text="Level, as a label.")
    is_active = serializers.SerializerMethodField(help_text="Whether the court operates today.")

    class Meta:
        model = Court
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "name_en",
            "level",
            "level_label",
            "parent",
            "province",
            "address",
            "valid_from",
            "valid_to",
            "is_active",
            "legal_basis",
        ]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Court id."}}

    def get_is_active(self, court: Court) -> bool:
        return court.is_active_on(timezone.localdate())


class _SuccessionSerializer(serializers.ModelSerializer[CourtSuccession]):
    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="How the successor took over."
    )

    class Meta:
        model = CourtSuccession
        fields = ["court", "effective_on", "kind", "kind_label", "primary", "legal_basis"]
        read_only_fields = fields


class PredecessorSerializer(_SuccessionSerializer):
    """A court this one took over from."""

    court = CourtBriefSerializer(source="predecessor", read_only=True, help_text="The court that ended.")


class SuccessorSerializer(_SuccessionSerializer):
    """A court that took over from this one."""

    court = CourtBriefSerializer(source="successor", read_only=True, help_text="The court that took over.")


class CourtDetailSerializer(CourtSerializer):
    """One court with its place in the hierarchy, its history and its departments."""

    parent = CourtBriefSerializer(
        allow_null=True, read_only=True, help_text="The court immediately above this one while this record is valid."
    )
    predecessors = PredecessorSerializer(
        source="successions_in",
        many=True,
        read_only=True,
        help_text="Courts this one took over from, with the date and kind.",
    )
    successors = SuccessorSerializer(
        source="successions_out",
        many=True,
        read_only=True,
        help_text="Courts that took over from this one, with the date and kind.",
    )
    departments = DepartmentSerializer(many=True, read_only=True, help_text="Its specialised divisions.")

    class Meta(CourtSerializer.Meta):
        fields = [*CourtSerializer.Meta.fields, "predecessors", "successors", "departments"]
        read_only_fields = fields


class CourtFilterSerializer(serializers.Serializer[Any]):
    """Query parameters of the list of courts."""

    level = serializers.ChoiceField(choices=CourtLevel.choices, required=False, help_text="Only courts of this level.")
    active_on = serializers.DateField(
        required=False, help_text="Only courts operating on this day (YYYY-MM-DD), e.g. 2025-06-30 for the old map."
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Words of the name, or the five-digit code; accents and case are ignored "
        "('bac ninh' finds 'Bắc Ninh').",
    )
    province = serializers.CharField(
        required=False,
        max_length=80,
        help_text="Part of the province or city name, with its diacritics, e.g. 'Hà Nội'.",
    )

    def validate_province(self, value: str) -> str:
        return normalize(value).strip()
