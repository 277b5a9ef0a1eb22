"""`demo load`: courts, people and a few years of case history, written in bulk, resumable.

The load is recorded as a ``Job`` (kind ``demo.load``) with its parameters; its result holds the
progress (batches written, the reserved id blocks) and, at the end, the counts and the demo logins.

- A second run with the same parameters finds the job succeeded and does nothing.
- A run with other parameters on a database that has demo data is refused, with the reason.
- A run that stopped (crash, Ctrl-C, ``--max-batches``) lost only the batch it was writing: every
  batch is one transaction that also records the progress. Running the same command again
  simulates the same history (same seed, same day) and writes the batches that are missing.

The audit log gets one entry for the whole load (the history is generated, not anyone's reads or
writes): who ran it is the system, and its detail gives the job, the seed and the counts.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.models import NumberSequence
from ecourt.deadlines.models import DeadlineRule
from ecourt.deadlines.rules import sync_rules
from ecourt.jobs.models import Job, JobStatus

from .engine import Batch, Engine, Register, Totals
from .history import Ids
from .timelimits import Calendar, RuleIndex
from .world import DEMO_PASSWORD, World

JOB_KIND = "demo.load"
GENERATOR_VERSION = 1
HISTORY_YEARS = 3
# Appeals and transfers open cases of their own: about this many per petition or case file.
RELATED_CASES_PER_FAMILY = 0.085
_LOCK_KEY = 0x65636F757274  # "ecourt": one demo load at a time on a PostgreSQL database


class DemoError(RuntimeError):
    """The load cannot go on; the message says why and what to do."""


class Stopped(Exception):  # noqa: N818 - control flow
    """``max_batches`` were written."""


@dataclass(frozen=True)
class LoadOptions:
    cases: int = 3000
    seed: int = 1
    spread: int | None = 8  # other first-instance courts besides the demo ones; None: every court
    as_of: datetime.date | None = None  # the day the history ends (default: today)
    batch_cases: int = 2000
    max_batches: int | None = None
    load_courts: bool = True

    def params(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "seed": self.seed,
            "spread": self.spread,
            "batch_cases": self.batch_cases,
            "version": GENERATOR_VERSION,
        }


@dataclass
class LoadResult:
    outcome: str  # "loaded", "already loaded", "stopped"
    job_id: int
    params: dict[str, Any]
    seconds: float = 0.0
    totals: dict[str, Any] = field(default_factory=dict)
    logins: list[dict[str, str]] = field(default_factory=list)


def describe(params: dict[str, Any]) -> str:
    spread = "every court" if params.get("spread") is None else f"spread {params.get('spread')}"
    return f"--cases {params.get('cases')} --seed {params.get('seed')} ({spread}, as of {params.get('as_of')})"


def _id_block_sizes(cases: int) -> dict[str, int]:
    n = cases + 1000
    return {
        "case": 2 * n,
        "party": 15 * n,
        "event": 40 * n,
        "deadline": 30 * n,
        "assignment": 15 * n,
        "appeal": 2 * n,
        "issued": 12 * n,
    }


def load_demo(options: LoadOptions, say: Callable[[str], None] = lambda _: None) -> LoadResult:
    started = time.monotonic()
    if options.cases < 1:
        raise DemoError("--cases must be at least 1")
    if options.load_courts and "courts" in get_commands():
        out = io.StringIO()
        call_command("courts", "load", "--no-progress", stdout=out)
        say(out.getvalue().strip().splitlines()[0] if out.getvalue().strip() else "Courts loaded.")
    if not DeadlineRule.objects.exists():
        sync_rules()
    with _exclusive():
        job, resume = _claim_job(options)
        params = dict(job.params)
        if job.status == JobStatus.SUCCEEDED:
            say(f"Demo data is already loaded (job #{job.pk}, {describe(params)}): nothing to do.")
            return LoadResult(
                "already loaded",
                job.pk,
                params,
                totals=job.result.get("totals", {}),
                logins=job.result.get("logins", []),
            )
        as_of = datetime.date.fromisoformat(params["as_of"])
        start = as_of - datetime.timedelta(days=round(365.25 * HISTORY_YEARS))
        try:
            world = World(today=as_of, start=start, seed=options.seed, spread=options.spread, cases=options.cases)
            users, posts = world.ensure_people()
            if users:
                say(f"People: {users} accounts, {posts} memberships.")
            result = _run(job, world, options, resume=resume, say=say)
        except Stopped:
            progress = Job.objects.get(pk=job.pk).result
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                error=f"Stopped after {progress.get('batches')} batches as asked (--max-batches): "
                "run the same command again to continue.",
            )
            return LoadResult("stopped", job.pk, params, time.monotonic() - started, dict(progress))
        except BaseException as exc:
            Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:20000])
            raise
    result.seconds = time.monotonic() - started
    Job.objects.filter(pk=job.pk).update(
        result={**Job.objects.get(pk=job.pk).result, "seconds": round(result.seconds, 1)}
    )
    return result


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    """Holds a PostgreSQL advisory lock so two loads never write the same history at once."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise DemoError("Another demo load is running on this database")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def _claim_job(options: LoadOptions) -> tuple[Job, bool]:
    """The job to run: a new one, or the unfinished one with the same parameters (resumed)."""
    wanted = options.params()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(kind=JOB_KIND).order_by("-id").first()
        if job is not None:
            same = {key: job.params.get(key) for key in wanted} == wanted
            if options.as_of is not None and job.params.get("as_of") != options.as_of.isoformat():
                same = False
            if job.status == JobStatus.SUCCEEDED:
                if same:
                    return job, False
                raise DemoError(
                    f"Demo data is already loaded (job #{job.pk}: {describe(job.params)}). Loading other demo "
                    "data on top would mix two histories: use a fresh database."
                )
            if not same:
                raise DemoError(
                    f"An earlier demo load did not finish (job #{job.pk}: {describe(job.params)}). Run it again "
                    "with the same parameters to complete it, or use a fresh database."
                )
            Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, error="")
            job.refresh_from_db()
            return job, True
        as_of = options.as_of or timezone.localdate()
        job = Job.objects.create(
            kind=JOB_KIND,
            status=JobStatus.RUNNING,
            params={**wanted, "as_of": as_of.isoformat()},
            started_at=timezone.now(),
            worker="python -m ecourt demo load",
        )
        return job, False


