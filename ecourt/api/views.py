"""The answer for any path under /api/v1/ that names no endpoint."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "error": {
                "code": "not_found",
                "message": f"Không có địa chỉ API {request.path}; xem docs/api.md",
                "fields": {},
            }
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
