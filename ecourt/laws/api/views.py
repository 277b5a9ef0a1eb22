"""The legal corpus: documents with their filters and search, one document with its relations and table of
contents, a provision as of a day, and a provision's history.

The corpus is public law: these endpoints are open to anonymous clients (limited per address like every
anonymous request, docs/api.md "Rate limits"). Reads go through ``laws.selectors``.

Provision keys contain slashes (``dieu-203/khoan-1/diem-a``): they are the rest of the path after
``provisions/``, written as they are or with the slashes percent-encoded (``dieu-203%2Fkhoan-1``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.errors import SearchUnavailable
from ecourt.api.pagination import paginate
from ecourt.api.schema import error_responses
from ecourt.search import engine
from ecourt.search.storage import IndexOutdatedError, SearchBusyError
from ecourt.vietnamese import fold

from .. import selectors
from ..models import LegalDocument, Provision
from .serializers import (
    AsOfSerializer,
    DocumentFilterSerializer,
    LegalDocumentDetailSerializer,
    LegalDocumentSerializer,
    ProvisionAsOfSerializer,
    ProvisionHistorySerializer,
    day_of,
)

DOCUMENT_KEY = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    description="The document's key, e.g. 91-2015-qh13 (the list gives each document's key).",
)
PROVISION_KEY = OpenApiParameter(
    "provision",
    str,
    OpenApiParameter.PATH,
    description="The provision's key in its document: dieu-203, dieu-203/khoan-1, dieu-203/khoan-1/diem-a "
    "(point đ is diem-dd), chuong-ii. Its slashes are part of the path (or sent as %2F).",
)


# A search ranks at most this many documents; the filters then apply to them (a query that matches more is
# too broad to page through).
MAX_RANKED = 1000


def ranked_ids(query: str) -> list[int]:
    """Ids of the documents of the "laws" search corpus that match ``query``, best first."""
    ids: list[int] = []
    page = 1
    while len(ids) < MAX_RANKED:
        try:
            results = engine.search("laws", query, page=page, page_size=engine.MAX_PAGE_SIZE)
        except (IndexOutdatedError, SearchBusyError) as exc:
            # A deploy that changed the index's fields and has not rebuilt it yet, or a lock held too long:
            # the client may retry; the other filters work without ?q.
            raise SearchUnavailable from exc
        ids.extend(hit.id for hit in results.hits)
        if not results.has_next:
            break
        page += 1
    return ids[:MAX_RANKED]


def filter_documents(filters: dict[str, Any]) -> QuerySet[LegalDocument] | list[LegalDocument]:
    """Documents matching the validated filters of ``DocumentFilterSerializer``, annotated with their status
    on the day; newest first, or by relevance when ``q`` is given."""
    rows = selectors.with_status(LegalDocument.objects.all(), day_of(filters))
    if number := filters.get("number"):
        folded = fold(number)
        # Numbers are written with Đ and mixed case (QĐ-TTg); the database cannot fold either on SQLite.
        candidates = LegalDocument.objects.filter(search_key__contains=folded).values_list("pk", "number")
        rows = rows.filter(pk__in=[pk for pk, value in candidates if fold(value) == folded])
    if doc_type := filters.get("type"):
        rows = rows.filter(doc_type=doc_type)
    if issuer := filters.get("issuer"):
        folded = fold(issuer)
        issuers = LegalDocument.objects.exclude(issuer="").values_list("issuer", flat=True).distinct()
        rows = rows.filter(issuer__in=[name for name in issuers if folded in fold(name)])
    if year := filters.get("year"):
        rows = rows.filter(issued_on__year=year)
    if status := filters.get("status"):
        rows = rows.filter(Q(status_on=status))  # an annotation (with_status): Q keeps the type checker out
    if q := filters.get("q"):
        ranking = ranked_ids(q)
        order = {pk: i for i, pk in enumerate(ranking)}
        return sorted(rows.filter(pk__in=ranking), key=lambda d: order[d.pk])
    return rows


class LegalDocumentViewSet(viewsets.GenericViewSet[LegalDocument]):
    permission_classes = [AllowAny]
    lookup_field = "key"
    lookup_value_converter = "slug"

    @extend_schema(
        summary="Legal documents, filtered or searched",
        parameters=[DocumentFilterSerializer],
        responses={200: LegalDocumentSerializer(many=True), **error_responses(400, 503)},
    )
    def list(self, request: Request) -> Response:
        filters = DocumentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = paginate(self, filter_documents(filters.validated_data))
        return self.get_paginated_response(LegalDocumentSerializer(page, many=True).data)

    @extend_schema(
        summary="One legal document: metadata, status on a day, relations with their dates, table of contents",
        parameters=[DOCUMENT_KEY, AsOfSerializer],
        responses={200: LegalDocumentDetailSerializer, **error_responses(400, 404)},
    )
    def retrieve(self, request: Request, key: str) -> Response:
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.day
        document = selectors.with_status(LegalDocument.objects.filter(key=key), day).first()
        if document is None:
            raise NotFound(f"Không có văn bản {key}")
        outgoing, incoming = selectors.document_relations(document)
        context = {
            "day": day,
            "outgoing": outgoing,
            "incoming": incoming,
            "toc": selectors.table_of_contents(document),
        }
        return Response(LegalDocumentDetailSerializer(document, context=context).data)


def provision_or_404(key: str, provision_key: str) -> Provision:
    provision = (
        Provision.objects.select_related("document", "parent")
        .filter(document__key=key, key=provision_key.strip("/"))
        .first()
    )
    if provision is None:
        if not LegalDocument.objects.filter(key=key).exists():
            raise NotFound(f"Không có văn bản {key}")
        raise NotFound(f"Văn bản {key} không có quy định {provision_key}")
    return provision


class ProvisionView(GenericAPIView[Provision]):
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        summary="A provision as of a day: its whole text then, the period of that text and who introduced it",
        parameters=[DOCUMENT_KEY, PROVISION_KEY, AsOfSerializer],
        responses={200: ProvisionAsOfSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request, key: str, provision: str) -> Response:
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.day
        found = provision_or_404(key, provision)
        context = {
            "day": day,
            "version": selectors.version_as_of(found, day),
            "text": selectors.text_as_of(found, day),
            "amended_by": selectors.documents_amending(found),
        }
        return Response(ProvisionAsOfSerializer(found, context=context).data)


class ProvisionVersionsView(GenericAPIView[Provision]):
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        summary="A provision's history: the periods of its whole text and the versions of its own words, with the "
        "documents that introduced them",
        parameters=[DOCUMENT_KEY, PROVISION_KEY],
        responses={200: ProvisionHistorySerializer, **error_responses(404)},
    )
    def get(self, request: Request, key: str, provision: str) -> Response:
        found = provision_or_404(key, provision)
        context = {"periods": selectors.provision_periods(found), "versions": selectors.provision_history(found)}
        return Response(ProvisionHistorySerializer(found, context=context).data)
