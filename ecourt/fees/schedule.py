"""The court-fee schedule as versioned data (data/nq326-2016.yaml) and the advance fee it gives.

Amounts are whole đồng (Decimal). A schedule file holds versions by ``valid_from``; the version in
force on a day is the last one that started on or before it, so a later resolution is one new entry.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

SCHEDULE_FILE = Path(__file__).parent / "data" / "nq326-2016.yaml"
RESOLUTION = "Nghị quyết số 326/2016/UBTVQH14"


class ScheduleError(ValueError):
    """The schedule file is malformed."""


class ScheduleIncompleteError(LookupError):
    """The schedule in force has no amounts for this case type (not entered from the official text)."""


@dataclass(frozen=True)
class Bracket:
    above: Decimal  # exclusive lower bound of the value in dispute
    up_to: Decimal | None  # inclusive upper bound; None: no upper bound
    fixed: Decimal
    rate: Decimal
    rate_over: Decimal  # the rate applies to the part of the value above this amount
    minimum: Decimal = Decimal(0)  # "… nhưng không thấp hơn …": the fee is never below it

    def contains(self, value: Decimal) -> bool:
        return value > self.above and (self.up_to is None or value <= self.up_to)

    def fee(self, value: Decimal) -> Decimal:
        return max(self.minimum, self.fixed + self.rate * (value - self.rate_over))


@dataclass(frozen=True)
class TypeFees:
    non_monetary: Decimal | None
    brackets: tuple[Bracket, ...] | None
    appeal: Decimal | None
    basis: str


@dataclass(frozen=True)
class Version:
    valid_from: datetime.date
    basis: str
    monetary_share: Decimal
    summary_share: Decimal
    fees: dict[str, TypeFees]


@dataclass(frozen=True)
class Exemption:
    code: str
    basis: str
    text_vi: str


@dataclass(frozen=True)
class Schedule:
    source: str
    versions: tuple[Version, ...]
    exemptions: tuple[Exemption, ...]

    def in_force(self, day: datetime.date) -> Version:
        found = [v for v in self.versions if v.valid_from <= day]
        if not found:
            raise ScheduleIncompleteError(f"no fee schedule in force on {day.isoformat()}")
        return found[-1]


def _money(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError as exc:
        raise ScheduleError(f"{where}: '{value}' is not an amount") from exc
    if amount < 0:
        raise ScheduleError(f"{where}: an amount cannot be negative")
    return amount


def _required(value: Any, where: str) -> Decimal:
    amount = _money(value, where)
    if amount is None:
        raise ScheduleError(f"{where}: missing")
    return amount


def _brackets(raw: Any, where: str) -> tuple[Bracket, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise ScheduleError(f"{where}: brackets must be a non-empty list")
    out = []
    for i, item in enumerate(raw):
        here = f"{where}[{i}]"
        out.append(
            Bracket(
                above=_required(item.get("above"), f"{here}.above"),
                up_to=_money(item.get("up_to"), f"{here}.up_to"),
                fixed=_required(item.get("fixed", 0), f"{here}.fixed"),
                rate=_required(item.get("rate", 0), f"{here}.rate"),
                rate_over=_required(item.get("rate_over", 0), f"{here}.rate_over"),
                minimum=_required(item.get("minimum", 0), f"{here}.minimum"),
            )
        )
    # Brackets must tile the values: each starts where the previous ended, only the last is open.
    for prev, nxt in itertools.pairwise(out):
        if prev.up_to is None or prev.up_to != nxt.above:
            raise ScheduleError(f"{where}: bracket above {nxt.above} does not follow the one before")
    return tuple(out)


def parse_schedule(text: str) -> Schedule:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list):
        raise ScheduleError("a schedule has 'versions'")
    versions = []
    for i, raw in enumerate(data["versions"]):
        where = f"versions[{i}]"
        valid_from = raw.get("valid_from")
        if not isinstance(valid_from, datetime.date):
            raise ScheduleError(f"{where}.valid_from: a date (YYYY-MM-DD)")
        advance = raw.get("advance") or {}
        fees = {
            code: TypeFees(
                non_monetary=_money(entry.get("non_monetary"), f"{where}.fees.{code}.non_monetary"),
                brackets=_brackets(entry.get("brackets"), f"{where}.fees.{code}.brackets"),
                appeal=_money(entry.get("appeal"), f"{where}.fees.{code}.appeal"),
                basis=str(entry.get("basis", "")),
            )
            for code, entry in (raw.get("fees") or {}).items()
        }
        versions.append(
            Version(
                valid_from=valid_from,
                basis=str(raw.get("basis", "")),
                monetary_share=_required(advance.get("monetary_share"), f"{where}.advance.monetary_share"),
                summary_share=_required(advance.get("summary_share"), f"{where}.advance.summary_share"),
                fees=fees,
            )
        )
    versions.sort(key=lambda v: v.valid_from)
    exemptions = tuple(
        Exemption(code=str(e["code"]), basis=str(e["basis"]), text_vi=str(e["text_vi"]))
        for e in data.get("exemptions") or []
    )
    return Schedule(source=str(data.get("source", "")), versions=tuple(versions), exemptions=exemptions)


@functools.cache
def load_schedule(path: Path = SCHEDULE_FILE) -> Schedule:
    return parse_schedule(path.read_text(encoding="utf-8"))


def _whole_dong(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def first_instance_fee(fees: TypeFees, value_in_dispute: Decimal | None, case_type: str) -> Decimal:
    """The first-instance fee: the fixed fee of a non-monetary claim, or the bracket's fee on the value."""
    if fees.non_monetary is None:
        raise ScheduleIncompleteError(f"no first-instance fee entered for {case_type} ({fees.basis})")
    if value_in_dispute is None:
        return fees.non_monetary
    if fees.brackets is None:
        raise ScheduleIncompleteError(f"no value brackets entered for {case_type} ({fees.basis})")
    for bracket in fees.brackets:
        if bracket.contains(value_in_dispute):
            return _whole_dong(bracket.fee(value_in_dispute))
    raise ScheduleIncompleteError(f"no bracket of {case_type} holds the value {value_in_dispute}")


