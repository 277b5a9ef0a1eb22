"""ecourt: an open-source e-court platform for Vietnam's People's Courts and Ministry of Justice."""

from .celery import app as celery_app

__all__ = ["celery_app"]
