"""Courts in the API.

``CourtBriefSerializer`` is how other resources (cases, memberships) show a court; the list and the
detail endpoints have their own serializers. Other apps import from here, never the reverse, so the
serializers form no import cycle.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecourt.vietnamese import normalize

from ..models import Court, CourtLevel, Department, SuccessionKind
from ..selectors import CourtHistory, Link


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


class ParentPeriodSerializer(serializers.Serializer[Any]):
    """The court immediately above this one during a period."""

    court = CourtBriefSerializer(read_only=True, help_text="The court above.")
    valid_from = serializers.DateField(
        source="start", read_only=True, allow_null=True, help_text="First day of the period (null: since the start)."
    )
    valid_to = serializers.DateField(
        source="end", read_only=True, allow_null=True, help_text="First day it no longer applied (null: still applies)."
    )
    legal_basis = serializers.CharField(read_only=True, help_text="Act that changed the parent, if recorded.")


class ChildPeriodSerializer(serializers.Serializer[Any]):
    """A court that was immediately below this one during a period."""

    court = CourtBriefSerializer(read_only=True, help_text="The court below.")
    valid_from = serializers.DateField(
        source="start", read_only=True, allow_null=True, help_text="First day of the period (null: since the start)."
    )
    valid_to = serializers.DateField(
        source="end", read_only=True, allow_null=True, help_text="First day it no longer applied (null: still applies)."
    )


class SuccessionSerializer(serializers.Serializer[Any]):
    """A court this one took over from, or that took over from it."""

    court = CourtBriefSerializer(read_only=True, help_text="The other court.")
    effective_on = serializers.DateField(source="start", read_only=True, help_text="Day the successor took over.")
    kind = serializers.ChoiceField(
        choices=SuccessionKind.choices, read_only=True, help_text="How the successor took over."
    )
    kind_label = serializers.SerializerMethodField(help_text="How the successor took over, as a label.")
    legal_basis = serializers.CharField(read_only=True, help_text="Act that ordered the succession.")

    def get_kind_label(self, link: Link) -> str:
        return str(SuccessionKind(link.kind).label) if link.kind in SuccessionKind.values else ""


class CourtDetailSerializer(CourtSerializer):
    """One court with its place in the hierarchy over time, its history and its departments.
    Serialize with ``context["history"]`` from ``courts.selectors.court_history``."""

    parent = CourtBriefSerializer(
        read_only=True, allow_null=True, help_text="The court immediately above this one now (or when it ceased)."
    )
    parents = serializers.SerializerMethodField(help_text="The courts above this one over time, the earliest first.")
    children = serializers.SerializerMethodField(help_text="Courts that were ever immediately below this one.")
    predecessors = serializers.SerializerMethodField(
        help_text="Courts this one took over from, with the date and kind."
    )
    successors = serializers.SerializerMethodField(
        help_text="Courts that took over from this one, with the date and kind."
    )
    holder_today = serializers.SerializerMethodField(
        help_text="For a court that ceased: the court that holds its work today (null otherwise)."
    )
    departments = serializers.SerializerMethodField(help_text="Its specialised divisions.")

    class Meta(CourtSerializer.Meta):
        fields = [
            *CourtSerializer.Meta.fields,
            "parents",
            "children",
            "predecessors",
            "successors",
            "holder_today",
            "departments",
        ]
        read_only_fields = fields

    @property
    def history(self) -> CourtHistory:
        history = self.context["history"]
        assert isinstance(history, CourtHistory)
        return history

    @extend_schema_field(ParentPeriodSerializer(many=True))
    def get_parents(self, court: Court) -> list[dict[str, Any]]:
        return list(ParentPeriodSerializer(self.history.parents, many=True).data)

    @extend_schema_field(ChildPeriodSerializer(many=True))
    def get_children(self, court: Court) -> list[dict[str, Any]]:
        return list(ChildPeriodSerializer(self.history.children, many=True).data)

    @extend_schema_field(SuccessionSerializer(many=True))
    def get_predecessors(self, court: Court) -> list[dict[str, Any]]:
        return list(SuccessionSerializer(self.history.predecessors, many=True).data)

    @extend_schema_field(SuccessionSerializer(many=True))
    def get_successors(self, court: Court) -> list[dict[str, Any]]:
        return list(SuccessionSerializer(self.history.successors, many=True).data)

    @extend_schema_field(CourtBriefSerializer(allow_null=True))
    def get_holder_today(self, court: Court) -> dict[str, Any] | None:
        holder = self.history.holder_today
        return dict(CourtBriefSerializer(holder).data) if holder is not None else None

    @extend_schema_field(DepartmentSerializer(many=True))
    def get_departments(self, court: Court) -> list[dict[str, Any]]:
        return list(DepartmentSerializer(self.history.departments, many=True).data)


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
