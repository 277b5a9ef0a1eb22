"""Precedents (án lệ), read-only and public like the legal corpus: the list with its filters, and one
precedent by its key (08-2016-al) or number (08/2016/AL, its slashes part of the path or sent as %2F)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.pagination import paginate
from ecourt.api.schema import error_responses

from .. import selectors
from ..models import Precedent
from .serializers import PrecedentDetailSerializer, PrecedentFilterSerializer, PrecedentSerializer

PRECEDENT_KEY = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    description="The precedent's key, e.g. 08-2016-al (its number 08/2016/AL is accepted too).",
)


class PrecedentViewSet(viewsets.GenericViewSet[Precedent]):
    permission_classes = [AllowAny]
    lookup_field = "key"
    lookup_value_converter = "path"

    @extend_schema(
        summary="Precedents (án lệ), filtered",
        parameters=[PrecedentFilterSerializer],
        responses={200: PrecedentSerializer(many=True), **error_responses(400)},
    )
    def list(self, request: Request) -> Response:
        filters = PrecedentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.public_list(status=filters.validated_data.get("status"), q=filters.validated_data.get("q"))
        page = paginate(self, rows)
        return self.get_paginated_response(PrecedentSerializer(page, many=True).data)

    @extend_schema(
        summary="One precedent: metadata, principle, content, status and the judgments citing it",
        parameters=[PRECEDENT_KEY],
        responses={200: PrecedentDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, key: str) -> Response:
        precedent = selectors.find(key)
        if precedent is None:
            raise NotFound(f"Không có án lệ {key}")
        total, citing = selectors.cited_by(precedent)
        context = {"cited_total": total, "citing": citing}
        return Response(PrecedentDetailSerializer(precedent, context=context).data)