@dataclass(frozen=True)
class AdvanceEstimate:
    """How an advance fee was reached, for the notice form and the filer's review page."""

    advance: Decimal
    first_instance_fee: Decimal
    value_in_dispute: Decimal | None
    bracket: Bracket | None  # None: a claim without a money value, or an administrative case
    share: Decimal | None  # the share of the fee taken as the advance (Điều 7 khoản 2); None: the whole fee
    raised_to_minimum: bool  # the share fell below the non-monetary fee, which is the floor
    summary_share: Decimal | None  # summary procedure (Điều 7 khoản 4)
    basis: str
    non_monetary: Decimal  # the fee of a claim without a money value: the floor of a monetary advance
    case_type: str

    def explain_vi(self) -> str:
        """How the advance was reached, in the words of the notice (Vietnamese, amounts with dots)."""
        if self.case_type == "HC":
            text = f"Án phí hành chính sơ thẩm {dong(self.first_instance_fee)} đồng (Điều 7 khoản 3)"
        elif self.bracket is None or self.value_in_dispute is None or self.share is None:
            text = f"Án phí sơ thẩm không có giá ngạch {dong(self.first_instance_fee)} đồng (Điều 7 khoản 2)"
        else:
            b, value = self.bracket, self.value_in_dispute
            fee = f"{dong(self.first_instance_fee)} đồng"
            if b.rate:
                over = f"({dong(value)} − {dong(b.rate_over)})" if b.rate_over else dong(value)
                formula = (f"{dong(b.fixed)} + " if b.fixed else "") + f"{percent(b.rate)} × {over}"
                raw = _whole_dong(b.fixed + b.rate * (value - b.rate_over))
                fee = f"{formula} = {dong(raw)} đồng" + (f", không thấp hơn {fee}" if raw < b.minimum else "")
            floor = f", không thấp hơn án phí không có giá ngạch {dong(self.non_monetary)} đồng"
            text = (
                f"Án phí sơ thẩm trên giá trị tài sản có tranh chấp {dong(value)} đồng: {fee}; "
                f"tạm ứng {percent(self.share)}{floor if self.raised_to_minimum else ''} (Điều 7 khoản 2)"
            )
        if self.summary_share is not None:
            text += f"; thủ tục rút gọn: {percent(self.summary_share)} (Điều 7 khoản 4)"
        return f"{text}; mức tạm ứng {dong(self.advance)} đồng. Căn cứ: {self.basis}, {RESOLUTION}."


