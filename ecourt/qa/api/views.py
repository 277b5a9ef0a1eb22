"""Standardized answers, read-only, for court officials: the list (``?flagged=``, ``?q=``) and one answer,
each with its current version, its sources and its open review flags."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.auth import signed_in_user
from ecourt.api.pagination import paginate
from ecourt.api.schema import error_responses

from .. import access, selectors
from ..models import StandardAnswer
from .serializers import StandardAnswerFilterSerializer, StandardAnswerSerializer

ANSWER_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The standardized answer's id.")


def _official(request: Request) -> None:
    if not access.is_court_official(signed_in_user(request)):
        raise PermissionDenied("Chỉ công chức Tòa án được xem các câu trả lời chuẩn hóa.")


class StandardAnswerViewSet(viewsets.GenericViewSet[StandardAnswer]):
    @extend_schema(
        summary="Standardized answers in use (current approved versions), flagged ones marked",
        parameters=[StandardAnswerFilterSerializer],
        responses={200: StandardAnswerSerializer(many=True), **error_responses(400, 403)},
    )
    def list(self, request: Request) -> Response:
        _official(request)
        filters = StandardAnswerFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.answers(flagged=filters.validated_data.get("flagged"), q=filters.validated_data.get("q"))
        page = paginate(self, rows.prefetch_related("current_version__sources", "flags__source"))
        return self.get_paginated_response(StandardAnswerSerializer(page, many=True).data)

    @extend_schema(
        summary="One standardized answer: current version, sources, open review flags",
        parameters=[ANSWER_ID],
        responses={200: StandardAnswerSerializer, **error_responses(403, 404)},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        _official(request)
        answer = selectors.answers().filter(pk=int(pk) if pk.isdigit() else 0).first()
        if answer is None:
            raise NotFound(f"Không có câu trả lời chuẩn hóa {pk}")
        return Response(StandardAnswerSerializer(answer).data)
