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
import queue
import subprocess
import sys
import threading
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
PART_KIND = "demo.load.part"
# 2: panel members named by a step; retried judgments take effect. 3: judgments in effect are published.
GENERATOR_VERSION = 3
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
    workers: int = 1  # worker processes (PostgreSQL), each writing the courts of some provinces

    def params(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
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
    """Load the demo data (or finish an interrupted load); see the module's docstring."""
    started = time.monotonic()
    if options.cases < 1:
        raise DemoError("--cases must be at least 1")
    if options.workers < 1:
        raise DemoError("--workers must be at least 1")
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
        try:
            world = _world(params)
            users, posts = world.ensure_people()
            if users:
                say(f"People: {users} accounts, {posts} memberships.")
            _prepare(job, options, resume=resume)
            parts = int(params.get("workers", 1))
            if parts == 1:
                run_part(job.pk, 0, world=world, max_batches=options.max_batches, say=say)
            else:
                _run_parts(job.pk, parts, say)
            result = _finish(job.pk, world)
        except Stopped:
            written = _parts_progress(job.pk)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                error=f"Stopped after {written['batches']} batches as asked (--max-batches): "
                "run the same command again to continue.",
            )
            return LoadResult("stopped", job.pk, params, time.monotonic() - started, written)
        except BaseException as exc:
            Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:20000])
            raise
    result.seconds = time.monotonic() - started
    Job.objects.filter(pk=job.pk).update(
        result={**Job.objects.get(pk=job.pk).result, "seconds": round(result.seconds, 1)}
    )
    return result


def _world(params: dict[str, Any]) -> World:
    as_of = datetime.date.fromisoformat(params["as_of"])
    start = as_of - datetime.timedelta(days=round(365.25 * HISTORY_YEARS))
    return World(today=as_of, start=start, seed=params["seed"], spread=params["spread"], cases=params["cases"])


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
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        wanted["workers"] = 1  # worker processes need PostgreSQL and their own transactions
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


def _prepare(job: Job, options: LoadOptions, *, resume: bool) -> None:
    """On the first run: reserve the id blocks of every part and note the registers as they stand."""
    from .writer import BulkWriter

    if resume and "id_bases" in (job.result or {}):
        return
    parts = int(job.params.get("workers", 1))
    sizes = _id_block_sizes(options.cases)
    before = NumberSequence.objects.values_list("court_id", "year", "series", "last")
    with transaction.atomic():
        bases = BulkWriter().reserve({key: size * parts for key, size in sizes.items()})
        Job.objects.filter(pk=job.pk).update(
            result={
                "id_bases": bases,
                "id_block": sizes,
                # a rerun starts the registers from here again
                "registers_before": [[court, year, series, last] for court, year, series, last in before],
            }
        )


def _part_job(job_id: int, part: int) -> Job:
    """The record of one part of the load (its progress), created on first use."""
    job, _ = Job.objects.get_or_create(
        kind=PART_KIND,
        params__job=job_id,
        params__part=part,
        defaults={"params": {"job": job_id, "part": part}, "status": JobStatus.RUNNING, "result": {},
                  "started_at": timezone.now(), "worker": f"demo load, part {part + 1}"},
    )  # fmt: skip
    return job


def _parts_progress(job_id: int) -> dict[str, Any]:
    parts = Job.objects.filter(kind=PART_KIND, params__job=job_id)
    return {
        "batches": sum(int(p.result.get("batches", 0)) for p in parts),
        "cases": sum(int(p.result.get("cases", 0)) for p in parts),
    }


