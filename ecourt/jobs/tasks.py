"""Celery tasks of the jobs app. Tasks take ids and JSON, load what they need, and call services."""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import shared_task

from . import services


@shared_task(name="ecourt.jobs.tasks.run_job")
def run_job(job_id: int) -> str:
    return services.run(job_id)


@shared_task(name="ecourt.jobs.tasks.ping")
def ping() -> dict[str, Any]:
    """Answer with the worker's host and process, to prove a task crossed the broker."""
    return {"hostname": socket.gethostname(), "pid": os.getpid()}
