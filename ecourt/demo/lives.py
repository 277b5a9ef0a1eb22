"""Plausible lives of cases: what happens to a petition or a criminal case file, and when.

A ``Life`` takes one petition (or case file) received by a court on a day and walks it through the
procedure as the people of the court would, by calling the service mirrors of ``history.Recorder``:
the president assigns, the judge decides, the clerk records, each act dated within (or sometimes after)
the statutory time limit the deadline rules set for it — the due dates come from the same rules and
calendar the services use, so most acts are on time and some are late, as in real courts. The life
stops at the first act that would fall after today: the case is left at that stage, with its running
deadlines, which is what makes dockets show a realistic mix of due, due-soon and overdue cases.

The nightly sweep's acts happen too: pending cases of a court dissolved on 1 July 2025 are handed to
its successor that day, unappealed judgments take effect the day after their last window, and windows
that have run out are closed.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from decimal import Decimal

from ecourt.cases.models import (
    CLOSED_STATUSES,
    AssignmentRole,
    EventKind,
    Instance,
    Outcome,
    PartyKind,
    PartyRole,
    Procedure,
    Status,
)
from ecourt.fees.schedule import advance_fee
from ecourt.people.models import Role

from . import providers
from .history import GeneratorError, PartyIn, Recorder, current_appeals, on_case
from .memory import CourtInfo, Person, SimCase, SimParty
from .timelimits import Calendar, TimeLimit
from .world import CourtPlan, World

DAY = datetime.timedelta(days=1)
CASE_TYPES = ["HS", "HNGD", "DS", "KDTM", "LD", "HC"]
TYPE_WEIGHTS = [22, 32, 28, 8, 3, 7]
CLOSED = frozenset(str(s) for s in CLOSED_STATUSES)

# Probabilities by case type. Sources: the Supreme People's Court's annual reports give the orders of
# magnitude (settlement is the most common end of a marriage case, most criminal cases go to trial,
# administrative cases are the most appealed); the exact figures are the generator's choice.
P_AMEND = {"DS": 0.22, "HNGD": 0.15, "KDTM": 0.2, "LD": 0.15, "HC": 0.2}
P_RETURN = {"DS": 0.05, "HNGD": 0.04, "KDTM": 0.04, "LD": 0.05, "HC": 0.08}
P_TRANSFER = {"DS": 0.03, "HNGD": 0.02, "KDTM": 0.03, "LD": 0.02, "HC": 0.02}
P_EXEMPT = {"DS": 0.08, "HNGD": 0.05, "KDTM": 0.0, "LD": 0.7, "HC": 0.1}
P_SUMMARY = {"DS": 0.06, "HNGD": 0.03, "KDTM": 0.08, "LD": 0.02, "HC": 0.03}
P_SETTLE = {"DS": 0.22, "HNGD": 0.35, "KDTM": 0.15, "LD": 0.25, "HC": 0.0, "HS": 0.0}
P_TERMINATE = {"DS": 0.12, "HNGD": 0.12, "KDTM": 0.12, "LD": 0.1, "HC": 0.2, "HS": 0.02}
P_SUSPEND = {"DS": 0.1, "HNGD": 0.06, "KDTM": 0.1, "LD": 0.06, "HC": 0.08, "HS": 0.04}
P_APPEAL = {"DS": 0.18, "HNGD": 0.08, "KDTM": 0.15, "LD": 0.2, "HC": 0.35, "HS": 0.14}
P_LATE = 0.12  # an act done after its statutory time limit


class Later(Exception):  # noqa: N818 - control flow, not an error
    """The next act would fall after today: the case stays where it is."""


class Life:
    """One family of cases (a petition or case file, and the appeal or transfer it leads to)."""

    def __init__(  # noqa: PLR0917 - the parts of a run a life needs
        self,
        world: World,
        rec: Recorder,
        rng: random.Random,
        calendar: Calendar,
        links: DemoLinks,
        plans: list[CourtPlan],
    ) -> None:
        self.world = world
        self.plans = plans
        self.rec = rec
        self.rng = rng
        self.cal = calendar
        self.today = rec.today
        self.links = links
        self.late = P_LATE * rng.uniform(0.6, 1.5)

    # ------------------------------------------------------------------ time
    def at(self, case: SimCase, day: datetime.date, *, working: bool = True) -> datetime.date:
        """The day an act planned for ``day`` happens: not before the case's last act, on a working day
        for people's acts, never in a court that has ceased (the nightly sweep hands the case over
        first). Raises ``Later`` when that day is after today."""
        day = max(day, case.last_on)
        if working:
            day = self.cal.next_working_day(day)
        handover = self._handover_day(case)
        end = case.court.valid_to
        if handover is not None and end is not None and end <= day < handover:
            day = self.cal.next_working_day(handover) if working else handover
        if day > self.today:
            raise Later
        if handover is not None and handover <= day:
            self._hand_over(case, handover)
        return day

    def _handover_day(self, case: SimCase) -> datetime.date | None:
        """When the sweep moves the case from a dissolved court: on the day the court ceased, or the
        night after it became pending again there (a file sent back for a new trial)."""
        end = case.court.valid_to
        if end is None or case.status in CLOSED:
            return None
        last = case.last_on
        return end if last < end else last + DAY

    def _hand_over(self, case: SimCase, day: datetime.date) -> None:
        successor = self.world.successor_on(case.court, day)
        if successor.id != case.court.id:
            self.rec.take_over(case, successor, day)

    def finish(self) -> None:
        """After the last act: the hand-overs and window closings the sweep did up to today."""
        for case in self.rec.family.cases:
            handover = self._handover_day(case)
            if handover is not None and handover <= self.today:
                self._hand_over(case, handover)
            self.rec.book.close_expired_windows(case)

    def within(self, start: datetime.date, due: datetime.date | None, *, early: float = 0.3) -> datetime.date:
        """When an act with a time limit from ``start`` to ``due`` is done: mostly early in the period,
        sometimes after it ran out."""
        if due is None:
            return start + DAY * self.rng.randint(1, 10)
        span = max(1, (due - start).days)
        if self.rng.random() < self.late:
            return due + DAY * (1 + int(self.rng.expovariate(1 / max(7.0, span * 0.5))))
        return start + DAY * round(span * self.rng.triangular(0.05, 1.0, early))

    def soon(self, day: datetime.date, low: int = 0, high: int = 3) -> datetime.date:
        return day + DAY * self.rng.randint(low, high)

    @staticmethod
    def duty(case: SimCase, event_kind: str) -> TimeLimit | None:
        """The running duty that ``event_kind`` would meet (earliest first)."""
        running = [
            d
            for d in case.deadlines
            if d.status == "open" and d.rule.kind == "duty" and event_kind in d.rule.satisfied_by
        ]
        return min(running, key=lambda d: (d.due_on, d.id)) if running else None

    def due(self, case: SimCase, event_kind: str) -> datetime.date | None:
        found = self.duty(case, event_kind)
        return found.due_on if found else None

    # ------------------------------------------------------------------ people
    def person(self, case: SimCase, role: str, day: datetime.date, *, exclude: Person | None = None) -> Person:
        department = case.department_id if role == Role.JUDGE else None
        return self.world.pick(self.rng, case.court, role, day, department=department, exclude=exclude)

    def president(self, case: SimCase, day: datetime.date) -> Person:
        if self.rng.random() < 0.25:
            vice = self.world.try_pick(self.rng, case.court, Role.VICE_PRESIDENT, day)
            if vice is not None:
                return vice
        return self.person(case, Role.PRESIDENT, day)

    def clerk(self, case: SimCase, day: datetime.date) -> Person:
        """Who records a registry act: the case's clerk (always, on a sealed or in-camera case, where only
        the people assigned may record), otherwise sometimes another clerk of the court."""
        restricted = case.sealed or case.in_camera
        if case.clerk is not None and (restricted or self.rng.random() < 0.85):
            pool = self.world.pools.get((case.court.id, Role.CLERK))
            if restricted or (pool is not None and case.clerk in pool.on(day)[0]):
                return case.clerk
        return self.person(case, Role.CLERK, day)

    def judge(self, case: SimCase) -> Person:
        if case.judge is None:
            raise GeneratorError(f"{case!r} has no judge")
        return case.judge

    def assign(self, case: SimCase, role: str, day: datetime.date, *, exclude: Person | None = None) -> None:
        membership = Role.JUDGE if role == AssignmentRole.JUDGE else Role.CLERK
        current = case.judge if role == AssignmentRole.JUDGE else case.clerk
        if role == AssignmentRole.JUDGE and case.status in (Status.PETITION_RECEIVED, Status.PETITION_ASSIGNED):
            # petitions are reviewed by the judges of the court in turn; the case then goes to a judge
            # of its department (by load: some judges carry more)
            chosen = self.world.pick(self.rng, case.court, membership, day, exclude=current, uniform=True)
        else:
            chosen = self.person(case, membership, day, exclude=exclude or current)
        reason, suggested = "", None
        if self.rng.random() < 0.07:
            suggested = self.world.try_pick(self.rng, case.court, membership, day, exclude=chosen)
            if suggested is not None and suggested is not current:
                reason = self.rng.choice(ASSIGNMENT_REASONS)
            else:
                suggested = None
        self.rec.assign(case, role, chosen, day, self.president(case, day), reason=reason, suggested=suggested)

    # ------------------------------------------------------------------ first instance: petitions
    def petition(self, court: CourtInfo, day: datetime.date, case_type: str) -> SimCase:
        rng = self.rng
        department = self.world.department(court, case_type)
        value = _value_in_dispute(rng, case_type)
        parties = self.parties(case_type, court, day)
        summary = _summary(rng, case_type, parties, value)
        case = self.rec.open_case(
            actor=self.world.pick(rng, court, Role.CLERK, day),
            court=court,
            case_type=case_type,
            status=Status.PETITION_RECEIVED,
            event=EventKind.PETITION_RECEIVED,
            subject=providers.subject(rng, case_type),
            parties=parties,
            received_on=day,
            extra={
                "summary": summary,
                "value_in_dispute": value,
                "department_id": department,
                "sealed": rng.random() < 0.003,
                "in_camera": case_type == "HNGD" and rng.random() < 0.03,
                "fee_exempt": rng.random() < P_EXEMPT[case_type],
            },
            data={"channel": rng.choices(["in_person", "post", "online"], weights=[55, 15, 30])[0]},
        )
        with contextlib.suppress(Later):
            self.review_petition(case, may_transfer=True)
        return case

    def review_petition(self, case: SimCase, *, may_transfer: bool) -> None:
        day = self.at(case, self.soon(case.received_on, 0, 1))
        self.assign(case, AssignmentRole.CLERK, day)
        day = self.at(case, self.within(case.received_on, self.due(case, EventKind.PETITION_ASSIGNED)))
        self.assign(case, AssignmentRole.JUDGE, day)
        t = case.case_type
        for round_ in range(2):
            day = self.at(case, self.within(case.last_on, self.due(case, EventKind.ACCEPT_DECIDED), early=0.5))
            judge = self.judge(case)
            draw = self.rng.random()
            if round_ == 0 and draw < P_AMEND[t]:
                statutory = self.cal.due_date(day, 1, "months")
                chosen = day + DAY * self.rng.choice([10, 15, 15, 20, 30])
                due_on = min(chosen, statutory) if t != "HC" else None
                self.rec.request_amendment(
                    case, judge, day, items=self.rng.choice(providers.AMENDMENT_ITEMS), due_on=due_on
                )
                amend_due = self.due(case, EventKind.PETITION_AMENDED)
                if self.rng.random() < 0.82:
                    day = self.at(case, self.within(day, amend_due, early=0.6))
                    self.rec.record_amendment(case, self.clerk(case, day), day, "Đã nộp đơn khởi kiện sửa đổi, bổ sung")
                    continue
                day = self.at(case, (amend_due or day) + DAY * self.rng.randint(1, 10))
                self.rec.return_petition(case, self.judge(case), day, providers.RETURN_GROUNDS[0])
                return
            draw -= P_AMEND[t] if round_ == 0 else 0.0
            if draw < P_RETURN[t]:
                self.rec.return_petition(case, judge, day, self.rng.choice(providers.RETURN_GROUNDS[2:]))
                return
            if may_transfer and draw < P_RETURN[t] + P_TRANSFER[t]:
                target = self.transfer_target(case, day)
                if target is not None:
                    child = self.rec.transfer_case(
                        case, judge, day, to_court=target, reason=self.rng.choice(providers.TRANSFER_REASONS)
                    )
                    self.review_petition(child, may_transfer=False)
                    return
            break
        self.fee_and_acceptance(case, day)

    def transfer_target(self, case: SimCase, day: datetime.date) -> CourtInfo | None:
        province = providers.province_key(case.court.province)
        options = [
            member
            for plan in self.plans
            for member in plan.lineage
            if member.id != case.court.id and member.is_active_on(day) and member.level == case.court.level
        ]
        near = [c for c in options if providers.province_key(c.province) == province]
        pool = near or options
        return self.rng.choice(pool) if pool else None

    def fee_and_acceptance(self, case: SimCase, day: datetime.date) -> None:
        procedure = Procedure.SUMMARY if self.rng.random() < P_SUMMARY[case.case_type] else Procedure.ORDINARY
        self.rec.decide_to_accept(case, self.judge(case), day, procedure)
        if case.fee_exempt:
            day = self.at(case, self.soon(day, 0, 2))
            self.rec.accept_case(case, self.judge(case), day)
        else:
            day = self.at(case, self.soon(day, 0, 3))
            amount = advance_fee(case.case_type, case.value_in_dispute, day, summary=procedure == Procedure.SUMMARY)
            self.rec.issue_fee_notice(case, self.judge(case), day, amount)
            pay_due = self.due(case, EventKind.FEE_PAID)
            if self.rng.random() < 0.08:
                day = self.at(case, (pay_due or day) + DAY * self.rng.randint(2, 20))
                self.rec.return_petition(case, self.judge(case), day, providers.RETURN_GROUNDS[1])
                return
            day = self.at(case, self.within(day, pay_due, early=0.6))
            receipt = f"AA/{day.year}/{self.rng.randint(1, 99_999):07d}"
            self.rec.record_fee_payment(case, self.clerk(case, day), day, receipt_number=receipt, amount=amount)
            day = self.at(case, self.soon(day, 0, 2))
            self.rec.accept_case(case, self.judge(case), day)
        self.accepted(case)

    # ------------------------------------------------------------------ first instance: case files
    def case_file(self, court: CourtInfo, day: datetime.date) -> SimCase:
        rng = self.rng
        offence, article, gravity = providers.offence(rng)
        parties = self.criminal_parties(court, day)
        accused = [p for p in parties if p.role == PartyRole.ACCUSED]
        names = ", ".join(p.name for p in accused)
        case = self.rec.open_case(
            actor=self.world.pick(rng, court, Role.CLERK, day),
            court=court,
            case_type="HS",
            status=Status.FILE_RECEIVED,
            event=EventKind.FILE_RECEIVED,
            subject=offence,
            parties=parties,
            received_on=day,
            extra={
                "summary": f'Viện kiểm sát truy tố bị cáo {names} về tội "{offence}" '
                f"theo Điều {article} Bộ luật Hình sự.",
                "gravity": gravity,
                "department_id": self.world.department(court, "HS"),
                "in_camera": rng.random() < 0.02,
                "procedure": Procedure.ORDINARY,
            },
            data={"indictment_number": f"{rng.randint(1, 450)}/CT-VKS"},
        )
        try:
            day = self.at(case, self.soon(day, 0, 1))
            self.assign(case, AssignmentRole.CLERK, day)
            day = self.at(case, self.soon(day, 0, 3))
            self.rec.register_case_file(case, self.clerk(case, day), day)
            self.accepted(case)
        except Later:
            pass
        return case

    # ------------------------------------------------------------------ after acceptance (thụ lý)
    def accepted(self, case: SimCase, *, retrial: bool = False) -> None:
        start = case.last_on
        tasks: list[tuple[datetime.date, str]] = []
        assign_due = self.due(case, EventKind.JUDGE_ASSIGNED)
        if assign_due is not None or case.judge is None or retrial or case.instance != Instance.ST:
            tasks.append((self.within(start, assign_due or start + DAY * 3), "judge"))
        if case.clerk is None:
            tasks.append((self.soon(start, 0, 3), "clerk"))
        notify_due = self.due(case, EventKind.ACCEPTANCE_NOTIFIED)
        if notify_due is not None:
            tasks.append((self.within(start, notify_due, early=0.5), "notify"))
        for planned, task in sorted(tasks, key=lambda t: t[0]):
            day = self.at(case, planned)
            if task == "judge":
                self.assign(case, AssignmentRole.JUDGE, day)
            elif task == "clerk":
                self.assign(case, AssignmentRole.CLERK, day)
            else:
                self.rec.notify_acceptance(case, self.clerk(case, day), day, providers.NOTICE_RECIPIENTS)
        self.prepare(case, may_suspend=True, may_transfer=case.instance == Instance.ST and not retrial)

    def prepare(self, case: SimCase, *, may_suspend: bool, may_transfer: bool) -> None:
        t = case.case_type
        rng = self.rng
        prep = self.duty(case, EventKind.TRIAL_SCHEDULED) or self.duty(case, EventKind.JUDGMENT_ISSUED)
        start = case.last_on
        due = prep.due_on if prep else start + DAY * 60
        st = case.instance == Instance.ST
        if may_transfer and rng.random() < 0.01:
            day = self.at(case, self.within(start, due))
            target = self.transfer_target(case, day)
            if target is not None:
                child = self.rec.transfer_case(
                    case, self.judge(case), day, to_court=target, reason=rng.choice(providers.TRANSFER_REASONS)
                )
                self.register(child, self.soon(day, 2, 10))
                return
        if may_suspend and rng.random() < (P_SUSPEND[t] if st else 0.02):
            day = self.at(case, start + DAY * round((due - start).days * rng.uniform(0.1, 0.9)))
            grounds = providers.CRIMINAL_SUSPEND_GROUNDS if t == "HS" else providers.SUSPEND_GROUNDS
            self.rec.suspend_case(case, self.judge(case), day, rng.choice(grounds))
            if st and rng.random() < 0.15:
                day = self.at(case, day + DAY * rng.randint(30, 300))
                self.terminate(case, day)
                return
            day = self.at(case, day + DAY * int(rng.triangular(20, 400, 90)))
            self.rec.resume_case(case, self.judge(case), day)
            self.prepare(case, may_suspend=False, may_transfer=False)
            return
        planned = self.within(start, due, early=0.75)
        if prep is not None and planned > due - DAY * 5 and prep.rule.extension and rng.random() < 0.6:
            day = self.at(case, max(start + DAY, due - DAY * rng.randint(3, 15)))
            if prep.status == "open" and prep.extensions_used < prep.rule.max_extensions:
                president = self.president(case, day)
                self.rec.extend_time_limit(
                    case, president, day, rule_code=prep.rule.code, reason=rng.choice(providers.EXTENSION_REASONS)
                )
                planned = self.within(day, prep.due_on, early=0.5)
        day = self.at(case, planned)
        draw = rng.random()
        if st and draw < P_SETTLE[t]:
            self.rec.recognise_settlement(case, self.judge(case), day)
            return
        if st and draw < P_SETTLE[t] + P_TERMINATE[t]:
            self.terminate(case, day)
            return
        self.trial(case, day)

    def terminate(self, case: SimCase, day: datetime.date) -> None:
        grounds = providers.CRIMINAL_TERMINATE_GROUNDS if case.case_type == "HS" else providers.TERMINATE_GROUNDS
        self.rec.terminate_proceedings(case, self.judge(case), day, self.rng.choice(grounds))
        if case.status == Status.DECIDED:
            self.decided(case)

    def period_end(self, case: SimCase, event_kind: str, met_by: str, day: datetime.date) -> datetime.date | None:
        """The due date of the duty ``event_kind`` would open on ``day`` that ``met_by`` meets (to plan the
        hearing within it when deciding to bring the case to trial)."""
        for rule in self.rec.book.rules.triggered(case, case.court_level, event_kind, day):
            if rule.kind == "duty" and met_by in rule.satisfied_by:
                return self.cal.due_date(day, rule.duration, rule.unit)
        return None

    def trial(self, case: SimCase, day: datetime.date) -> None:
        rng = self.rng
        judge = self.judge(case)
        limit = self.period_end(case, EventKind.TRIAL_SCHEDULED, EventKind.JUDGMENT_ISSUED, day)
        hearing = day + DAY * rng.randint(7, 25)
        if limit is not None and hearing > limit:
            hearing = day + DAY * max(1, round((limit - day).days * rng.uniform(0.4, 0.95)))
        self.rec.bring_to_trial(case, judge, day, hearing)
        self.panel(case, day)
        if rng.random() < 0.12:  # the hearing is postponed (a party absent, new evidence)
            hearing = hearing + DAY * rng.randint(10, 45)
            duty = self.duty(case, EventKind.JUDGMENT_ISSUED)
            if duty is not None and hearing > duty.due_on and duty.rule.extension and rng.random() < 0.6:
                ext_day = self.at(case, duty.due_on - DAY * rng.randint(1, 5))
                if duty.status == "open" and duty.extensions_used < duty.rule.max_extensions:
                    self.rec.extend_time_limit(
                        case,
                        self.president(case, ext_day),
                        ext_day,
                        rule_code=duty.rule.code,
                        reason=rng.choice(providers.EXTENSION_REASONS),
                    )
        elif rng.random() < self.late:
            hearing = hearing + DAY * rng.randint(1, 20)
        day = self.at(case, hearing)
        if case.instance == Instance.ST and rng.random() < P_SETTLE[case.case_type] * 0.3:
            self.rec.recognise_settlement(case, self.judge(case), day)
            return
        summary = rng.choice(providers.JUDGMENT_SUMMARIES) if case.case_type != "HS" else ""
        self.rec.issue_judgment(case, self.judge(case), day, outcome=self.outcome(case), summary=summary)
        if case.instance == Instance.ST:
            self.decided(case)
        else:
            parent = case.parent
            if parent is not None and parent.status == Status.FILE_RECEIVED:
                self.retrial(parent)
            elif parent is not None and parent.status == Status.EFFECTIVE:
                self.publish(parent)

    def outcome(self, case: SimCase) -> str:
        rng = self.rng
        if case.instance != Instance.ST:
            return rng.choices([Outcome.UPHELD, Outcome.MODIFIED, Outcome.QUASHED], weights=[55, 33, 12])[0]
        if case.case_type == "HS":
            return Outcome.CONVICTED if rng.random() < 0.995 else Outcome.ACQUITTED
        weights = [30, 45, 25] if case.case_type != "HC" else [15, 20, 65]
        return rng.choices([Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DISMISSED], weights=weights)[0]

    def panel(self, case: SimCase, day: datetime.date) -> None:
        """The trial panel and the procurator named in the decision to bring the case to trial; those
        already on the case from an earlier decision (before a suspension) stay and are not named again."""
        judge = self.judge(case)
        president = self.president(case, day)

        def name(person: Person | None, role: str) -> None:
            if person is not None and not on_case(case, person):
                self.rec.add_to_panel(case, person, role, day, president)

        if case.instance == Instance.ST:
            if case.procedure == Procedure.ORDINARY:
                first = self.world.pick(self.rng, case.court, Role.ASSESSOR, day)
                second = self.world.pick(self.rng, case.court, Role.ASSESSOR, day, exclude=first)
                for person in (first, second):
                    name(person, AssignmentRole.ASSESSOR)
        else:
            first = self.person(case, Role.JUDGE, day, exclude=judge)
            name(first, AssignmentRole.ASSOCIATE_JUDGE)
            for _ in range(4):
                other = self.world.try_pick(self.rng, case.court, Role.JUDGE, day, exclude=judge)
                if other is not None and other is not first:
                    name(other, AssignmentRole.ASSOCIATE_JUDGE)
                    break
        if case.case_type in ("HS", "HC") or self.rng.random() < 0.1:
            name(self.world.procurator(self.rng, case.court), AssignmentRole.PROCURATOR)

    # ------------------------------------------------------------------ after the judgment
    def decided(self, case: SimCase) -> None:
        rng = self.rng
        decided_on = case.decided_on
        end = self.rec.window_end(case)
        if decided_on is None or end is None:
            raise GeneratorError(f"{case!r} was decided without appeal windows")
        judgment = any(e.kind == EventKind.JUDGMENT_ISSUED and e.on == decided_on for e in case.events)
        retried = any(e.kind == EventKind.RETRIAL_ORDERED for e in case.events)
        appeal_p = P_APPEAL[case.case_type] * (0.2 if retried else 1.0) if judgment else 0.0
        appellate = self.world.appellate_court(case.court, end + DAY)
        if appellate is None or rng.random() >= appeal_p:
            self.take_effect(case, end)
            return
        party_end = self.rec.window_end(case, "party") or end
        procuracy_end = self.rec.window_end(case, "procuracy") or end
        plans: list[tuple[datetime.date, str]] = []
        if rng.random() < 0.9:
            plans.append((min(party_end, decided_on + DAY * int(rng.triangular(1, 16, 13))), "appeal"))
        if not plans or rng.random() < 0.12:
            plans.append((decided_on + DAY * rng.randint(3, max(3, (procuracy_end - decided_on).days)), "protest"))
        lodged = 0
        for planned, kind in sorted(plans):
            day = self.at(case, planned)
            if day > (party_end if kind == "appeal" else procuracy_end):
                continue  # too late once the office opened: not lodged
            if kind == "appeal":
                self.rec.lodge_appeal(
                    case,
                    self.clerk(case, day),
                    day,
                    kind="appeal",
                    appellant=self.appellant(case),
                    grounds=rng.choice(providers.APPEAL_GROUNDS),
                )
            else:
                office = appellate.name.replace("Tòa án nhân dân", "Viện kiểm sát nhân dân", 1)
                self.rec.lodge_appeal(
                    case,
                    self.clerk(case, day),
                    day,
                    kind="protest",
                    appellant=None,
                    procuracy=office,
                    grounds="Kháng nghị phúc thẩm toàn bộ bản án sơ thẩm",
                )
            lodged += 1
        if not lodged:
            self.take_effect(case, end)
            return
        send_due = self.due(case, EventKind.FILE_SENT_TO_APPEAL)
        planned = self.within(end, send_due) if send_due else end + DAY * rng.randint(1, 10)
        day = self.at(case, max(planned, end + DAY))  # once every window has run out
        appellate = self.world.appellate_court(case.court, day)
        if appellate is None:
            raise GeneratorError(f"no appellate court for {case.court!r} on {day}")
        child = self.rec.send_to_appellate_court(case, self.clerk(case, day), day, appellate)
        self.appeal(child)

    def take_effect(self, case: SimCase, end: datetime.date) -> None:
        """The nightly sweep declares an unappealed judgment effective the day after its last window
        (appeals against a judgment quashed earlier do not count)."""
        if current_appeals(case):
            return
        day = self.at(case, end + DAY, working=False)
        self.rec.declare_effective(case, day)
        self.publish(case)

    def publish(self, case: SimCase) -> None:
        """The judge publishes the judgment in legal effect on the portal, mostly within its 30 days
        (Resolution 03/2017/NQ-HĐTP), sometimes late; one not published by today is left with its duty
        running, on the judge's docket."""
        duty = self.duty(case, EventKind.JUDGMENT_PUBLISHED)
        if duty is None or case.judge is None:
            return
        try:
            day = self.at(case, self.within(duty.starts_on, duty.due_on))
        except Later:
            return
        self.rec.record_publication(case, case.judge, day)

    def appellant(self, case: SimCase) -> SimParty:
        roles = (PartyRole.ACCUSED,) if case.case_type == "HS" else (PartyRole.DEFENDANT, PartyRole.PLAINTIFF)
        parties = [p for p in case.parties if p.role in roles]
        if not parties:
            parties = [p for p in case.parties if p.represents is None]
        return self.rng.choice(parties)

    # ------------------------------------------------------------------ appeal (phúc thẩm) and retrial
    def appeal(self, case: SimCase) -> None:
        """The appellate court receives the file: the president assigns a clerk, who registers it."""
        self.register(case, self.soon(case.received_on, 2, 12))

    def register(self, case: SimCase, planned: datetime.date) -> None:
        """Thụ lý of a case file arriving from elsewhere (an appeal, a transfer): a clerk is assigned
        first when the case has none in this court, then registers it."""
        day = self.at(case, planned)
        if case.clerk is None:
            self.assign(case, AssignmentRole.CLERK, day)
        self.rec.register_case_file(case, self.clerk(case, day), day)
        self.accepted(case)

    def retrial(self, case: SimCase) -> None:
        """The appellate court quashed the judgment: the first-instance court registers the file again
        and a different judge tries it."""
        day = self.at(case, self.soon(case.last_on, 3, 20))
        self.rec.register_case_file(case, self.clerk(case, day), day)
        self.accepted(case, retrial=True)

    # ------------------------------------------------------------------ parties
    def parties(self, case_type: str, court: CourtInfo, day: datetime.date) -> list[PartyIn]:
        rng = self.rng
        province = court.province
        recent = day >= self.today - datetime.timedelta(days=365)
        parties: list[PartyIn] = []

        def person(role: str, gender: str | None = None, *, young: bool = False) -> PartyIn:
            gender = gender or rng.choice("mf")
            year = rng.randint(1985, 2006) if young else rng.randint(1950, 2000)
            return PartyIn(
                name=providers.person_name(rng, gender),
                role=role,
                birth_year=year,
                national_id=providers.citizen_id(rng, year, gender) if rng.random() < 0.8 else "",
                address=providers.address(rng, province if rng.random() < 0.9 else ""),
            )

        def organisation(role: str, name: str | None = None) -> PartyIn:
            return PartyIn(
                name=name or providers.company(rng),
                role=role,
                kind=PartyKind.ORGANISATION,
                national_id=providers.enterprise_code(rng),
                address=providers.address(rng, province),
            )

        def represent(index: int, role: str, p: float) -> None:
            if rng.random() < p:
                agent = person(role)
                agent.national_id = ""
                agent.represents = index
                if role == PartyRole.LAWYER:
                    agent.address = providers.law_firm(rng)
                parties.append(agent)

        if case_type == "HNGD":
            gender = "f" if rng.random() < 0.7 else "m"
            plaintiff = person(PartyRole.PLAINTIFF, gender)
            defendant = person(PartyRole.DEFENDANT, "m" if gender == "f" else "f")
            if rng.random() < 0.6:
                defendant.address = plaintiff.address
            parties += [plaintiff, defendant]
        elif case_type == "KDTM":
            bank = rng.random() < 0.4
            parties.append(organisation(PartyRole.PLAINTIFF, rng.choice(providers.BANKS) if bank else None))
            parties.append(organisation(PartyRole.DEFENDANT) if rng.random() < 0.6 else person(PartyRole.DEFENDANT))
        elif case_type == "LD":
            parties += [person(PartyRole.PLAINTIFF, young=True), organisation(PartyRole.DEFENDANT)]
        elif case_type == "HC":
            parties.append(person(PartyRole.PLAINTIFF))
            parties.append(
                PartyIn(
                    name=providers.administrative_defendant(rng, province),
                    role=PartyRole.DEFENDANT,
                    kind=PartyKind.ORGANISATION,
                    address=providers.address(rng, province),
                )
            )
        else:
            parties.append(person(PartyRole.PLAINTIFF) if rng.random() < 0.85 else organisation(PartyRole.PLAINTIFF))
            parties.append(person(PartyRole.DEFENDANT) if rng.random() < 0.8 else organisation(PartyRole.DEFENDANT))
        if rng.random() < (0.3 if case_type in ("DS", "HC") else 0.1):
            parties.append(person(PartyRole.RELATED))
        for index in range(2):
            if parties[index].kind == PartyKind.ORGANISATION:
                represent(index, PartyRole.REPRESENTATIVE, 0.7)
            elif case_type in ("DS", "KDTM"):
                represent(index, PartyRole.REPRESENTATIVE, 0.15)
        represent(0, PartyRole.LAWYER, 0.2)
        represent(1, PartyRole.LAWYER, 0.12)
        if recent:
            self.links.attach(parties, court, rng)
        return parties

    def criminal_parties(self, court: CourtInfo, day: datetime.date) -> list[PartyIn]:
        rng = self.rng
        parties: list[PartyIn] = []
        count = rng.choices([1, 2, 3], weights=[70, 20, 10])[0]
        for _ in range(count):
            gender = "m" if rng.random() < 0.9 else "f"
            year = rng.randint(1970, 2006)
            parties.append(
                PartyIn(
                    name=providers.person_name(rng, gender),
                    role=PartyRole.ACCUSED,
                    birth_year=year,
                    national_id=providers.citizen_id(rng, year, gender),
                    address=providers.address(rng, court.province if rng.random() < 0.85 else ""),
                )
            )
        for i in range(count):
            if rng.random() < 0.35:
                parties.append(
                    PartyIn(
                        name=providers.person_name(rng),
                        role=PartyRole.LAWYER,
                        represents=i,
                        address=providers.law_firm(rng),
                    )
                )
        if rng.random() < 0.6:
            year = rng.randint(1950, 2005)
            parties.append(
                PartyIn(
                    name=providers.person_name(rng),
                    role=PartyRole.VICTIM,
                    birth_year=year,
                    address=providers.address(rng, court.province),
                )
            )
        del day
        return parties


