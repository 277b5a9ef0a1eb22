"""Celery tasks of online filing: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.filing.tasks.notify")
def notify() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): notify filers of new events in their cases, as a visible Job row."""
    return enqueue("filing.notify").pk
