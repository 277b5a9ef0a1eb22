"""Fixtures of the API tests (the permission triad comes from ecourt/conftest.py)."""

from ecourt.api.testing import fresh_throttles

__all__ = ["fresh_throttles"]
