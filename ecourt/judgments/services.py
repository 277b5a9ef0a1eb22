"""Writing judgments: one transaction per judgment, a Job per run, then their citations linked.

``run_import`` takes inputs already read and checked (reading.py: a bad file raises before anything is
written). A judgment whose source record has not changed (same checksum) is skipped, so a second run
writes nothing and a run that stopped continues where it stopped — unless what was read from its text
(kind, outcome, parties: metadata.py) was read by an older reader (``Judgment.reading`` below
``READER_VERSION``): then only those are written again ("reread"), and the judgment is indexed again.
The judgments written are linked (ecourt.citations.services) at the end of the run, then indexed for the
portal's search (``engine.index_later``).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction
from tqdm import tqdm

from ecourt.cases.models import PartyKind, PartyRole
from ecourt.courts.models import Court
from ecourt.jobs.models import Job
from ecourt.jobs.services import finish_run, start_run
from ecourt.search import engine
from ecourt.vietnamese import fold

from .metadata import READER_VERSION, FoundParty, read_metadata
from .models import Judgment, JudgmentParty, JudgmentPartyRole, Outcome
from .reading import JudgmentInput

JOB_KIND = "judgments.import"
Written = Literal["written", "reread", "unchanged"]


@dataclass
class ImportResult:
    source: str
    job_id: int | None = None
    judgments: int = 0
    written: int = 0
    reread: int = 0  # unchanged records whose kind, outcome and parties were read again
    unchanged: int = 0
    courts_matched: int = 0
    linked: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "judgments": self.judgments,
            "written": self.written,
            "reread": self.reread,
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


def write_judgment(inp: JudgmentInput) -> tuple[Judgment, Written]:
    """Create or update one judgment (its own transaction): "written"; "unchanged" when its record is.

    An unchanged record read by an older metadata reader gets its kind, outcome and parties written
    again (``write_metadata``): "reread", its text and citations as they were."""
    existing = Judgment.objects.filter(source=inp.source, source_id=inp.source_id).first()
    if existing is not None and existing.checksum == inp.checksum:
        if existing.reading >= READER_VERSION:
            return existing, "unchanged"
        with transaction.atomic():
            write_metadata(existing, inp.kind, inp.outcome, inp.parties)
        return existing, "reread"
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
        write_metadata(judgment, inp.kind, inp.outcome, inp.parties)
    return judgment, "written"


def write_metadata(judgment: Judgment, kind: str, outcome: str, parties: Sequence[FoundParty]) -> None:
    """Store the judgment's kind, outcome and parties (replacing those it had), as read by this reader."""
    judgment.kind, judgment.outcome, judgment.reading = kind, outcome or Outcome.UNKNOWN, READER_VERSION
    judgment.save(update_fields=["kind", "outcome", "reading"])
    judgment.parties.all().delete()
    JudgmentParty.objects.bulk_create(
        JudgmentParty(
            judgment=judgment,
            role=p.role,
            name=p.name[:255],
            kind=PartyKind.ORGANISATION if p.organization else PartyKind.PERSON,
            position=i,
        )
        for i, p in enumerate(parties, start=1)
    )


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
            reread: list[int] = []
            for inp in inputs:
                judgment, status = write_judgment(inp)
                result.courts_matched += judgment.court_id is not None
                if status == "written":
                    written.append(judgment.pk)
                elif status == "reread":
                    reread.append(judgment.pk)
                bar.update(1)
        result.written, result.reread = len(written), len(reread)
        result.unchanged = len(inputs) - len(written) - len(reread)
        touched = set(written)
        if link:
            # the judgments written, and any whose citations were never linked (a run that stopped)
            pending = list(Judgment.objects.filter(source=source, linked__isnull=True).values_list("pk", flat=True))
            touched.update(pending)
            result.linked = link_judgments(sorted(touched), progress=progress).as_dict()
        # The portal's index, with what they cite (a Job, after the commit: ecourt/judgments/search.py);
        # those read again have new facets, not new citations.
        engine.index_later("judgments", sorted(touched | set(reread)))
    except BaseException as exc:
        _finish(job, result, started, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(job, result, started)
    return result


def _finish(job: Job | None, result: ImportResult, started: float, *, error: str = "") -> None:
    result.seconds = time.monotonic() - started
    if job is not None:
        finish_run(job, result=result.as_dict(), error=error)


# Roles of a case's party list that are parties of its judgment (witnesses, representatives and lawyers
# are not); the values are the same in both lists.
CASE_ROLES = frozenset(JudgmentPartyRole.values) & frozenset(PartyRole.values)


def _name_key(name: str) -> str:
    return " ".join(fold(name).lower().split())


def case_parties(case: Any, source_text: str) -> list[FoundParty]:
    """The parties of ``case``'s party list, in its order, each named as the anonymization of
    ``source_text`` (with the case's list and the reviewers' decisions) encodes it; a party the text
    does not name is encoded alone."""
    from ecourt.anonymization.review import anonymize_for
    from ecourt.anonymization.services import anonymize_text

    parties = [p for p in case.parties.order_by("position", "id") if p.role in CASE_ROLES]
    if not parties:
        return []
    judgment = Judgment.objects.filter(publication__case=case).first()
    anonymized = anonymize_for(judgment, case, text=source_text) if judgment else anonymize_text(source_text)
    encoded = {_name_key(r.original): r.replacement for r in anonymized.replacements}
    out: list[FoundParty] = []
    for party in parties:
        name = encoded.get(_name_key(party.name)) or anonymize_text(party.name, parties=[party]).text
        out.append(FoundParty(party.role, " ".join(name.split()), party.kind == PartyKind.ORGANISATION))
    return out


def record_published_metadata(judgment: Judgment, case: Any, source_text: str) -> None:
    """Kind, outcome and parties of a judgment as published (its ``text``, already anonymized): read from
    the text, but the parties of a case in the system from its party list (``case_parties``)."""
    meta = read_metadata(judgment.text, judgment.number, judgment.instance)
    parties = case_parties(case, source_text) if case is not None else list(meta.parties)
    write_metadata(judgment, meta.kind, meta.outcome, parties or list(meta.parties))