ASSIGNMENT_REASONS = [
    "Thẩm phán được gợi ý đang tham gia xét xử vụ án lớn kéo dài",
    "Bảo đảm chuyên môn: Thẩm phán đã giải quyết vụ án liên quan",
    "Thẩm phán được gợi ý nghỉ phép theo kế hoạch",
]


class DemoLinks:
    """Puts the demo citizens and lawyers into some recent cases of the first demo court, so that their
    logins have cases to follow. Each appears in a few cases (a fixed quota), so the links do not
    depend on the size of the load."""

    def __init__(self, world: World, *, citizen_quota: int = 3, lawyer_quota: int = 8) -> None:
        focus = next((p for p in world.first_instance if p.focus), world.first_instance[0])
        self.courts = {member.id for member in focus.lineage}
        self.citizens = [(a, citizen_quota) for a in world.citizens]
        self.lawyers = [(a, lawyer_quota) for a in world.lawyers]

    def attach(self, parties: list[PartyIn], court: CourtInfo, rng: random.Random) -> None:
        if court.id not in self.courts:
            return
        if self.citizens and rng.random() < 0.04 and parties[0].kind == PartyKind.PERSON:
            account, left = self.citizens.pop(0)
            if account.person is not None:
                parties[0].name = account.full_name
                parties[0].national_id = account.national_id
                parties[0].user_id = account.person.id
            if left > 1:
                self.citizens.append((account, left - 1))
        if self.lawyers and rng.random() < 0.06:
            account, left = self.lawyers.pop(0)
            if account.person is not None:
                parties.append(
                    PartyIn(
                        name=account.full_name,
                        role=PartyRole.LAWYER,
                        represents=0,
                        address=account.organisation,
                        user_id=account.person.id,
                    )
                )
            if left > 1:
                self.lawyers.append((account, left - 1))


