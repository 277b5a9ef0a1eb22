"""Job functions of the demo app: the demo load can also run on a worker (`jobs.services.enqueue`)."""

from __future__ import annotations

import datetime
from typing import Any

from ecourt.jobs.registry import job


@job("demo.load")
def load(
    *,
    cases: int = 3000,
    seed: int = 1,
    spread: int | None = 8,
    batch_cases: int = 2000,
    as_of: str | None = None,
    version: int | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Load the demo data (see ``ecourt.demo.loader``); returns the counts."""
    from .loader import GENERATOR_VERSION, LoadOptions, load_demo

    if version is not None and version != GENERATOR_VERSION:
        raise ValueError(f"this job was made by generator version {version}; this is version {GENERATOR_VERSION}")
    options = LoadOptions(
        cases=cases,
        seed=seed,
        spread=spread,
        batch_cases=batch_cases,
        as_of=datetime.date.fromisoformat(as_of) if as_of else None,
        workers=workers,
    )
    result = load_demo(options)
    return {"outcome": result.outcome, "totals": result.totals}
