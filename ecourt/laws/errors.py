"""Errors of the legal corpus: every one names the place in the input where it was found."""

from __future__ import annotations


class LawDataError(Exception):
    """Bad input for the legal corpus (a malformed file, an unknown structure, a missing entry)."""


class StructureError(LawDataError):
    """A text whose structure cannot be read; ``where`` says where ("line 120", "article '12a'")."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.detail = message
