"""Job functions by name. A job function takes its params as keyword arguments and returns JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobFunction = Callable[..., dict[str, Any]]
_registry: dict[str, JobFunction] = {}


def job(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(function: JobFunction) -> JobFunction:
        if name in _registry and _registry[name] is not function:
            raise ValueError(f"job {name!r} is registered twice")
        _registry[name] = function
        return function

    return register


def get(name: str) -> JobFunction:
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"no job named {name!r}; known: {', '.join(sorted(_registry))}") from None