def run_part(
    job_id: int,
    part: int,
    *,
    world: World | None = None,
    max_batches: int | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> None:
    """Simulate and write one part of the history (the courts of some provinces); resumable."""
    from .writer import BulkWriter

    job = Job.objects.get(pk=job_id)
    params = job.params
    parts = int(params.get("workers", 1))
    if world is None:
        world = _world(params)
        world.ensure_people()
    record = _part_job(job_id, part)
    if record.status == JobStatus.SUCCEEDED:
        return
    progress = dict(record.result or {})
    if progress.get("batches"):
        prefix = f"part {part + 1}/{parts}: " if parts > 1 else ""
        say(f"{prefix}resuming: {progress['batches']} batches ({progress.get('cases', 0)} cases) are written.")
    sizes = {key: int(size) for key, size in job.result["id_block"].items()}
    bases = {key: int(base) + part * sizes[key] for key, base in job.result["id_bases"].items()}
    registers: dict[Register, int] = {
        (int(court), int(year), str(series)): int(last) for court, year, series, last in job.result["registers_before"]
    }
    plans = world.partition(parts)[part]
    share = sum(p.weight for p in plans)
    receipts = max(1, round(int(params["cases"]) * share / (1 + RELATED_CASES_PER_FAMILY)))
    writer = BulkWriter()
    # On PostgreSQL a second thread writes the batches (COPY and commit wait on the server, so the
    # simulation goes on meanwhile); inside a transaction (tests) or on SQLite, the batches are written
    # in line. Either way each batch is one transaction that also records the progress.
    threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
    label = f"part {part + 1}/{parts}: " if parts > 1 else ""
    sink = _BatchSink(writer, record.pk, progress, lambda line: say(label + line), threaded=threaded)

    def on_batch(batch: Batch) -> None:
        if batch.skipped:
            return
        if max_batches is not None and sink.sent >= max_batches:
            sink.close()
            raise Stopped
        sink.send(batch.number, writer.rows(batch.families), batch.registers)

    engine = Engine(
        world,
        plans=plans,
        part=part,
        receipts=receipts,
        seed=int(params["seed"]),
        ids=Ids(bases, sizes),
        rules=RuleIndex(),
        calendar=Calendar(),
        registers=registers,
        batch_cases=int(params["batch_cases"]),
        skip_batches=int(progress.get("batches", 0)),
        on_batch=on_batch,
    )
    try:
        totals = engine.run()
    finally:
        sink.close()
    Job.objects.filter(pk=record.pk).update(
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        result={**Job.objects.get(pk=record.pk).result, "totals": totals_dict(totals)},
    )


def _run_parts(job_id: int, parts: int, say: Callable[[str], None]) -> None:
    """Run the parts in worker processes (one per part) and wait for them."""
    commands = [[sys.executable, "-m", "ecourt", "demo", "part", str(job_id), str(part)] for part in range(parts)]
    say(f"Writing in {parts} worker processes.")
    workers = [subprocess.Popen(command) for command in commands]  # noqa: S603 - our own command
    failed = [part for part, worker in enumerate(workers) if worker.wait() != 0]
    if failed:
        raise DemoError(f"part(s) {', '.join(str(p + 1) for p in failed)} of the load failed; run it again to resume")


def _finish(job_id: int, world: World) -> LoadResult:
    from .writer import BulkWriter

    job = Job.objects.get(pk=job_id)
    params = dict(job.params)
    parts = list(Job.objects.filter(kind=PART_KIND, params__job=job_id).order_by("id"))
    if len(parts) != int(params.get("workers", 1)) or any(p.status != JobStatus.SUCCEEDED for p in parts):
        raise DemoError("the load is not complete: run it again to resume")
    summary = merge_totals([p.result.get("totals", {}) for p in parts])
    logins = demo_logins(world)
    with transaction.atomic():
        BulkWriter().settle_sequences()
        record(
            None,
            Action.CREATE,
            "demo",
            job.pk,
            detail={
                "what": "demo data generated by `python -m ecourt demo load` (not a record of anyone's acts)",
                "job": job.pk,
                "params": params,
                "cases": summary.get("cases"),
                "events": summary.get("events"),
            },
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            result={"id_bases": job.result.get("id_bases"), "totals": summary, "logins": logins},
        )
    return LoadResult("loaded", job.pk, params, totals=summary, logins=logins)


def merge_totals(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for totals in parts:
        for key, value in totals.items():
            if isinstance(value, dict):
                bucket = merged.setdefault(key, {})
                for k, v in value.items():
                    bucket[k] = bucket.get(k, 0) + v
            else:
                merged[key] = merged.get(key, 0) + value
    for key, value in merged.items():
        if isinstance(value, dict):
            merged[key] = dict(sorted(value.items(), key=lambda kv: -kv[1]))
    return merged


class _BatchSink:
    """Writes batches, in this thread or in a writer thread fed through a short queue."""

    def __init__(
        self, writer: Any, job_id: int, progress: dict[str, Any], say: Callable[[str], None], *, threaded: bool
    ) -> None:
        self.writer = writer
        self.job_id = job_id
        self.progress = progress
        self.say = say
        self.sent = 0
        self.cases = int(progress.get("cases", 0))
        self.last_said = time.monotonic()
        self.errors: list[BaseException] = []
        self.queue: queue.Queue[tuple[int, dict[str, list[tuple[Any, ...]]], dict[Register, int]] | None] | None = None
        self.thread: threading.Thread | None = None
        if threaded:
            self.queue = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._drain, name="demo-writer", daemon=True)
            self.thread.start()

    def send(self, number: int, rows: dict[str, list[tuple[Any, ...]]], registers: dict[Register, int]) -> None:
        if self.errors:
            raise self.errors[0]
        self.sent += 1
        if self.queue is None:
            self._write(number, rows, registers)
        else:
            self.queue.put((number, rows, registers))

    def close(self) -> None:
        if self.queue is not None and self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.queue = None
        if self.errors:
            raise self.errors[0]

    def _drain(self) -> None:
        assert self.queue is not None
        try:
            while (item := self.queue.get()) is not None:
                if not self.errors:
                    self._write(*item)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
            self.errors.append(exc)
            while self.queue.get() is not None:
                pass
        finally:
            connection.close()

    def _write(self, number: int, rows: dict[str, list[tuple[Any, ...]]], registers: dict[Register, int]) -> None:
        with transaction.atomic():
            self.writer.write(rows)
            self.writer.upsert_registers(registers)
            self.cases += len(rows["case"])
            state = {**self.progress, "batches": number, "cases": self.cases}
            Job.objects.filter(pk=self.job_id).update(result=state)
        now = time.monotonic()
        if now - self.last_said > 15 or number == 1:
            self.last_said = now
            self.say(f"  batch {number}: {self.cases} cases written")


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
