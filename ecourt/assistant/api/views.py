"""The assistant in the API: ``POST /assistant/ask/`` answers a question, ``POST /assistant/answers/{id}/rating/``
rates an answer. Staff only, like the pages; rate-limited like the citations endpoints (scope "assistant")."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ecourt.api.schema import error_responses
from ecourt.api.throttling import scoped_throttles
from ecourt.assistant import services
from ecourt.assistant.models import Answer
from ecourt.people.models import UserKind

from .serializers import AssistantAnswerSerializer, AssistantAskSerializer, AssistantRatingSerializer


class IsStaff(BasePermission):
    """Officials (staff accounts) only, as the assistant's pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (getattr(user, "kind", None) == UserKind.STAFF or user.is_superuser)
        )


class AssistantView(APIView):
    permission_classes = [IsAuthenticated, IsStaff]
    parser_classes = [JSONParser]
    throttle_classes = scoped_throttles("assistant")


class AskView(AssistantView):
    @extend_schema(
        summary="Answer a legal question from the provisions in force on the date of the facts, every citation checked",
        request=AssistantAskSerializer,
        responses={200: AssistantAnswerSerializer, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        serializer = AssistantAskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        filters = data.get("filters") or {}
        question = services.ask(
            request.user,  # type: ignore[arg-type]
            data["question"],
            facts_date=data.get("facts_date"),
            doc_type=filters.get("doc_type") or "",
            court=filters.get("court") or "",
        )
        return Response(AssistantAnswerSerializer(question.answer).data)


class RatingView(AssistantView):
    @extend_schema(
        summary="Rate an answer (useful or not, with a comment); rating again replaces the rating",
        request=AssistantRatingSerializer,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The answer's id.")],
        responses={200: AssistantRatingSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        answer = Answer.objects.filter(pk=pk, question__asker=request.user.pk).first()
        if answer is None:
            return Response({"detail": "Không tìm thấy câu trả lời."}, status=404)
        serializer = AssistantRatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = services.rate(answer, request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response({"useful": rating.useful, "comment": rating.comment})
