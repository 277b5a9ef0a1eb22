"""Job functions of the citation graph: linking can also run on a worker (`jobs.services.enqueue`)."""

from __future__ import annotations

from typing import Any

from ecourt.jobs.registry import job


@job("citations.link")
def link_job(*, laws: bool = True, judgments: bool = True, force: bool = False) -> dict[str, Any]:
    """Link what is new or changed (everything with ``force``); the worker's Job row records the counts."""
    from .services import link_pending

    return link_pending(laws=laws, judgments=judgments, force=force).as_dict()
