"""Settings, split by concern. Everything machine-specific comes from environment variables (env.py)."""

from .core import *  # noqa: F403
from .database import *  # noqa: F403
from .rest import *  # noqa: F403
from .tasks import *  # noqa: F403
