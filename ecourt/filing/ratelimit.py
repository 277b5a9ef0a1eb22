"""A fixed-window rate limit for public pages (the API has Django REST framework's throttles; plain
pages have this). Counters live in the default cache, like the API's."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/min' → (20, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[:1]]


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def allow(scope: str, key: str, rate: str) -> tuple[bool, int]:
    """Count one hit of ``key`` in ``scope``; (allowed, seconds until the window ends)."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now - now % period
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        hits = 1
    return hits <= limit, window + period - now
