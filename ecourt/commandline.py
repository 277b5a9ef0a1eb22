"""Helpers of the command-line entry points (``python -m ecourt …``) that several apps share."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError


def read_text(path: str) -> str:
    """The text of FILE (or stdin for '-') decoded as UTF-8, its line endings kept as they are (the
    offsets a command prints index exactly this string); a clear ``CommandError`` otherwise."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
