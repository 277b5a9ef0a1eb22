"""Who is asking, from where: set per request by the middleware, read when an audit entry is written."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    request_id: str = ""


current: ContextVar[RequestContext] = ContextVar("audit_request_context", default=RequestContext())
