"""The day-by-day run of the generator: petitions and case files arrive, their lives are simulated,
the courts' registers give their numbers in date order, and finished cases go out in batches.

Each family of cases (a petition or case file with the appeal or transfer it leads to) is simulated
in full on the day it arrives, with its own random generator (seed and family number), so the same
seed gives the same history. Its numbers wait in a queue ordered by the day they were given: once
every family that arrived up to a day is simulated, no number of that day or earlier can still come,
so the queue gives them out up to that day — every register (court, year, series) is filled in date
order without gaps. A family goes out once all its numbers are known. Batches are cut at the same
points on every run, which is what lets a rerun skip the batches that are already in the database.
"""

from __future__ import annotations

import bisect
import datetime
import gc
import heapq
import itertools
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .history import Family, Ids, Recorder
from .lives import CASE_TYPES, TYPE_WEIGHTS, DemoLinks, Life
from .memory import CourtInfo, Number
from .timelimits import Calendar, DeadlineBook, RuleIndex
from .world import CourtPlan, World

Register = tuple[int, int, str]
DAY = datetime.timedelta(days=1)


@dataclass
class Batch:
    number: int  # from 1
    families: list[Family]
    registers: dict[Register, int]  # registers whose last number changed since the previous batch
    skipped: bool  # already written by an earlier run


@dataclass
class Totals:
    families: int = 0
    cases: int = 0
    events: int = 0
    deadlines: int = 0
    parties: int = 0
    assignments: int = 0
    appeals: int = 0
    numbers: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_instance: Counter[str] = field(default_factory=Counter)
    next_deadline: Counter[str] = field(default_factory=Counter)
    handed_over: int = 0

    def add(self, family: Family, today: datetime.date) -> None:
        self.families += 1
        for case in family.cases:
            self.cases += 1
            self.events += len(case.events)
            self.deadlines += len(case.deadlines)
            self.parties += len(case.parties)
            self.assignments += len(case.assignments)
            self.appeals += len(case.appeals)
            self.numbers += len(case.numbers)
            self.by_type[case.case_type] += 1
            self.by_status[case.status] += 1
            self.by_instance[case.instance] += 1
            self.handed_over += case.origin_court is not case.court
            if case.next_deadline_on is not None and case.next_deadline_warn_on is not None:
                if today > case.next_deadline_on:
                    self.next_deadline["overdue"] += 1
                elif today >= case.next_deadline_warn_on:
                    self.next_deadline["due_soon"] += 1
                else:
                    self.next_deadline["due"] += 1


