"""Celery tasks of evidence: thin wrappers that start jobs."""

from __future__ import annotations

from celery import shared_task

from ecourt.jobs.services import enqueue


@shared_task(name="ecourt.evidence.tasks.timestamp_pending")
def timestamp_pending() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): retry the pending RFC 3161 timestamps, as a visible Job row."""
    return enqueue("evidence.timestamp_pending").pk


@shared_task(name="ecourt.evidence.tasks.expire_uploads")
def expire_uploads() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): remove stale unfinished resumable uploads, as a visible Job row."""
    return enqueue("evidence.expire_uploads").pk
