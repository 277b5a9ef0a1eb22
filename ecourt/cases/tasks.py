"""Celery tasks of the cases app: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.cases.tasks.daily_sweep")
def daily_sweep() -> int:
    """Scheduled each night (CELERY_BEAT_SCHEDULE); the work is a visible Job row."""
    return enqueue("cases.daily_sweep").pk
