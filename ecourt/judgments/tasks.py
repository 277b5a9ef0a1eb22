"""Celery tasks of the judgments app: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.judgments.tasks.nightly_export")
def nightly_export() -> int:
    """Scheduled each night (CELERY_BEAT_SCHEDULE): the bulk data, as a visible Job row."""
    return enqueue("judgments.export").pk
