"""Published judgments in the API: the portal's search (the same query syntax, filters, facets, sort and
stable pages as /judgments/) and one judgment with its citations.

Open to anonymous clients, limited per address like every anonymous request (docs/api.md "Rate limits").
A query the search cannot read as written answers 400 (the page searches its words instead; a program
should know), a page past the last one 404, an index being rebuilt 503.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ecourt.api.errors import SearchUnavailable
from ecourt.api.schema import error_responses

from .. import portal, selectors
from ..models import Judgment
from .serializers import (
    JudgmentDetailSerializer,
    JudgmentHitSerializer,
    JudgmentSearchResultSerializer,
    JudgmentSearchSerializer,
)

JUDGMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The judgment's id.")


class JudgmentViewSet(viewsets.GenericViewSet[Judgment]):
    permission_classes = [AllowAny]
    pagination_class = None  # the search engine pages the results itself
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        return selectors.published_judgments()

    @extend_schema(
        summary="Published judgments, searched and filtered, with facet counts",
        parameters=[JudgmentSearchSerializer],
        responses={200: JudgmentSearchResultSerializer, **error_responses(400, 404, 503)},
    )
    def list(self, request: Request) -> Response:
        params = JudgmentSearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = data.get("q", "")
        page = data.get("page", 1)
        try:
            results = portal.search_judgments(
                query,
                {name: data[name] for name in portal.FILTERS if name in data},
                sort=data.get("sort") or ("relevance" if query else "newest"),
                page=page,
                page_size=data.get("page_size", portal.PAGE_SIZE),
            )
        except portal.SearchUnavailableError as exc:
            raise SearchUnavailable from exc
        if results.fallback:
            raise serializers.ValidationError({"q": [results.notice]})
        if page > 1 and not results.hits:
            raise NotFound(f"Trang {page} không có kết quả (có {results.pages} trang)")
        url = request.build_absolute_uri()
        body = {
            "count": results.total,
            "next": replace_query_param(url, "page", page + 1) if results.has_next else None,
            "previous": (
                None
                if page == 1
                else remove_query_param(url, "page")
                if page == 2
                else replace_query_param(url, "page", page - 1)
            ),
            "query": results.query,
            "results": JudgmentHitSerializer(results.hits, many=True).data,
            "facets": {
                portal.FACET_FILTER[name]: [{"value": str(f.value), "count": f.count} for f in counts]
                for name, counts in results.facets.items()
            },
            "facets_estimated": results.facets_estimated,
        }
        return Response(body)

    @extend_schema(
        summary="A published judgment: metadata, full text and its citations of law",
        parameters=[JUDGMENT_ID],
        responses={200: JudgmentDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        judgment = selectors.published_judgments().filter(pk=pk).first()
        if judgment is None:
            raise NotFound(f"Không có bản án công bố số {pk}")
        context = {"citations": selectors.judgment_citations(judgment)}
        return Response(JudgmentDetailSerializer(judgment, context=context).data)
