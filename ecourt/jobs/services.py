"""Queueing and running jobs."""

from __future__ import annotations

import os
import socket
import traceback
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import registry
from .models import Job, JobStatus


def enqueue(kind: str, params: dict[str, Any] | None = None, *, user: Any = None) -> Job:
    """Record a job and hand it to the workers once the transaction commits."""
    registry.get(kind)  # fail now, not in the worker, when the name is wrong
    job = Job.objects.create(kind=kind, params=params or {}, created_by=user if user and user.pk else None)
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def start_run(kind: str, params: dict[str, Any]) -> Job:
    """A Job row for work run here and now (a command's import or linking), not queued: running already,
    with this process as its worker. ``finish_run`` records how it ended."""
    return Job.objects.create(
        kind=kind,
        status=JobStatus.RUNNING,
        params=params,
        started_at=timezone.now(),
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )


def finish_run(job: Job, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    """How a ``start_run`` job ended: failed with ``error`` (kept to 20,000 characters), or succeeded;
    ``result`` is stored when given (a failed run may still report what it did)."""
    fields: dict[str, Any] = {
        "status": JobStatus.FAILED if error else JobStatus.SUCCEEDED,
        "error": error[:20000],
        "finished_at": timezone.now(),
    }
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)


def run(job_id: int) -> str:
    # Claim the job with a conditional update so two workers never run it twice.
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), worker=f"{socket.gethostname()}:{os.getpid()}"
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    try:
        result = registry.get(job.kind)(**job.params)
    except Exception as exc:  # noqa: BLE001 - a failed job is recorded, not lost
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=f"{exc}\n{traceback.format_exc()}"[:20000],
            finished_at=timezone.now(),
        )
        return JobStatus.FAILED
    Job.objects.filter(pk=job_id).update(status=JobStatus.SUCCEEDED, result=result, finished_at=timezone.now())
    return JobStatus.SUCCEEDED
