"""Who is asking, from where: set per request by the middleware, read when an audit entry is written."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    request_id: str = ""


NO_REQUEST = RequestContext()
current: ContextVar[RequestContext | None] = ContextVar("audit_request_context", default=None)


def get() -> RequestContext:
    """The current request's context, or an empty one outside a request (commands, workers)."""
    return current.get() or NO_REQUEST
