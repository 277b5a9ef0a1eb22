"""Court-fee computations written in judgments, checked against the fee schedule.

A first-instance judgment states how it reached each fee: "72.070.000 đồng x 5% = 3.603.000 đồng" (a
value times a bracket's rate) or "112.000.000 đồng + 0,1% x 60.970.790.326 đồng" (a bracket's fixed part
plus its rate on the part above the bracket's floor). Each such computation names a rate, and the second
form a fixed part, that the schedule in force must have in the bracket holding that value. Reading them
from real judgments checks the schedule's amounts against what the courts apply; reading them from a draft
judgment would check the draft.

Only computations the resolution governs count: Điều 48 khoản 1 NQ 326/2016 keeps the 2009 ordinance for
cases accepted (thụ lý) before 2017, so a judgment counts when its acceptance number is of 2017 or later, or
when the sentence that computes the fee cites the resolution itself.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ecourt.vietnamese import normalize

from .schedule import Schedule, load_schedule

_AMOUNT = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_RATE = r"(\d+(?:,\d+)?)\s?%"
_UNIT = r"\s?(?:đồng|đ)?\s?"
# "V x r%" (a value times the bracket's rate); the letter x or the sign ×.
_TIMES = re.compile(_AMOUNT + _UNIT + r"[x×]\s?" + _RATE)
# "A + r% x X" (the bracket's fixed part plus its rate on the part above the floor).
_FIXED_PLUS = re.compile(_AMOUNT + _UNIT + r"\+\s?" + _RATE + r"\s?[x×]\s?" + _AMOUNT)
_STATED = re.compile(r"\s?" + _UNIT + r"=\s?" + _AMOUNT)
_ROUNDING = Decimal(1000)
_ACCEPTANCE = re.compile(r"[Tt]hụ lý số:?\s?\d+/(\d{4})/")
_FEE_WORDS = "án phí"
_RESOLUTION = "326/2016"
# How far before a computation its fee words, and the resolution it cites, may stand: the ruling on fees
# ("Về án phí: … cụ thể: 72.070.000 đồng x 5% = …") runs over a few clauses.
_FEE_REACH = 400
_CITATION_REACH = 600
_FIRST_YEAR = 2017  # Điều 48 khoản 1: cases accepted from 2017 on


@dataclass(frozen=True)
class Computation:
    """One fee computation as the judgment wrote it."""

    context: str  # the words around it, for a reader
    value: Decimal  # the value in dispute the fee is computed on
    rate: Decimal  # as a fraction: 5% → 0.05
    fixed: Decimal | None  # the fixed part of the "A + r% x X" form
    stated: Decimal | None  # the result the judgment wrote after "=", if it wrote one

    @property
    def result(self) -> Decimal:
        """What the computation comes to."""
        return (self.fixed or Decimal(0)) + self.rate * self.value


@dataclass(frozen=True)
class Check:
    computation: Computation
    agrees: bool  # the schedule has that rate (and fixed part) for that value
    expected: str  # what the schedule has for that value, in words
    # The stated result is the computation's, to the rounding courts use (whole thousands of đồng); None
    # when the judgment stated no result.
    arithmetic_ok: bool | None


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(".", ""))


def _rate(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) / 100


def case_type_of(judgment_number: str) -> str:
    """The case type a judgment number's suffix names (01/2018/KDTM-ST → KDTM); civil when it names none."""
    suffix = normalize(judgment_number).upper().replace(" ", "").replace("Đ", "D")
    for code in ("KDTM", "HNGD", "LD", "HC"):
        if code in suffix.split("/")[-1]:
            return code
    return "DS"


def acceptance_year(text: str) -> int | None:
    match = _ACCEPTANCE.search(text)
    return int(match.group(1)) if match else None


