"""The OpenAPI schema's generator, and the pieces every endpoint shares: the error body, the error
responses and the described ``{id}`` path parameters."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

# The committed schema must not depend on the active language nor on whether the translation
# catalogues are compiled: it is generated from the English source strings (help texts are English;
# choice labels and Django REST framework's own texts are translatable).
SCHEMA_LANGUAGE = "en"


class SchemaGenerator(SpectacularSchemaGenerator):
    """drf-spectacular's generator, always in ``SCHEMA_LANGUAGE`` (SPECTACULAR_SETTINGS points here)."""

    def get_schema(self, request: Request | None = None, public: bool = False) -> dict[str, Any]:
        with translation.override(SCHEMA_LANGUAGE):
            schema: dict[str, Any] = super().get_schema(request, public)  # type: ignore[no-untyped-call]
        return schema


class ApiErrorBodySerializer(serializers.Serializer[Any]):
    """What went wrong."""

    code = serializers.CharField(
        help_text=(
            "Stable, machine-readable code: invalid_input, invalid_transition, not_authenticated, "
            "authentication_failed, permission_denied, not_found, unknown_step, method_not_allowed, "
            "parse_error, request_too_large, unsupported_media_type, throttled, search_unavailable."
        )
    )
    message = serializers.CharField(help_text="Explanation for people, Vietnamese first.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "fields" cannot be declared as a class attribute: it is the name of Serializer.fields.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.JSONField(),
            help_text=(
                "Input field → list of messages (nested objects for nested input, e.g. parties → index "
                "→ field). Empty when the error is not about a particular field."
            ),
        )
        return fields


class ApiErrorSerializer(serializers.Serializer[Any]):
    """The body of every error response."""

    error = ApiErrorBodySerializer(help_text="The error.")


_DESCRIPTIONS = {
    400: "Bad input (code invalid_input, with field errors) or a step not allowed now (invalid_transition).",
    401: "No credentials, or wrong ones (not_authenticated, authentication_failed).",
    403: "Signed in, but not permitted (permission_denied).",
    404: "Not found, or not visible to you (not_found); an unknown step (unknown_step).",
    413: "The body is larger than the server reads (request_too_large).",
    429: "Too many requests (throttled); retry after the seconds in the Retry-After header.",
    503: "Searching is unavailable for a moment (search_unavailable): the index is being rebuilt.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Responses for ``extend_schema``: each status with the uniform error body.

    401 and 429 apply to every endpoint and are always included."""
    return {
        code: OpenApiResponse(response=ApiErrorSerializer, description=_DESCRIPTIONS[code])
        for code in sorted({*codes, 401, 429})
    }


def path_id(description: str) -> OpenApiParameter:
    """The ``{id}`` path parameter, described."""
    return OpenApiParameter("id", int, OpenApiParameter.PATH, description=description)


CASE_ID = path_id("Case id.")
COURT_ID = path_id("Court id.")
