"""Standardized answers in the API: the current version with its sources, who approved it, and whether
a review flag is open."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AnswerSource, ReviewFlag, StandardAnswer, StandardAnswerVersion


class StandardAnswerFilterSerializer(serializers.Serializer[Any]):
    flagged = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only flagged (true) or unflagged (false)."
    )
    q = serializers.CharField(required=False, max_length=200, help_text="Words of the question (as written).")


class StandardAnswerSourceSerializer(serializers.ModelSerializer[AnswerSource]):
    document_key = serializers.SerializerMethodField(help_text="Key of the document in the corpus (null: removed).")

    class Meta:
        model = AnswerSource
        fields = [
            "cited_as",
            "document_key",
            "document_number",
            "document_title",
            "provision_key",
            "valid_from",
            "valid_to",
            "text",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document_key(self, obj: AnswerSource) -> str | None:
        return obj.document.key if obj.document else None


class StandardAnswerVersionSerializer(serializers.ModelSerializer[StandardAnswerVersion]):
    author = serializers.CharField(source="author.get_full_name", read_only=True, help_text="Expert who wrote it.")
    approved_by = serializers.CharField(
        source="approved_by.get_full_name", read_only=True, allow_null=True, help_text="Who approved it."
    )
    sources = StandardAnswerSourceSerializer(
        many=True, read_only=True, help_text="Provisions cited, as resolved by the citator when it was saved."
    )

    class Meta:
        model = StandardAnswerVersion
        fields = ["seq", "question", "text", "as_of", "author", "approved_by", "approved_at", "sources"]
        # Read-only: a writable integer would carry the database's range (SQLite's 64-bit, PostgreSQL's
        # 32-bit), and the schema would differ between the two.
        read_only_fields = fields


class ReviewFlagSerializer(serializers.ModelSerializer[ReviewFlag]):
    citation = serializers.CharField(source="source.cited_as", read_only=True, help_text="The citation concerned.")

    class Meta:
        model = ReviewFlag
        fields = ["reason", "citation", "changed_by_number", "effective_on", "detail", "raised_at"]
        read_only_fields = fields


class StandardAnswerSerializer(serializers.ModelSerializer[StandardAnswer]):
    current = StandardAnswerVersionSerializer(
        source="current_version", read_only=True, help_text="The approved version in use."
    )
    flagged = serializers.BooleanField(read_only=True, help_text="A review flag is open: a cited provision changed.")
    open_flags = serializers.SerializerMethodField(help_text="The open review flags.")
    group = serializers.CharField(source="group.name", read_only=True, help_text="Expert group responsible.")

    class Meta:
        model = StandardAnswer
        fields = ["id", "canonical_question", "question_as_asked", "group", "flagged", "open_flags", "current"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "The answer's id."}}

    @extend_schema_field(ReviewFlagSerializer(many=True))
    def get_open_flags(self, obj: StandardAnswer) -> list[dict[str, Any]]:
        rows = [f for f in obj.flags.all() if f.resolved_at is None]
        return list(ReviewFlagSerializer(rows, many=True).data)
