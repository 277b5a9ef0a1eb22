"""Job functions of online filing (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("filing.notify")
def notify_job() -> dict[str, Any]:
    """Turn new events of filers' cases into notifications, then send the e-mails still due."""
    from .notifications import notify_new_events, send_pending_emails

    return {**notify_new_events(), **send_pending_emails()}
