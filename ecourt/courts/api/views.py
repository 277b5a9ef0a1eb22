"""Courts: the list with its filters, and one court with its history. Readable by any signed-in user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.pagination import paginate
from ecourt.api.schema import COURT_ID, error_responses

from ..models import Court
from ..selectors import court_history, search_courts
from .serializers import CourtDetailSerializer, CourtFilterSerializer, CourtSerializer


def filter_courts(filters: dict[str, Any]) -> QuerySet[Court]:
    """Courts matching the validated filters of ``CourtFilterSerializer``, in code order."""
    courts = search_courts(text=filters.get("q", ""), level=filters.get("level", ""), on=filters.get("active_on"))
    if province := filters.get("province"):
        courts = courts.filter(province__icontains=province)
    return courts


class CourtViewSet(viewsets.GenericViewSet[Court]):
    lookup_value_converter = "int"

    @extend_schema(
        summary="List courts",
        parameters=[CourtFilterSerializer],
        responses={200: CourtSerializer(many=True), **error_responses(400)},
    )
    def list(self, request: Request) -> Response:
        filters = CourtFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = paginate(self, filter_courts(filters.validated_data))
        return self.get_paginated_response(CourtSerializer(page, many=True).data)

    @extend_schema(
        summary="One court, with its parents over time, predecessors, successors and departments",
        parameters=[COURT_ID],
        responses={200: CourtDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        court = Court.objects.select_related("parent").filter(pk=pk).first()
        if court is None:
            raise NotFound("Không tìm thấy Tòa án")
        history = court_history(court, timezone.localdate())
        return Response(CourtDetailSerializer(court, context={"history": history}).data)
