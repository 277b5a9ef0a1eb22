"""Celery. With no broker configured, tasks run in-process through the same task functions."""

from __future__ import annotations

from .core import LOGGING
from .env import env_str, env_url

CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", ("redis", "rediss", "amqp", "amqps", "memory"))
CELERY_RESULT_BACKEND = env_url("CELERY_RESULT_BACKEND", ("redis", "rediss", "rpc", "cache+memory"))
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks: Celery's line per task and kombu's note that no broker host was given are noise
    # in a command's output (an import runs several indexing jobs); a worker keeps them.
    LOGGING["loggers"].update(  # type: ignore[attr-defined]
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "ecourt") or "ecourt"
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    # Close appeal windows and recompute which deadlines are due, once each night.
    "daily-deadline-sweep": {
        "task": "ecourt.cases.tasks.daily_sweep",
        "schedule": 24 * 60 * 60,
    },
    # The bulk data of the published judgments (ecourt/judgments/bulk.py).
    "nightly-judgments-export": {
        "task": "ecourt.judgments.tasks.nightly_export",
        "schedule": 24 * 60 * 60,
    },
    # RFC 3161 timestamps of received case files that no TSA has answered yet (ecourt/evidence).
    "evidence-timestamp-pending": {
        "task": "ecourt.evidence.tasks.timestamp_pending",
        "schedule": 15 * 60,
    },
    # Court documents whose signature failed, was interrupted or whose job was lost (ecourt/signing).
    "signing-issue-pending": {
        "task": "ecourt.signing.tasks.issue_pending",
        "schedule": 15 * 60,
    },
    # Resumable uploads left unfinished longer than EVIDENCE_UPLOAD_EXPIRE_HOURS (ecourt/evidence/uploads.py).
    "evidence-expire-uploads": {
        "task": "ecourt.evidence.tasks.expire_uploads",
        "schedule": 60 * 60,
    },
    # Staging folders of package imports killed mid-way, never one running (ecourt/casefiles/services.py).
    "casefiles-clean-staging": {
        "task": "ecourt.casefiles.tasks.clean_staging",
        "schedule": 24 * 60 * 60,
    },
    # Filers told of new events in their cases (ecourt/filing/notifications.py).
    "filing-notify": {"task": "ecourt.filing.tasks.notify", "schedule": 2 * 60},
}
