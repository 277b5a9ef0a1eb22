"""Courts: the list with its filters, and one court with its history. Readable by any signed-in user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.pagination import paginate
from ecourt.api.schema import COURT_ID, error_responses
from ecourt.vietnamese import fold

from ..models import Court, CourtSuccession
from .serializers import CourtDetailSerializer, CourtFilterSerializer, CourtSerializer


def filter_courts(filters: dict[str, Any]) -> QuerySet[Court]:
    """Courts matching the validated filters of ``CourtFilterSerializer``, in code order."""
    courts = Court.objects.all()
    if level := filters.get("level"):
        courts = courts.filter(level=level)
    if (day := filters.get("active_on")) is not None:
        courts = courts.active_on(day)
    if province := filters.get("province"):
        courts = courts.filter(province__icontains=province)
    if q := (filters.get("q") or "").strip():
        courts = courts.filter(Q(search_key__contains=fold(q)) | Q(code=q))
    return courts.order_by("code")


class CourtViewSet(viewsets.GenericViewSet[Court]):
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Court]:
        return Court.objects.select_related("parent").prefetch_related(
            Prefetch("successions_in", CourtSuccession.objects.select_related("predecessor")),
            Prefetch("successions_out", CourtSuccession.objects.select_related("successor")),
            "departments",
        )

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
        summary="One court, with its parent, predecessors, successors and departments",
        parameters=[COURT_ID],
        responses={200: CourtDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        court = self.get_queryset().filter(pk=pk).first()
        if court is None:
            raise NotFound("Không tìm thấy Tòa án")
        return Response(CourtDetailSerializer(court).data)
