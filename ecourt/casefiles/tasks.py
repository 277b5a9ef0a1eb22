"""Celery tasks of case file packages: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.casefiles.tasks.clean_staging")
def clean_staging() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): remove what interrupted package imports left, as a visible Job row."""
    return enqueue("casefiles.clean_staging").pk
