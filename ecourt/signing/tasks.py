"""Celery tasks of signing: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.signing.tasks.issue_pending")
def issue_pending() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): retry the court documents not yet signed, as a visible Job row."""
    return enqueue("signing.issue_pending").pk