def _run(job: Job, world: World, options: LoadOptions, *, resume: bool, say: Callable[[str], None]) -> LoadResult:
    params = dict(job.params)
    from .writer import BulkWriter

    writer = BulkWriter()
    sizes = _id_block_sizes(options.cases)
    progress = dict(job.result or {})
    if not resume or "id_bases" not in progress:
        # The registers as they stand before the first batch: a rerun starts from them again.
        before = NumberSequence.objects.values_list("court_id", "year", "series", "last")
        with transaction.atomic():
            progress = {
                "batches": 0,
                "cases": 0,
                "id_bases": writer.reserve(sizes),
                "registers_before": [[court, year, series, last] for court, year, series, last in before],
            }
            Job.objects.filter(pk=job.pk).update(result=progress)
    elif progress.get("batches"):
        say(f"Resuming job #{job.pk}: {progress['batches']} batches ({progress.get('cases', 0)} cases) are written.")
    registers: dict[Register, int] = {
        (int(court), int(year), str(series)): int(last) for court, year, series, last in progress["registers_before"]
    }
    ids = Ids({k: int(v) for k, v in progress["id_bases"].items()}, sizes)
    written = {"batches": 0, "cases": int(progress.get("cases", 0))}
    clock = {"last": time.monotonic()}

    def on_batch(batch: Batch) -> None:
        if batch.skipped:
            return
        if options.max_batches is not None and written["batches"] >= options.max_batches:
            raise Stopped
        rows = writer.rows(batch.families)
        cases = len(rows["case"])
        with transaction.atomic():
            writer.write(rows)
            writer.upsert_registers(batch.registers)
            written["cases"] += cases
            state = {**progress, "batches": batch.number, "cases": written["cases"]}
            Job.objects.filter(pk=job.pk).update(result=state)
        written["batches"] += 1
        now = time.monotonic()
        if now - clock["last"] > 15 or batch.number == 1:
            clock["last"] = now
            say(f"  batch {batch.number}: {written['cases']} cases written")

    receipts = max(1, round(options.cases / (1 + RELATED_CASES_PER_FAMILY)))
    engine = Engine(
        world,
        receipts=receipts,
        seed=options.seed,
        ids=ids,
        rules=RuleIndex(),
        calendar=Calendar(),
        registers=registers,
        batch_cases=options.batch_cases,
        skip_batches=int(progress.get("batches", 0)) if resume else 0,
        on_batch=on_batch,
    )
    totals = engine.run()
    logins = demo_logins(world)
    summary = totals_dict(totals)
    with transaction.atomic():
        writer.settle_sequences()
        record(
            None,
            Action.CREATE,
            "demo",
            job.pk,
            detail={
                "what": "demo data generated by `python -m ecourt demo load` (not a record of anyone's acts)",
                "job": job.pk,
                "params": params,
                "cases": totals.cases,
                "events": totals.events,
            },
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            result={
                "batches": engine._batches,
                "cases": totals.cases,
                "id_bases": progress["id_bases"],
                "totals": summary,
                "logins": logins,
            },
        )
    return LoadResult("loaded", job.pk, params, totals=summary, logins=logins)


