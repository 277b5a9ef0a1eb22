"""Pagination for every list endpoint: page numbers with a bounded page size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

if TYPE_CHECKING:  # rest_framework.generics imports this module through the settings
    from rest_framework.generics import GenericAPIView


class StandardPagination(PageNumberPagination):
    """?page=N (from 1) and ?page_size=N (default 50, at most 200); the answer carries the total count
    and the links to the neighbouring pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123, "description": "Number of items on all pages."},
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "example": "https://ecourt.example/api/v1/cases/?page=4",
                    "description": "Link to the next page (null on the last).",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "example": "https://ecourt.example/api/v1/cases/?page=2",
                    "description": "Link to the previous page (null on the first).",
                },
                "results": {**schema, "description": "The items of this page."},
            },
        }


def paginate(view: GenericAPIView[Any], items: QuerySet[Any] | list[Any]) -> list[Any]:
    """The current page of ``items`` for ``view`` (whose pagination class is set)."""
    page = view.paginate_queryset(items)
    if page is None:
        raise ImproperlyConfigured(f"{type(view).__name__} has no pagination class")
    return list(page)