def dong(amount: Decimal) -> str:
    """An amount of đồng as Vietnamese write it: 12.000.000."""
    return f"{int(amount):,}".replace(",", ".")


def percent(rate: Decimal) -> str:
    """A rate as Vietnamese write it: 0.001 → 0,1%."""
    return f"{(rate * 100).normalize():f}".replace(".", ",") + "%"


def estimate_advance(
    case_type: str,
    value_in_dispute: Decimal | None,
    day: datetime.date,
    *,
    summary: bool = False,
    schedule: Schedule | None = None,
) -> AdvanceEstimate:
    """The advance first-instance fee (tạm ứng án phí sơ thẩm) on ``day``, with how it was reached.

    ``value_in_dispute`` None means a claim without a money value (không có giá ngạch). Điều 7 khoản 2:
    monetary claims pay a share of the fee, never less than the non-monetary fee; administrative cases
    (khoản 3) pay the fee itself; khoản 4 halves the advance under the summary procedure.
    """
    if value_in_dispute is not None and value_in_dispute < 0:
        raise ValueError("the value in dispute cannot be negative")
    version = (schedule or load_schedule()).in_force(day)
    fees = version.fees.get(case_type)
    if fees is None:
        raise ScheduleIncompleteError(f"the schedule has no advance fee for case type {case_type}")
    if case_type == "HC":
        # Điều 7 khoản 3: the administrative fee has no value brackets; a claim for damages in the case
        # pays no civil advance (Điều 31 khoản 2), so the value does not count.
        value_in_dispute = None
    fee = first_instance_fee(fees, value_in_dispute, case_type)
    advance, bracket, share, floored = fee, None, None, False
    if value_in_dispute is not None:
        # first_instance_fee checked both
        assert fees.non_monetary is not None
        assert fees.brackets is not None
        bracket = next(b for b in fees.brackets if b.contains(value_in_dispute))
        share = version.monetary_share
        advance = _whole_dong(fee * share)
        if advance < fees.non_monetary:
            advance, floored = fees.non_monetary, True
    if summary:
        advance = _whole_dong(advance * version.summary_share)
    return AdvanceEstimate(
        advance=advance,
        first_instance_fee=fee,
        value_in_dispute=value_in_dispute,
        bracket=bracket,
        share=share,
        raised_to_minimum=floored,
        summary_share=version.summary_share if summary else None,
        basis=fees.basis,
        non_monetary=fees.non_monetary if fees.non_monetary is not None else fee,
        case_type=case_type,
    )


def appeal_advance(case_type: str, day: datetime.date, *, schedule: Schedule | None = None) -> tuple[Decimal, str]:
    """The appeal advance fee (tạm ứng án phí phúc thẩm) on ``day`` and how it was reached: the appeal fee
    itself (Điều 7 khoản 2, last sentence; khoản 3 for administrative cases)."""
    version = (schedule or load_schedule()).in_force(day)
    fees = version.fees.get(case_type)
    if fees is None or fees.appeal is None:
        raise ScheduleIncompleteError(f"the schedule has no appeal fee for case type {case_type}")
    article = "Điều 7 khoản 3" if case_type == "HC" else "Điều 7 khoản 2"
    explanation = (
        f"Tạm ứng án phí phúc thẩm bằng mức án phí phúc thẩm ({article}); mức tạm ứng {dong(fees.appeal)} đồng. "
        f"Căn cứ: {fees.basis}, {RESOLUTION}."
    )
    return fees.appeal, explanation


def advance_fee(
    case_type: str,
    value_in_dispute: Decimal | None,
    day: datetime.date,
    *,
    summary: bool = False,
    schedule: Schedule | None = None,
) -> Decimal:
    """The advance first-instance fee on ``day`` (``estimate_advance`` without the explanation)."""
    return estimate_advance(case_type, value_in_dispute, day, summary=summary, schedule=schedule).advance