def _value_in_dispute(rng: random.Random, case_type: str) -> Decimal | None:
    ranges = {"DS": (17.0, 0.9), "KDTM": (20.0, 1.1), "LD": (18.0, 0.7), "HNGD": (19.5, 0.8)}
    if case_type not in ranges or (case_type == "HNGD" and rng.random() < 0.6):
        return None
    mean, sigma = ranges[case_type]
    return Decimal(round(rng.lognormvariate(mean, sigma), -5))


def _summary(rng: random.Random, case_type: str, parties: list[PartyIn], value: Decimal | None) -> str:
    amount = f"{int(value):,}".replace(",", ".") + " đồng" if value is not None else ""
    defendant = parties[1].name if len(parties) > 1 else ""
    if case_type == "HNGD":
        return f"Nguyên đơn xin ly hôn với {defendant}; yêu cầu được trực tiếp nuôi con chung" + (
            f" và chia tài sản chung trị giá {amount}." if amount else "."
        )
    if case_type == "HC":
        return f"Người khởi kiện yêu cầu hủy quyết định hành chính của {defendant}."
    if case_type == "LD":
        return f"Người lao động yêu cầu {defendant} bồi thường, trả lương và các khoản trợ cấp tổng cộng {amount}."
    if amount:
        return f"Nguyên đơn yêu cầu {defendant} thanh toán số tiền {amount} cùng tiền lãi theo thỏa thuận."
    return f"Nguyên đơn yêu cầu Tòa án giải quyết tranh chấp với {defendant}."
