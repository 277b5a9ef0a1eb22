"""Fixtures of the legal corpus API tests: fresh rate-limit counters, and the real decrees slice."""

from ecourt.api.testing import fresh_throttles
from ecourt.laws.tests.decrees import decrees

__all__ = ["decrees", "fresh_throttles"]
