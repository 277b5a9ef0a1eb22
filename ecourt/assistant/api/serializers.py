"""The assistant in the API: a question in, the checked answer out; a rating of an answer."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ecourt.assistant.forms import MAX_QUESTION_CHARS
from ecourt.assistant.models import Answer, Question
from ecourt.laws.models import DocumentType


class AssistantFiltersSerializer(serializers.Serializer[Any]):
    doc_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, allow_blank=True, help_text="Only documents of this type."
    )
    court = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Judgments of this court (and its predecessors)."
    )


class AssistantAskSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=MAX_QUESTION_CHARS, help_text="The question, in Vietnamese.")
    facts_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Date of the facts: only provisions in force that day (default today).",
    )
    filters = AssistantFiltersSerializer(required=False, help_text="Document type and court.")


class AssistantCitationSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(help_text="'khoản 3 Điều 6'.")  # type: ignore[assignment]
    number = serializers.CharField(help_text="The document's number.")
    document_title = serializers.CharField(help_text="The document's title.")
    article = serializers.CharField(help_text="Article (Điều) number, e.g. '6', '4a'.")
    clause = serializers.CharField(allow_null=True, help_text="Clause (khoản) number (null: the article).")
    point = serializers.CharField(allow_null=True, help_text="Point (điểm) letter (null: none).")
    document_key = serializers.CharField(help_text="The document's key in the corpus (its page's address).")
    provision_key = serializers.CharField(help_text="'dieu-6/khoan-3'.")
    valid_from = serializers.DateField(allow_null=True, help_text="First day of the text in force (null: unknown).")
    valid_to = serializers.DateField(allow_null=True, help_text="First day no longer in force (null: still).")
    url = serializers.CharField(allow_null=True, help_text="The provision's page.")
    verdict = serializers.CharField(allow_null=True, help_text="The citator's verdict: valid or amended.")


class AssistantStatementSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="The provision's own words (or a checked sentence of a generated draft).")
    citations = AssistantCitationSerializer(many=True, help_text="Its sources, each checked by the citator.")
    source_title = serializers.CharField(help_text="The cited article's heading.")
    source_text = serializers.CharField(help_text="The whole article as in force on the day.")
    evidence = serializers.FloatField(help_text="Share of the question's word pairs found in the article (0 to 1).")


class AssistantSourceSerializer(serializers.Serializer[Any]):
    cited_as = serializers.CharField(help_text="The citation as the expert wrote it.")
    number = serializers.CharField(help_text="The document's number.")
    provision_key = serializers.CharField(help_text="'dieu-6/khoan-3' (empty: the whole document).")
    verdict = serializers.CharField(help_text="The citator's verdict on the day: valid or amended.")
    url = serializers.CharField(allow_null=True, help_text="The provision's page.")


class AssistantStandardAnswerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The standardized answer's id.")
    question = serializers.CharField(help_text="The standardized question.")
    text = serializers.CharField(help_text="The approved answer (its current version).")
    version = serializers.IntegerField(help_text="Version number of the approved text.")
    approved_by = serializers.CharField(help_text="Who approved it.")
    approved_at = serializers.DateField(allow_null=True, help_text="Day it was approved.")
    as_of = serializers.DateField(help_text="The day whose law it states.")
    flagged = serializers.BooleanField(help_text="Under review: a provision it cites changed (never the main answer).")
    main = serializers.BooleanField(help_text="Shown first as the answer: a strong match, not under review.")
    match = serializers.FloatField(help_text="How alike the questions are (0 to 1; main from 0.75).")
    url = serializers.CharField(allow_null=True, help_text="Its page.")
    sources = AssistantSourceSerializer(many=True, help_text="Its sources, each in force on the day.")


class AssistantPrecedentSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(help_text="The precedent's number, e.g. '08/2016/AL'.")
    title = serializers.CharField(help_text="Its title.")
    principle = serializers.CharField(help_text="The legal situation and its solution (shortened).")
    effective_on = serializers.DateField(allow_null=True, help_text="Day from which it applies.")
    evidence = serializers.FloatField(help_text="Share of the question's word pairs found in it (0 to 1).")
    url = serializers.CharField(allow_null=True, help_text="Its page.")


class AssistantAnswerSerializer(serializers.ModelSerializer[Answer]):
    id = serializers.IntegerField(read_only=True, help_text="The answer's id (to rate it).")
    question = serializers.CharField(source="question.text", read_only=True, help_text="The question as asked.")
    question_id = serializers.IntegerField(source="question.pk", read_only=True, help_text="The question's id.")
    facts_date = serializers.DateField(
        source="question.facts_date", read_only=True, allow_null=True, help_text="Date of the facts given (null: none)."
    )
    status = serializers.CharField(read_only=True, help_text="answered, or unknown (evidence too weak).")
    method = serializers.CharField(read_only=True, help_text="extractive, or generated (drafted by a language model).")
    statements = AssistantStatementSerializer(
        many=True, read_only=True, help_text="The answer: each statement with its checked citations."
    )
    removed = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text="Citations removed by the check: {citation, verdict, reason}.",
    )
    judgments = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text="Published judgments on the question: {id, number, title, court, decided}.",
    )
    standard_answers = AssistantStandardAnswerSerializer(
        many=True,
        read_only=True,
        help_text="Standardized answers whose sources were in force on the day; the main one first.",
    )
    precedents = AssistantPrecedentSerializer(
        many=True, read_only=True, help_text="Precedents applying on the day that bear on the question."
    )
    message = serializers.SerializerMethodField(help_text="What the answer says about itself (unknown, removals).")

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
            "standard_answers",
            "precedents",
            "message",
        ]

    def get_message(self, answer: Answer) -> str:
        if answer.status == "unknown":
            return "Tôi không biết: các quy định tìm được không đủ để trả lời. Có thể gửi câu hỏi cho chuyên gia."
        if answer.removed:
            return f"Đã bỏ {len(answer.removed)} trích dẫn không tồn tại hoặc không còn hiệu lực vào ngày đó."
        return ""


class AssistantRatingSerializer(serializers.Serializer[Any]):
    useful = serializers.BooleanField(help_text="Whether the answer was useful.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="Why (optional).")


def question_of(pk: int, user: Any) -> Question | None:
    return Question.objects.filter(pk=pk, asker=user).select_related("answer").first()