class Engine:
    def __init__(
        self,
        world: World,
        *,
        plans: list[CourtPlan] | None = None,
        part: int = 0,
        receipts: int,
        seed: int,
        ids: Ids,
        rules: RuleIndex,
        calendar: Calendar,
        registers: dict[Register, int],
        batch_cases: int,
        skip_batches: int = 0,
        on_batch: Callable[[Batch], None],
    ) -> None:
        self.world = world
        self.plans = plans if plans is not None else world.first_instance
        self.part = part
        self.today = world.today
        self.start = world.start
        self.receipts = receipts
        self.seed = seed
        self.ids = ids
        self.calendar = calendar
        self.book = DeadlineBook(rules, calendar, self.today, lambda: ids.take("deadline"))
        self.registers = dict(registers)
        self.batch_cases = batch_cases
        self.skip_batches = skip_batches
        self.on_batch = on_batch
        self.links = DemoLinks(world)
        self.totals = Totals()
        self._queue: list[tuple[tuple[int, int, int], Number]] = []
        self._live: dict[int, Family] = {}
        self._ready: list[Family] = []
        self._ready_cases = 0
        self._touched: dict[Register, int] = {}
        self._batches = 0
        self._families = 0
        self._receivers: dict[tuple[int, int], list[CourtInfo]] = {}
        self._bounds = sorted({d for plan in self.plans for c in plan.lineage for d in (c.valid_from, c.valid_to) if d})

    # ------------------------------------------------------------------ arrivals
    def _arrivals(self) -> list[tuple[datetime.date, list[tuple[CourtPlan, int]]]]:
        """How many petitions and case files each court receives on each working day: ``receipts`` in all,
        spread by the courts' shares, with day-to-day noise, a slow growth and the Tết lull (systematic
        sampling, so the total is exact)."""
        rng = random.Random(f"{self.seed}-arrivals-{self.part}")  # noqa: S311 - demo data, not secrets
        slots: list[tuple[datetime.date, CourtPlan, float]] = []
        day = self.start + DAY
        while day <= self.today:
            if self.calendar.is_working_day(day):
                growth = 1.0 + 0.05 * (day - self.start).days / 365.25
                season = 0.75 if day.month in (1, 2) else 1.0
                for plan in self.plans:
                    if self._court_for(plan, day, None) is not None:
                        slots.append((day, plan, plan.weight * growth * season * rng.lognormvariate(0, 0.35)))
            day += DAY
        total = sum(w for _, _, w in slots)
        if not slots or total <= 0:
            return []
        step = total / self.receipts
        position = rng.random() * step
        cumulative = 0.0
        by_day: dict[datetime.date, list[tuple[CourtPlan, int]]] = {}
        for day, plan, weight in slots:
            cumulative += weight
            count = 0
            while position < cumulative:
                count += 1
                position += step
            if count:
                by_day.setdefault(day, []).append((plan, count))
        return sorted(by_day.items())

    def _court_for(self, plan: CourtPlan, day: datetime.date, rng: random.Random | None) -> CourtInfo | None:
        """The court that receives ``plan``'s petitions on ``day``: the court itself, or before it existed
        one of the courts it took over."""
        if plan.court.is_active_on(day):
            return plan.court
        key = (plan.court.id, self._era(day))
        open_then = self._receivers.get(key)
        if open_then is None:
            open_then = self._receivers[key] = [p for p in plan.predecessors if p.is_active_on(day)]
        if not open_then:
            return None
        return open_then[0] if rng is None else rng.choice(open_then)

    def _era(self, day: datetime.date) -> int:
        return bisect.bisect_right(self._bounds, day)

    # ------------------------------------------------------------------ the run
    def run(self) -> Totals:
        # The courts, people and rules live for the whole run: keep them out of the garbage collector's
        # scans, and let it run less often (the history's rows are freed by reference counting).
        gc.collect()
        gc.freeze()
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, *thresholds[1:])
        try:
            return self._run()
        finally:
            gc.set_threshold(*thresholds)
            gc.unfreeze()

    def _run(self) -> Totals:
        for day, arrivals in self._arrivals():
            for plan, count in arrivals:
                for _ in range(count):
                    self._family(plan, day)
            self._give_numbers(day)
            self._flush(final=False)
        self._give_numbers(self.today)
        if self._live:
            raise RuntimeError(f"{len(self._live)} families still wait for numbers after today")
        self._flush(final=True)
        return self.totals

    def _family(self, plan: CourtPlan, day: datetime.date) -> None:
        index = self._families
        self._families += 1
        rng = random.Random((self.seed * 1_000_003 + index) * 64 + self.part)  # noqa: S311 - demo data
        court = self._court_for(plan, day, rng)
        if court is None:
            return
        family = Family(index)
        recorder = Recorder(self.ids, self.book, family, self.today)
        life = Life(self.world, recorder, rng, self.calendar, self.links, self.plans)
        case_type = rng.choices(CASE_TYPES, weights=TYPE_WEIGHTS)[0]
        if case_type == "HS":
            life.case_file(court, day)
        else:
            life.petition(court, day, case_type)
        life.finish()
        family.pending_numbers = len(family.numbers)
        self._live[index] = family
        for number in family.numbers:
            heapq.heappush(self._queue, (number.key, number))

    def _give_numbers(self, until: datetime.date) -> None:
        limit = until.toordinal()
        queue = self._queue
        while queue and queue[0][0][0] <= limit:
            key, number = heapq.heappop(queue)
            register = number.register
            seq = self.registers.get(register, 0) + 1
            self.registers[register] = seq
            self._touched[register] = seq
            number.seq = seq
            if not number.is_uid:
                number.issued_id = self.ids.take("issued")
            family = self._live[key[1]]
            family.pending_numbers -= 1
            if family.pending_numbers == 0:
                del self._live[key[1]]
                self._ready.append(family)
                self._ready_cases += len(family.cases)

    def _flush(self, *, final: bool) -> None:
        while self._ready and (final or self._ready_cases >= self.batch_cases):
            cut = _cut(self._ready, self.batch_cases)
            take = self._ready[:cut]
            del self._ready[:cut]
            self._ready_cases -= sum(len(f.cases) for f in take)
            self._batches += 1
            for family in take:
                self.totals.add(family, self.today)
            registers, self._touched = self._touched, {}
            self.on_batch(Batch(self._batches, take, registers, skipped=self._batches <= self.skip_batches))
            for family in take:
                family.release()


def _cut(families: list[Family], cases: int) -> int:
    """How many families from the front hold at least ``cases`` cases (all of them if fewer)."""
    sizes = list(itertools.accumulate(len(f.cases) for f in families))
    return min(len(families), bisect.bisect_left(sizes, cases) + 1) if cases > 0 else 0