def totals_dict(totals: Totals) -> dict[str, Any]:
    return {
        "families": totals.families,
        "cases": totals.cases,
        "events": totals.events,
        "deadlines": totals.deadlines,
        "parties": totals.parties,
        "assignments": totals.assignments,
        "appeals": totals.appeals,
        "numbers": totals.numbers,
        "handed_over": totals.handed_over,
        "by_type": dict(totals.by_type.most_common()),
        "by_instance": dict(totals.by_instance.most_common()),
        "by_status": dict(totals.by_status.most_common()),
        "next_deadline": dict(totals.next_deadline.most_common()),
    }


TRY = {
    "president": "Tổng quan của Tòa, án quá hạn, phân công đơn mới / court overview, overdue cases, assign petitions",
    "vice_president": "Phân công, gia hạn thời hạn / assign judges, extend time limits",
    "judge": "Sổ thụ lý: hạn sắp đến, quá hạn; hồ sơ vụ án, quyết định / my docket, deadlines, case file, decisions",
    "judge2": "Thẩm phán khác cùng Tòa: không quyết định vụ án của người khác / "
    "a colleague: cannot decide others' cases",
    "clerk": "Nhận đơn, biên lai tạm ứng án phí, thông báo thụ lý / intake, fee receipts, notices",
    "assessor": "Vụ án tham gia Hội đồng xét xử / cases on the trial panel",
    "other_court": "Tòa khác: không xem được hồ sơ của khu vực 1 / another court: refused on area 1's cases",
    "appeal_president": "Án phúc thẩm của Tòa cấp tỉnh / appeals at the provincial court",
    "appeal_judge": "Vụ án phúc thẩm được phân công / appeal cases assigned",
    "procurator": "Vụ án hình sự, hành chính được phân công / criminal and administrative cases assigned",
    "citizen": "Theo dõi vụ án của mình / follow my own case",
    "lawyer": "Vụ án mình bảo vệ quyền lợi / cases I represent a party in",
}
ROLE_LABELS = {
    "president": "Chánh án",
    "vice_president": "Phó Chánh án",
    "judge": "Thẩm phán",
    "judge2": "Thẩm phán",
    "clerk": "Thư ký",
    "assessor": "Hội thẩm nhân dân",
    "other_court": "Thẩm phán",
    "appeal_president": "Chánh án",
    "appeal_judge": "Thẩm phán",
    "procurator": "Kiểm sát viên",
    "citizen": "Công dân",
    "lawyer": "Luật sư",
}


def demo_logins(world: World) -> list[dict[str, str]]:
    """One login per role to try, all with the demo password."""
    focus = [p for p in world.first_instance if p.focus] or world.first_instance[:1]
    first = focus[0]
    appellate = next((p for p in world.appellate if p.court.id == first.court.parent_id), None)
    wanted: list[tuple[str, str, str]] = [
        ("president", first.court.short_name, f"chanhan.{first.slug}"),
        ("vice_president", first.court.short_name, f"phochanhan.{first.slug}"),
        ("judge", first.court.short_name, f"thamphan1.{first.slug}"),
        ("judge2", first.court.short_name, f"thamphan2.{first.slug}"),
        ("clerk", first.court.short_name, f"thuky1.{first.slug}"),
        ("assessor", first.court.short_name, f"hoitham1.{first.slug}"),
    ]
    for other in focus[1:]:
        wanted.append(("other_court", other.court.short_name, f"thamphan1.{other.slug}"))
    if appellate is not None:
        wanted.append(("appeal_president", appellate.court.short_name, f"chanhan.{appellate.slug}"))
        wanted.append(("appeal_judge", appellate.court.short_name, f"thamphan1.{appellate.slug}"))
    wanted.append(("procurator", first.court.short_name.replace("TAND", "VKSND", 1), f"kiemsat1.{first.slug}"))
    wanted.append(("citizen", "", "congdan1"))
    wanted.append(("lawyer", "", "luatsu1"))
    names = {a.username: a.full_name for a in world.accounts()}
    return [
        {
            "role": ROLE_LABELS[key],
            "court": court,
            "username": username,
            "name": names.get(username, ""),
            "password": DEMO_PASSWORD,
            "try": TRY[key],
        }
        for key, court, username in wanted
        if username in names
    ]
