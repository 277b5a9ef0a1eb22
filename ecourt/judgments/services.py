"""Writing judgments: one transaction per judgment, a Job per run, then their citations linked.

``run_import`` takes inputs already read and checked (reading.py: a bad file raises before anything is
written). A judgment whose source record has not changed (same checksum) is skipped, so a second run
writes nothing and a run that stopped continues where it stopped. The judgments written are linked
(ecourt.citations.services) at the end of the run, then indexed for the portal's search
(``engine.index_later``).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from tqdm import tqdm

from ecourt.courts.models import Court
from ecourt.jobs.models import Job
from ecourt.jobs.services import finish_run, start_run
from ecourt.search import engine
from ecourt.vietnamese import fold

from .models import Judgment
from .reading import JudgmentInput

JOB_KIND = "judgments.import"


@dataclass
class ImportResult:
    source: str
    job_id: int | None = None
    judgments: int = 0
    written: int = 0
    unchanged: int = 0
    courts_matched: int = 0
    linked: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "judgments": self.judgments,
            "written": self.written,
            "unchanged": self.unchanged,
            "courts_matched": self.courts_matched,
            "linked": self.linked,
            "seconds": round(self.seconds, 1),
        }


def _words(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(name)))


def match_court(name: str, day: datetime.date | None) -> Court | None:
    """The court of the court map a judgment names: same words (without diacritics, case or
    punctuation), or the only court operating on ``day`` whose name begins with them ("Tòa án nhân dân
    thành phố Lào Cai" is "… thành phố Lào Cai, tỉnh Lào Cai"); None when none or several fit."""
    words = _words(name)
    if not words.startswith("toa an nhan dan "):
        return None
    courts = Court.objects.filter(search_key__startswith=fold(name)[:20])
    if day is not None:
        courts = courts.active_on(day)
    candidates = [(c, _words(c.name)) for c in courts]
    exact = [c for c, w in candidates if w == words]
    if len(exact) == 1:
        return exact[0]
    prefix = [c for c, w in candidates if w.startswith(words + " ")]
    return prefix[0] if len(prefix) == 1 else None


def write_judgment(inp: JudgmentInput) -> tuple[Judgment, bool]:
    """Create or update one judgment (its own transaction); False when its record is unchanged."""
    existing = Judgment.objects.filter(source=inp.source, source_id=inp.source_id).first()
    if existing is not None and existing.checksum == inp.checksum:
        return existing, False
    with transaction.atomic():
        judgment, _ = Judgment.objects.update_or_create(
            source=inp.source,
            source_id=inp.source_id,
            defaults={
                "number": inp.number[:60],
                "court_name": inp.court_name[:200],
                "court": match_court(inp.court_name, inp.decided_on),
                "decided_on": inp.decided_on,
                "case_type": inp.case_type,
                "instance": inp.instance,
                "title": inp.title,
                "text": inp.text,
                "published": True,  # the ALQAC judgments were published on the courts' portal
                "checksum": inp.checksum,
            },
        )
    return judgment, True


def run_import(
    source: str,
    inputs: Sequence[JudgmentInput],
    *,
    progress: bool = False,
    link: bool = True,
    record_job: bool = True,
) -> ImportResult:
    """Write ``inputs`` and link the citations of those written; the run is a Job (unless a worker's
    Job already records it: ``record_job=False``)."""
    from ecourt.citations.services import link_judgments

    started = time.monotonic()
    result = ImportResult(source=source, judgments=len(inputs))
    job = None
    if record_job:
        job = start_run(JOB_KIND, {"source": source})
        result.job_id = job.pk
    written: list[int] = []
    try:
        with tqdm(total=len(inputs), desc=f"Judgments: {source}", unit="judgment", disable=not progress) as bar:
            for inp in inputs:
                judgment, changed = write_judgment(inp)
                result.courts_matched += judgment.court_id is not None
                if changed:
                    written.append(judgment.pk)
                bar.update(1)
        result.written, result.unchanged = len(written), len(inputs) - len(written)
        touched = set(written)
        if link:
            # the judgments written, and any whose citations were never linked (a run that stopped)
            pending = list(Judgment.objects.filter(source=source, linked__isnull=True).values_list("pk", flat=True))
            touched.update(pending)
            result.linked = link_judgments(sorted(touched), progress=progress).as_dict()
        # The portal's index, with what they cite (a Job, after the commit: ecourt/judgments/search.py).
        engine.index_later("judgments", sorted(touched))
    except BaseException as exc:
        _finish(job, result, started, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(job, result, started)
    return result


def _finish(job: Job | None, result: ImportResult, started: float, *, error: str = "") -> None:
    result.seconds = time.monotonic() - started
    if job is not None:
        finish_run(job, result=result.as_dict(), error=error)
