"""One error shape for the whole API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ecourt.cases.services.steps import TransitionError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionError):
        exc = exceptions.ValidationError({"detail": str(exc)}, code="invalid_transition")
        code = "invalid_transition"
    elif isinstance(exc, Http404):
        code = "not_found"
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        code = "permission_denied"
    else:
        code = getattr(exc, "default_code", "error")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields: dict[str, Any] = {}
    message = ""
    if isinstance(detail, dict):
        message = str(detail.pop("detail", "")) if "detail" in detail else ""
        fields = detail
        if not message:
            message = "Dữ liệu không hợp lệ" if response.status_code == status.HTTP_400_BAD_REQUEST else ""
    elif isinstance(detail, list):
        message = "; ".join(str(item) for item in detail)
    else:
        message = str(detail)
    if isinstance(exc, exceptions.ValidationError) and code == "invalid":
        code = "invalid_input"
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
