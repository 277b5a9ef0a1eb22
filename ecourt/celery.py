"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecourt.settings")

app = Celery("ecourt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
