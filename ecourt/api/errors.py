"""One error shape for the whole API: {"error": {"code", "message", "fields"}}.

``code`` is stable and machine-readable (see docs/api.md, "Errors"); ``message`` is for people,
Vietnamese first; ``fields`` maps each input field to its messages (nested for nested input, such as
``parties``), and is empty when the error is not about one field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ecourt.cases.services.steps import TransitionError

# The challenge sent with 401 answers: HTTP Basic is the scheme a script can use without a browser.
AUTHENTICATE_CHALLENGE = 'Basic realm="ecourt API"'


class InvalidInput(exceptions.APIException):
    """Input that is well formed but refused by the service that would act on it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Dữ liệu không hợp lệ")
    default_code = "invalid_input"


class InvalidTransition(exceptions.APIException):
    """A procedural step that is not allowed now (the case's status, its dates, its type)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Bước tố tụng này không được phép lúc này")
    default_code = "invalid_transition"


class RequestTooLarge(exceptions.APIException):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses to read it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Nội dung yêu cầu vượt quá giới hạn máy chủ đọc được")
    default_code = "request_too_large"


class SearchUnavailable(exceptions.APIException):
    """The search index cannot answer now (being rebuilt after a change of its fields, or locked)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Chức năng tìm kiếm tạm thời không hoạt động; hãy thử lại sau ít phút")
    default_code = "search_unavailable"


class UnknownStep(exceptions.NotFound):
    default_detail = _("Không có bước tố tụng này")
    default_code = "unknown_step"


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid_input"
    detail = exc.detail
    code = getattr(detail, "code", None)
    if isinstance(code, str) and code not in ("invalid", "error"):
        return code
    return str(exc.default_code)


def _message_and_fields(exc: exceptions.APIException, data: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            fields = dict(data)
            general = fields.pop("non_field_errors", None) or fields.pop("detail", None)
            if general is not None:
                return "; ".join(str(item) for item in (general if isinstance(general, list) else [general])), fields
            return str(InvalidInput.default_detail), fields
        if isinstance(data, list):
            return "; ".join(str(item) for item in data), {}
        return str(data), {}
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"]), {}
    return str(data), {}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionError):
        exc = InvalidTransition(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF answers 403 when the first authentication class (the session) sends no challenge;
        # a client without credentials gets 401 and the Basic challenge instead.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = AUTHENTICATE_CHALLENGE
    message, fields = _message_and_fields(exc, response.data)
    response.data = {"error": {"code": _code(exc), "message": message, "fields": fields}}
    return response
