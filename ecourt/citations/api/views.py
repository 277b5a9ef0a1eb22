"""Citations of a text: read them (``POST /citations/extract/``) and check them (``POST /citations/check/``).

Open to anonymous clients, like the legal corpus they point into, and rate-limited per address and per
user more tightly than other endpoints (scope "citations", ecourt/api/throttling.py): one request reads up
to 64,000 characters. The answers are what ``cite extract --json`` and ``cite check --json`` print.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ecourt.api.schema import error_responses
from ecourt.api.throttling import scoped_throttles
from ecourt.citations.pipeline import read_citations
from ecourt.citations.verification import check_text

from .serializers import CheckResultSerializer, ExtractResultSerializer, TextInputSerializer

EXAMPLE = OpenApiExample(
    "A judgment's reasoning",
    value={
        "text": "Căn cứ khoản 1 Điều 203 của Bộ luật Tố tụng dân sự năm 2015; Điều 26, 35 và 39 BLTTDS.",
        "date": "2020-03-01",
    },
    request_only=True,
)


class CitationsView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = scoped_throttles("citations")

    def read_input(self, request: Request) -> dict[str, Any]:
        serializer = TextInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ExtractView(CitationsView):
    @extend_schema(
        summary="Every citation of a text, resolved to the document and the version in force on its date",
        request=TextInputSerializer,
        responses={200: ExtractResultSerializer, **error_responses(400, 413)},
        examples=[EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request)
        found = read_citations(data["text"], day=data.get("date"), domain=data.get("domain"))
        return Response(
            {
                "day": found.day,
                "day_source": found.day_source,
                "domain": found.domain,
                "characters": len(data["text"]),
                "citations": [resolution.as_dict() for resolution in found.resolutions],
            }
        )


class CheckView(CitationsView):
    @extend_schema(
        summary="Every citation of a text with its verdict on its date: valid, not found, amended, replaced, "
        "repealed, expired, not yet in force, renumbered",
        request=TextInputSerializer,
        responses={200: CheckResultSerializer, **error_responses(400, 413)},
        examples=[EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request)
        report = check_text(data["text"], data.get("date"), domain=data.get("domain"))
        answer = report.as_dict()
        # Overlaps with provisions in force (semantic search) are not computed here: too slow for a
        # synchronous request; the reviewers' page and ``cite check --overlaps`` give them.
        answer.pop("overlaps", None)
        return Response(answer)
