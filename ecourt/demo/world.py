"""The courts the demo history happens in, and the people who work there.

The generator works on whatever courts are in the database (the court map of ``courts load``, or a
few courts made by factories in tests). It picks the first-instance courts that operate today
(regional courts; district courts on a database from before the reform): a handful that the demo
logins belong to — area 1 and 2 of Hà Nội, area 1 of Hồ Chí Minh City and of Bắc Ninh when they
exist — and a spread of others, or all of them for the benchmark. Each brings its *lineage*: the
courts it took over (the district courts dissolved on 1 July 2025 whose successor it is), so cases
received before the reform were received there and handed over on that day, and the courts that
hear appeals against them (with their own lineages).

People are planned per court that operates today and its lineage: a president, a vice president,
judges in the court's departments, people's assessors and clerks, with dated memberships — before the
reform in one of the courts it took over, after it in the court itself — so every act of the history
is done by someone who held the role in that court on that day. Outside users: citizens, lawyers and
procurators. Everything is derived from the seed, so a rerun finds the same people.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ecourt.courts.models import Court, CourtLevel, CourtSuccession, Department, DepartmentKind
from ecourt.courts.selectors import appellate_court, successor_on
from ecourt.people.models import Membership, Role, User, UserKind

from . import providers
from .memory import CourtInfo, Person

DEMO_PASSWORD = "ecourt-demo"  # noqa: S105 - printed by `demo users`; the demo is not for real data
FIRST_INSTANCE = (CourtLevel.REGIONAL.value, CourtLevel.DISTRICT.value)
APPELLATE = (CourtLevel.PROVINCIAL.value,)

# The courts the fixed demo logins belong to: (province, area number) of regional courts.
FOCUS = [("ha noi", 1), ("ha noi", 2), ("ho chi minh", 1), ("bac ninh", 1)]
FOCUS_WEIGHTS = [0.36, 0.12, 0.12, 0.08]
ROLE_PREFIX = {
    Role.PRESIDENT: "chanhan",
    Role.VICE_PRESIDENT: "phochanhan",
    Role.JUDGE: "thamphan",
    Role.CLERK: "thuky",
    Role.ASSESSOR: "hoitham",
}
# Which department of a court handles each case type, and where it goes when the court has none.
DEPARTMENT_FOR_TYPE = {
    "DS": [DepartmentKind.CIVIL],
    "HNGD": [DepartmentKind.FAMILY_JUVENILE, DepartmentKind.CIVIL],
    "KDTM": [DepartmentKind.ECONOMIC, DepartmentKind.CIVIL],
    "LD": [DepartmentKind.LABOUR, DepartmentKind.CIVIL],
    "HC": [DepartmentKind.ADMINISTRATIVE, DepartmentKind.CIVIL],
    "HS": [DepartmentKind.CRIMINAL],
}
# How the judges of a court are spread over its departments (share of the caseload).
DEPARTMENT_SHARE = {  # the first judge of a court sits in the first department it has
    DepartmentKind.FAMILY_JUVENILE: 0.3,
    DepartmentKind.CIVIL: 0.3,
    DepartmentKind.CRIMINAL: 0.25,
    DepartmentKind.ECONOMIC: 0.08,
    DepartmentKind.ADMINISTRATIVE: 0.05,
    DepartmentKind.LABOUR: 0.02,
}
_AREA = re.compile(r"khu vực (\d+)")


class WorldError(RuntimeError):
    """The courts in the database cannot carry a demo history (the message says why)."""


@dataclass
class Post:
    """One planned membership."""

    court_id: int
    role: str
    department_id: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    title: str


@dataclass
class Account:
    """One planned user."""

    username: str
    full_name: str
    kind: str = UserKind.STAFF
    posts: list[Post] = field(default_factory=list)
    national_id: str = ""
    organisation: str = ""
    phone: str = ""
    weight: float = 1.0
    court_id: int | None = None  # outside users: the court whose cases they appear in
    person: Person | None = None  # once created


@dataclass
class CourtPlan:
    """A court that operates today, with the courts it took over and its share of the history."""

    court: CourtInfo
    slug: str
    predecessors: list[CourtInfo]
    weight: float = 0.0
    first_instance: bool = True
    focus: bool = False
    accounts: list[Account] = field(default_factory=list)

    @property
    def lineage(self) -> list[CourtInfo]:
        return [*self.predecessors, self.court]


def court_info(court: Court) -> CourtInfo:
    return CourtInfo(
        id=court.pk,
        code=court.code,
        name=court.name,
        short_name=court.short_name,
        level=court.level,
        province=court.province,
        valid_from=court.valid_from,
        valid_to=court.valid_to,
        parent_id=court.parent_id,
    )


def area_number(court: CourtInfo) -> int:
    match = _AREA.search(court.name)
    return int(match.group(1)) if match else 10_000


def province_abbreviation(province: str) -> str:
    """'Thành phố Hồ Chí Minh' → 'hcm', 'Tỉnh Bắc Ninh' → 'bn'."""
    return "".join(word[0] for word in providers.province_key(province).split())


class Pool:
    """The people holding one role in one court, with their dates; a draw gives someone in post that day."""

    def __init__(self) -> None:
        self.members: list[tuple[Person, datetime.date, datetime.date | None, int | None, float]] = []
        self._bounds: list[datetime.date] = []
        self._eras: dict[tuple[int, int | None], tuple[list[Person], list[float]]] = {}

    def add(
        self, person: Person, start: datetime.date, end: datetime.date | None, department: int | None, weight: float
    ) -> None:
        self.members.append((person, start, end, department, weight))
        self._bounds = sorted({b for _, s, e, _, _ in self.members for b in (s, e) if b is not None})
        self._eras.clear()

    def on(self, day: datetime.date, department: int | None = None) -> tuple[list[Person], list[float]]:
        era = bisect.bisect_right(self._bounds, day)
        key = (era, department)
        found = self._eras.get(key)
        if found is None:
            rows = [m for m in self.members if m[1] <= day and (m[2] is None or day < m[2])]
            if department is not None:
                in_department = [m for m in rows if m[3] == department]
                rows = in_department or rows
            found = ([m[0] for m in rows], list(itertools.accumulate(m[4] for m in rows)))
            self._eras[key] = found
        return found


class World:
    """Courts in play, their people, and the court relations the history needs (memoized)."""

    def __init__(
        self, *, today: datetime.date, start: datetime.date, seed: int, spread: int | None, cases: int
    ) -> None:
        self.today = today
        self.cases = cases
        self.start = start
        self.seed = seed
        self.spread = spread
        courts = list(Court.objects.all())
        if not courts:
            raise WorldError(
                "There are no courts in the database: load the court map first (python -m ecourt courts load)"
            )
        self.models = {c.pk: c for c in courts}
        self.courts = {c.pk: court_info(c) for c in courts}
        self.departments: dict[tuple[int, str], int] = {(d.court_id, d.kind): d.pk for d in Department.objects.all()}
        self.department_kinds = {dept: kind for (_, kind), dept in self.departments.items()}
        self._predecessors: dict[int, list[int]] = {}
        for link in CourtSuccession.objects.filter(primary=True).order_by("effective_on", "predecessor__code"):
            self._predecessors.setdefault(link.successor_id, []).append(link.predecessor_id)
        self._bounds = sorted(
            {d for c in courts for d in (c.valid_from, c.valid_to) if d is not None}
            | set(CourtSuccession.objects.values_list("effective_on", flat=True))
        )
        self._successor: dict[tuple[int, int], CourtInfo] = {}
        self._appellate: dict[tuple[int, int], CourtInfo | None] = {}
        self.first_instance: list[CourtPlan] = []
        self.appellate: list[CourtPlan] = []
        self.pools: dict[tuple[int, str], Pool] = {}
        self.procurators: dict[int, list[Account]] = {}
        self.citizens: list[Account] = []
        self.lawyers: list[Account] = []
        self._plan_courts()
        self._plan_people()

    # ------------------------------------------------------------------ court relations
    def _era(self, day: datetime.date) -> int:
        return bisect.bisect_right(self._bounds, day)

    def successor_on(self, court: CourtInfo, day: datetime.date) -> CourtInfo:
        """``courts.selectors.successor_on``, asked once per court and period between reorganisations."""
        key = (court.id, self._era(day))
        found = self._successor.get(key)
        if found is None:
            found = self._successor[key] = self.courts[successor_on(self.models[court.id], day).pk]
        return found

    def appellate_court(self, court: CourtInfo, day: datetime.date) -> CourtInfo | None:
        """``courts.selectors.appellate_court``, memoized the same way."""
        key = (court.id, self._era(day))
        if key not in self._appellate:
            found = appellate_court(self.models[court.id], day)
            self._appellate[key] = self.courts[found.pk] if found is not None else None
        return self._appellate[key]

    def predecessors(self, court: CourtInfo) -> list[CourtInfo]:
        """The courts whose work ``court`` took over (primary succession links), earliest first."""
        result: list[CourtInfo] = []
        for pid in self._predecessors.get(court.id, []):
            predecessor = self.courts[pid]
            result.extend(self.predecessors(predecessor))
            result.append(predecessor)
        return result

    def department(self, court: CourtInfo, case_type: str) -> int | None:
        for kind in DEPARTMENT_FOR_TYPE[case_type]:
            found = self.departments.get((court.id, kind))
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------------ which courts
    def _plan_courts(self) -> None:
        chosen = self._choose_first_instance()
        total = sum(w for _, w, _ in chosen)
        slugs = self._slugs([c for c, _, _ in chosen])
        for court, weight, focus in chosen:
            plan = CourtPlan(court, slugs[court.id], self.predecessors(court), weight / total, focus=focus)
            self.first_instance.append(plan)
        # the courts that hear their appeals, on any day of the history (held today by their successors)
        appellate: dict[int, CourtInfo] = {}
        for plan in self.first_instance:
            for member in plan.lineage:
                for day in self._days_in_play(member):
                    found = self.appellate_court(member, day)
                    if found is not None:
                        holder = self.successor_on(found, self.today)
                        appellate[holder.id] = holder
        slugs = self._slugs(list(appellate.values()), regional=False)
        for court in sorted(appellate.values(), key=lambda c: c.code):
            region = [p for p in self.first_instance if p.court.parent_id == court.id]
            plan = CourtPlan(court, slugs[court.id], self.predecessors(court), first_instance=False)
            plan.focus = any(p.focus for p in region)
            plan.weight = sum(p.weight for p in region) or 0.01
            self.appellate.append(plan)

    def _choose_first_instance(self) -> list[tuple[CourtInfo, float, bool]]:
        """(court, share of the history, is a demo court) for the first-instance courts in play."""
        operating = [c for c in self.courts.values() if c.is_active_on(self.today)]
        candidates = [c for c in operating if c.level == CourtLevel.REGIONAL] or [
            c for c in operating if c.level == CourtLevel.DISTRICT
        ]
        if not candidates:
            raise WorldError("No regional (or district) court operates today: nothing can receive a petition")
        candidates.sort(key=lambda c: (providers.province_key(c.province), area_number(c), c.code))
        chosen: list[tuple[CourtInfo, float, bool]] = []
        for (province, area), weight in zip(FOCUS, FOCUS_WEIGHTS, strict=True):
            for court in candidates:
                if providers.province_key(court.province) == province and area_number(court) == area:
                    chosen.append((court, weight, True))
                    break
        taken = {c.id for c, _, _ in chosen}
        rest = [c for c in candidates if c.id not in taken]
        rng = random.Random(f"{self.seed}-courts")  # noqa: S311 - demo data, not secrets
        if self.spread is None:  # every court (the benchmark), the demo courts among the busiest
            big = ("ha noi", "ho chi minh")
            chosen = [(c, 2.5, True) for c, _, _ in chosen]
            chosen += [
                (c, (1.6 if providers.province_key(c.province) in big else 1.0) * rng.lognormvariate(0, 0.35), False)
                for c in rest
            ]
            return chosen
        if not chosen:  # none of the demo courts exists: the first court takes their place
            chosen.append((rest.pop(0), FOCUS_WEIGHTS[0], True))
        # one court in each of several provinces, then more in the same ones
        by_province: dict[str, list[CourtInfo]] = {}
        for court in rest:
            by_province.setdefault(providers.province_key(court.province), []).append(court)
        provinces = sorted(by_province)
        rng.shuffle(provinces)
        order = [c for group in itertools.zip_longest(*(by_province[p] for p in provinces)) for c in group if c]
        picked = order[: self.spread]
        share = max(0.0, 1.0 - sum(w for _, w, _ in chosen))
        return chosen + [(court, share / max(1, len(picked)), False) for court in picked]

    def _days_in_play(self, court: CourtInfo) -> list[datetime.date]:
        """One day in each period between reorganisations while ``court`` operated in the history."""
        days = [self.start, *(b for b in self._bounds if self.start < b <= self.today)]
        return [d for d in days if court.is_active_on(d)]

    def _slugs(self, courts: Iterable[CourtInfo], *, regional: bool = True) -> dict[int, str]:
        """Short login suffixes: 'kv1hn' for area 1 of Hà Nội, 'hn' for the city court; the code when ambiguous."""
        wanted: dict[int, str] = {}
        for court in courts:
            abbreviation = province_abbreviation(court.province) if court.province else ""
            area = area_number(court)
            if regional and area < 10_000 and abbreviation:
                wanted[court.id] = f"kv{area}{abbreviation}"
            elif not regional and abbreviation:
                wanted[court.id] = abbreviation
            else:
                wanted[court.id] = court.code
        counts: dict[str, int] = {}
        for slug in wanted.values():
            counts[slug] = counts.get(slug, 0) + 1
        return {cid: slug if counts[slug] == 1 else self.courts[cid].code for cid, slug in wanted.items()}

    # ------------------------------------------------------------------ people
    def _plan_people(self) -> None:
        years = max(0.25, (self.today - self.start).days / 365.25)
        for plan in self.first_instance:
            yearly = self.cases * plan.weight / years
            plan.accounts = self._court_staff(plan, judges=round(yearly / 150), clerks=round(yearly / 200))
        for plan in self.appellate:
            yearly = self.cases * plan.weight * 0.1 / years
            plan.accounts = self._court_staff(plan, judges=round(yearly / 60), clerks=round(yearly / 120))
        for plan in [*self.first_instance, *self.appellate]:
            self.procurators[plan.court.id] = self._procurators(plan)
        focus = next((p for p in self.first_instance if p.focus), self.first_instance[0])
        rng = random.Random(f"{self.seed}-outside")  # noqa: S311 - demo data, not secrets
        for n in range(1, 6):
            gender = "f" if n % 2 == 0 else "m"
            year = rng.randint(1965, 2000)
            self.citizens.append(
                Account(
                    f"congdan{n}",
                    providers.person_name(rng, gender),
                    UserKind.CITIZEN,
                    national_id=providers.citizen_id(rng, year, gender),
                    phone=_phone(rng),
                    court_id=focus.court.id,
                )
            )
            self.lawyers.append(
                Account(
                    f"luatsu{n}",
                    providers.person_name(rng),
                    UserKind.LAWYER,
                    national_id=providers.citizen_id(rng),
                    phone=_phone(rng),
                    court_id=focus.court.id,
                    organisation=providers.bar_association(focus.court.province or "Thành phố Hà Nội"),
                )
            )
        self._build_pools()

    def _court_staff(self, plan: CourtPlan, *, judges: int, clerks: int) -> list[Account]:
        """The people of ``plan.court``: before the reform each worked in one of the courts it took over
        (the president and vice president presided over the first two, judges presided over the others)."""
        preds = [p for p in plan.predecessors if p.valid_to is not None and self.start < p.valid_to <= self.today]
        k = len(preds)
        judges = min(60, max(judges, 6 if plan.focus and plan.first_instance else 3, 2 * k + max(0, k - 2)))
        if not plan.first_instance:
            judges = max(judges, 3 * k + max(0, k - 2))  # appellate panels of three in each court taken over
        clerks = min(40, max(clerks, 2, k))
        assessors = max(2 * k, 3 if plan.first_instance else 2)
        roster = _Roster(self, plan, preds)
        president = roster.account(Role.PRESIDENT, None)
        vice = roster.account(Role.VICE_PRESIDENT, None)
        roster.career(president, Role.PRESIDENT, Role.PRESIDENT, preds[0] if preds else None)
        if k >= 2:
            roster.career(vice, Role.VICE_PRESIDENT, Role.PRESIDENT, preds[1])
        else:
            roster.career(vice, Role.VICE_PRESIDENT, Role.VICE_PRESIDENT, preds[0] if preds else None)
        departments = [
            (str(kind), self.departments[(plan.court.id, kind)])
            for kind in DEPARTMENT_SHARE
            if (plan.court.id, kind) in self.departments
        ]
        seats = _department_seats(departments, judges)
        extra_presidents = preds[2:]
        for i in range(judges):
            acc = roster.account(Role.JUDGE, i + 1)
            acc.weight = 2.2 if i == 0 else roster.rng.lognormvariate(0, 0.3)
            department = seats[i] if i < len(seats) else None
            if i < len(extra_presidents):
                roster.career(acc, Role.JUDGE, Role.PRESIDENT, extra_presidents[i], department)
                continue
            home = preds[(i - len(extra_presidents)) % k] if k else None
            kind = self.department_kinds.get(department) if department is not None else None
            before = self.departments.get((home.id, kind)) if home is not None and kind else None
            roster.career(acc, Role.JUDGE, Role.JUDGE, home, department, before)
        for role, count in ((Role.CLERK, clerks), (Role.ASSESSOR, assessors)):
            for n in range(1, count + 1):
                roster.career(roster.account(role, n), role, role, preds[(n - 1) % k] if k else None)
        return roster.accounts

    def _procurators(self, plan: CourtPlan) -> list[Account]:
        rng = random.Random(f"{self.seed}-procuracy-{plan.court.code}")  # noqa: S311 - demo data
        office = plan.court.name.replace("Tòa án nhân dân", "Viện kiểm sát nhân dân", 1)
        return [
            Account(
                f"kiemsat{n}.{plan.slug}",
                providers.person_name(rng),
                UserKind.PROCURATOR,
                national_id=providers.citizen_id(rng),
                organisation=office,
                phone=_phone(rng),
                court_id=plan.court.id,
                weight=2.0 if n == 1 else 1.0,
            )
            for n in (1, 2)
        ]

    # ------------------------------------------------------------------ the database
    def accounts(self) -> list[Account]:
        staff = [a for plan in [*self.first_instance, *self.appellate] for a in plan.accounts]
        outside = [a for accounts in self.procurators.values() for a in accounts]
        return [*staff, *outside, *self.citizens, *self.lawyers]

    @transaction.atomic
    def ensure_people(self) -> tuple[int, int]:
        """Create the planned users and memberships, or find them from an earlier run; returns
        (users created, memberships created)."""
        accounts = self.accounts()
        existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])}
        if existing and len(existing) != len(accounts):
            missing = sorted({a.username for a in accounts} - set(existing))[:5]
            raise WorldError(
                f"Some demo accounts exist and others do not (missing: {', '.join(missing)} …): the database "
                "holds demo people from another seed or another version; load the demo into a fresh database"
            )
        created_users = created_posts = 0
        if not existing:
            used_ids = set(User.objects.exclude(national_id="").values_list("national_id", flat=True))
            password = make_password(DEMO_PASSWORD)
            rows = []
            for acc in accounts:
                while acc.national_id and acc.national_id in used_ids:
                    acc.national_id = f"{(int(acc.national_id) + 7919) % 10**12:012d}"
                used_ids.add(acc.national_id)
                user = User(
                    username=acc.username,
                    full_name=acc.full_name,
                    kind=acc.kind,
                    national_id=acc.national_id,
                    organisation=acc.organisation,
                    phone=acc.phone,
                    password=password,
                )
                rows.append(_normalized(user))
            User.objects.bulk_create(rows, batch_size=1000)
            created_users = len(rows)
            existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])}
            posts = [
                Membership(
                    user=existing[acc.username],
                    court_id=p.court_id,
                    department_id=p.department_id,
                    role=p.role,
                    title=p.title,
                    valid_from=p.valid_from,
                    valid_to=p.valid_to,
                )
                for acc in accounts
                for p in acc.posts
            ]
            Membership.objects.bulk_create(posts, batch_size=2000)
            created_posts = len(posts)
        for acc in accounts:
            user = existing[acc.username]
            acc.person = Person(user.pk, user.username, user.full_name)
            acc.full_name = user.full_name
            acc.national_id = user.national_id
        self._build_pools()
        return created_users, created_posts

    def _build_pools(self) -> None:
        self.pools = {}
        for plan in [*self.first_instance, *self.appellate]:
            for acc in plan.accounts:
                person = acc.person or Person(0, acc.username, acc.full_name)
                for p in acc.posts:
                    pool = self.pools.setdefault((p.court_id, p.role), Pool())
                    pool.add(person, p.valid_from, p.valid_to, p.department_id, acc.weight)

    def pick(
        self,
        rng: random.Random,
        court: CourtInfo,
        role: str,
        day: datetime.date,
        *,
        department: int | None = None,
        exclude: Person | None = None,
        uniform: bool = False,
    ) -> Person:
        """Someone holding ``role`` in ``court`` on ``day`` (in ``department`` when it has anyone),
        drawn by their weight (some judges carry more cases) unless ``uniform``."""
        found = self.try_pick(rng, court, role, day, department=department, exclude=exclude, uniform=uniform)
        if found is None:
            raise WorldError(f"nobody holds the role {role} in {court.short_name} on {day}")
        return found

    def try_pick(
        self,
        rng: random.Random,
        court: CourtInfo,
        role: str,
        day: datetime.date,
        *,
        department: int | None = None,
        exclude: Person | None = None,
        uniform: bool = False,
    ) -> Person | None:
        pool = self.pools.get((court.id, role))
        people, cumulative = pool.on(day, department) if pool else ([], [])
        if exclude is not None and exclude in people:
            if len(people) == 1 and department is not None:
                people, cumulative = pool.on(day) if pool else ([], [])
            weights = [b - a for a, b in zip([0.0, *cumulative], cumulative, strict=False)]
            pairs = [(p, w) for p, w in zip(people, weights, strict=True) if p is not exclude]
            people = [p for p, _ in pairs]
            cumulative = list(itertools.accumulate(w for _, w in pairs))
        if not people:
            return None
        if uniform:
            return people[int(rng.random() * len(people))]
        return people[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]

    def procurator(self, rng: random.Random, court: CourtInfo) -> Person | None:
        holder = self.successor_on(court, self.today)
        accounts = self.procurators.get(holder.id) or []
        people = [a.person for a in accounts if a.person is not None]
        if not people:
            return None
        weights = [a.weight for a in accounts if a.person is not None]
        return rng.choices(people, weights=weights)[0]

    def partition(self, parts: int) -> list[list[CourtPlan]]:
        """The first-instance courts split into ``parts`` groups of about the same share of the history,
        keeping together the courts whose appeals go to the same court (a province): then no court's
        register, and no appeal, is shared between two groups."""
        groups: dict[int, list[CourtPlan]] = {}
        for plan in self.first_instance:
            appellate = self.appellate_court(plan.court, self.today)
            key = self.successor_on(appellate, self.today).id if appellate is not None else plan.court.id
            groups.setdefault(key, []).append(plan)
        buckets: list[list[CourtPlan]] = [[] for _ in range(parts)]
        loads = [0.0] * parts
        for key in sorted(groups, key=lambda k: (-sum(p.weight for p in groups[k]), k)):
            target = loads.index(min(loads))
            buckets[target].extend(groups[key])
            loads[target] += sum(p.weight for p in groups[key])
        return buckets

    def holder(self, court_id: int) -> CourtPlan | None:
        for plan in [*self.first_instance, *self.appellate]:
            if plan.court.id == court_id or any(p.id == court_id for p in plan.predecessors):
                return plan
        return None


class _Roster:
    """Builds the accounts of one court with their careers (memberships)."""

    def __init__(self, world: World, plan: CourtPlan, preds: list[CourtInfo]) -> None:
        self.world = world
        self.plan = plan
        self.rng = random.Random(f"{world.seed}-staff-{plan.court.code}")  # noqa: S311 - demo data
        self.reform = plan.court.valid_from if preds else None
        self.accounts: list[Account] = []

    def account(self, role: str, n: int | None) -> Account:
        prefix = ROLE_PREFIX[Role(role)]
        name = providers.person_name(self.rng, self.rng.choice("mf"))
        acc = Account(f"{prefix}{'' if n is None else n}.{self.plan.slug}", name, phone=_phone(self.rng))
        self.accounts.append(acc)
        return acc

    def career(  # noqa: PLR0917 - a career reads as a sentence: who, after, before, where
        self,
        acc: Account,
        role_after: str,
        role_before: str,
        home: CourtInfo | None,
        department: int | None = None,
        department_before: int | None = None,
    ) -> None:
        """In ``home`` (a court taken over) as ``role_before`` until the reform, then in the court."""
        start = self.world.start - datetime.timedelta(days=self.rng.randint(200, 5000))
        court = self.plan.court
        if self.reform is not None and home is not None:
            acc.posts.append(
                Post(home.id, role_before, department_before, start, self.reform, self._title(role_before))
            )
            acc.posts.append(Post(court.id, role_after, department, self.reform, None, self._title(role_after)))
        else:
            begin = max(start, court.valid_from or start)
            acc.posts.append(Post(court.id, role_after, department, begin, None, self._title(role_after)))

    def _title(self, role: str) -> str:
        return self.rng.choice(providers.STAFF_TITLES[role])


def _department_seats(departments: list[tuple[str, int]], judges: int) -> list[int | None]:
    """A department for each judge: every department gets one, the rest by its share of the caseload."""
    if not departments:
        return []
    seats: list[int | None] = [dept for _, dept in departments[:judges]]
    shares: dict[int | None, float] = {dept: DEPARTMENT_SHARE[DepartmentKind(kind)] for kind, dept in departments}
    while len(seats) < judges:
        counts = {dept: seats.count(dept) for dept in shares}
        seats.append(max(shares, key=lambda d: shares[d] / (counts[d] + 1)))
    return seats


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice(['9', '8', '3'])}{rng.randint(10_000_000, 99_999_999)}"


def _normalized(user: User) -> User:
    """What ``User.save`` does to the name (``bulk_create`` bypasses it)."""
    from ecourt.vietnamese import fold, normalize

    user.full_name = normalize(user.full_name)
    user.search_key = fold(user.full_name)
    return user