def computations(text: str) -> list[Computation]:
    """The fee computations of a judgment governed by NQ 326/2016 (see the module's docstring)."""
    text = re.sub(r"\s+", " ", normalize(text))
    recent = (acceptance_year(text) or 0) >= _FIRST_YEAR
    found: list[Computation] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: str, rate: str, fixed: str | None) -> None:
        before = text[max(0, match.start() - _CITATION_REACH) : match.start()]
        if _FEE_WORDS not in before[-_FEE_REACH:].lower():
            return
        if not recent and _RESOLUTION not in before:
            return
        taken.append(match.span())
        stated = _STATED.match(text, match.end())
        context = text[max(0, match.start() - 120) : match.end() + 40].strip()
        found.append(
            Computation(
                context=context,
                value=_amount(value),
                rate=_rate(rate),
                fixed=None if fixed is None else _amount(fixed),
                stated=_amount(stated.group(1)) if stated else None,
            )
        )

    for match in _FIXED_PLUS.finditer(text):
        add(match, match.group(3), match.group(2), match.group(1))
    for match in _TIMES.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            add(match, match.group(1), match.group(2), None)
    return found


def check(computation: Computation, case_type: str, day: datetime.date, *, schedule: Schedule | None = None) -> Check:
    """Whether the schedule in force on ``day`` has the computation's rate (and fixed part) in the bracket
    that holds its value. In the "A + r% x X" form X is the part above the bracket's floor, so the bracket
    is the one whose fixed part and rate they are."""
    version = (schedule or load_schedule()).in_force(day)
    fees = version.fees.get(case_type)
    brackets = fees.brackets if fees is not None and fees.brackets is not None else ()
    if computation.fixed is None:
        bracket = next((b for b in brackets if b.contains(computation.value)), None)
        agrees = bracket is not None and bracket.fixed == 0 and bracket.rate == computation.rate
    else:
        bracket = next((b for b in brackets if b.fixed == computation.fixed and b.rate == computation.rate), None)
        agrees = bracket is not None and (bracket.up_to is None or computation.value <= bracket.up_to - bracket.above)
    if bracket is None:
        expected = f"no {case_type} bracket with that rate" + (
            " and fixed part" if computation.fixed is not None else ""
        )
    else:
        expected = (
            f"{bracket.fixed} + {bracket.rate} × (value − {bracket.rate_over}) for ({bracket.above}, {bracket.up_to}]"
        )
    stated = computation.stated
    return Check(
        computation=computation,
        agrees=agrees,
        expected=expected,
        arithmetic_ok=None if stated is None else abs(stated - computation.result) < _ROUNDING,
    )


def judgment_date(text: str) -> datetime.date:
    """A judgment's date as the ALQAC records write it: "10-10-2018", "30/07/2018"."""
    day, month, year = (int(part) for part in re.split(r"[-/.]", text.strip()))
    return datetime.date(year, month, day)


def check_records(records: Iterable[Mapping[str, Any]], *, schedule: Schedule | None = None) -> dict[str, Any]:
    """Every governed computation of every judgment, checked against the schedule in force on the judgment's
    date: how many judgments and computations, how many agree, and each disagreement for a reader."""
    judgments = computed = agree = 0
    with_computations: set[str] = set()
    disagree, slips = [], []
    for record in records:
        judgments += 1
        name = str(record.get("case_id") or record["judgment_number"]).strip()
        case_type = case_type_of(str(record["judgment_number"]))
        day = judgment_date(str(record["judgment_date"]))
        for computation in computations(str(record["judgment_text"])):
            computed += 1
            with_computations.add(name)
            result = check(computation, case_type, day, schedule=schedule)
            if result.arithmetic_ok is False:
                slips.append(
                    {"judgment": name, "context": computation.context, "result": str(round(computation.result))}
                )
            if result.agrees:
                agree += 1
            else:
                disagree.append(
                    {
                        "judgment": name,
                        "context": computation.context,
                        "expected": result.expected,
                    }
                )
    return {
        "judgments": judgments,
        "judgments_with_computations": len(with_computations),
        "computations": computed,
        "agree": agree,
        "disagree": disagree,
        "arithmetic_slips": slips,
    }
