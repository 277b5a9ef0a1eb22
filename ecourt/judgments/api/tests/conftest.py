"""Fixtures of the judgments API tests: fresh rate-limit counters."""

from ecourt.api.testing import fresh_throttles

__all__ = ["fresh_throttles"]
