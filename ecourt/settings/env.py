"""Typed, fail-loud readers for environment variables.

Every setting that differs between machines comes from the environment (12-factor). A value that
cannot be parsed stops start-up with a message naming the variable, rather than silently falling back
to a default. Each secret can also be given as ``NAME_FILE`` pointing at a file that holds it (the way
container secrets are mounted).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true"}
_FALSE = {"0", "false"}
# Django REST Framework reads a rate as "<requests>/<period>" and looks only at the period's first letter.
_RATE = re.compile(r"^[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)$")


def _raw(name: str) -> str | None:
    file_var = f"{name}_FILE"
    if file_var in os.environ:
        path = Path(os.environ[file_var])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_var}={path}: cannot read the file ({exc})") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    return value


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_required(name: str) -> str:
    value = _raw(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true/false or 1/0")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value) if value is not None else default).expanduser().resolve()


def env_url(name: str, schemes: tuple[str, ...]) -> str | None:
    """A URL whose scheme must be one of ``schemes``; ``None`` when unset."""
    value = _raw(name)
    if value is None:
        return None
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in schemes:
        raise ImproperlyConfigured(f"{name} has scheme {scheme or '(none)'!r}; expected one of {', '.join(schemes)}")
    return value


def env_rate(name: str, default: str) -> str:
    """A request rate such as ``60/minute`` (DRF throttling); checked now rather than at the first request."""
    value = (_raw(name) or default).strip().lower()
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate; use <requests>/<second|minute|hour|day>, e.g. 60/minute"
        )
    return value
