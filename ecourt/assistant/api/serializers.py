"""The assistant in the API: a question in, the checked answer out; a rating of an answer."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ecourt.assistant.forms import MAX_QUESTION_CHARS
from ecourt.assistant.models import Answer, Question
from ecourt.laws.models import DocumentType


class AskFiltersSerializer(serializers.Serializer[Any]):
    doc_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, allow_blank=True, help_text="Only documents of this type."
    )
    court = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Judgments of this court (and its predecessors)."
    )


class AskSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=MAX_QUESTION_CHARS, help_text="The question, in Vietnamese.")
    facts_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Date of the facts: only provisions in force that day (default today).",
    )
    filters = AskFiltersSerializer(required=False, help_text="Document type and court.")


class CitationOutSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(help_text="'khoản 3 Điều 6'.")  # type: ignore[assignment]
    number = serializers.CharField(help_text="The document's number.")
    document_title = serializers.CharField()
    article = serializers.CharField()
    clause = serializers.CharField(allow_null=True)
    point = serializers.CharField(allow_null=True)
    document_key = serializers.CharField()
    provision_key = serializers.CharField(help_text="'dieu-6/khoan-3'.")
    valid_from = serializers.DateField(allow_null=True, help_text="First day of the text in force (null: unknown).")
    valid_to = serializers.DateField(allow_null=True, help_text="First day no longer in force (null: still).")
    url = serializers.CharField(allow_null=True, help_text="The provision's page.")
    verdict = serializers.CharField(allow_null=True, help_text="The citator's verdict: valid or amended.")


class StatementSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="The provision's own words (or a checked sentence of a generated draft).")
    citations = CitationOutSerializer(many=True)
    source_title = serializers.CharField()
    source_text = serializers.CharField(help_text="The whole article as in force on the day.")
    evidence = serializers.FloatField()


class AnswerSerializer(serializers.ModelSerializer[Answer]):
    question = serializers.CharField(source="question.text", read_only=True)
    question_id = serializers.IntegerField(source="question.pk", read_only=True)
    facts_date = serializers.DateField(source="question.facts_date", read_only=True, allow_null=True)
    statements = StatementSerializer(many=True, read_only=True)
    removed = serializers.ListField(child=serializers.DictField(), read_only=True)
    judgments = serializers.ListField(child=serializers.DictField(), read_only=True)
    message = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "id",
            "question_id",
            "question",
            "facts_date",
            "day",
            "status",
            "method",
            "evidence",
            "statements",
            "removed",
            "judgments",
            "message",
        ]

    def get_message(self, answer: Answer) -> str:
        if answer.status == "unknown":
            return "Tôi không biết: các quy định tìm được không đủ để trả lời. Có thể gửi câu hỏi cho chuyên gia."
        if answer.removed:
            return f"Đã bỏ {len(answer.removed)} trích dẫn không tồn tại hoặc không còn hiệu lực vào ngày đó."
        return ""


class RatingSerializer(serializers.Serializer[Any]):
    useful = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def question_of(pk: int, user: Any) -> Question | None:
    return Question.objects.filter(pk=pk, asker=user).select_related("answer").first()
