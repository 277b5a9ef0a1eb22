"""Settings, split by concern. Everything machine-specific comes from environment variables (env.py)."""

import django_stubs_ext

from .core import *  # noqa: F403
from .database import *  # noqa: F403
from .identity import *  # noqa: F403
from .rest import *  # noqa: F403
from .search import *  # noqa: F403
from .tasks import *  # noqa: F403
from .twofactor import *  # noqa: F403

# Lets typed code write ModelAdmin[Model] and QuerySet[Model] at run time, as mypy sees them.
django_stubs_ext.monkeypatch()
