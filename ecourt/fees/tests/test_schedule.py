import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ecourt.fees.references import check_digits, find_references, is_valid, new_reference
from ecourt.fees.schedule import (
    SCHEDULE_FILE,
    ScheduleError,
    ScheduleIncompleteError,
    advance_fee,
    load_schedule,
    parse_schedule,
)

SYNTHETIC = load_schedule(Path(__file__).parent / "data" / "synthetic-schedule.yaml")
DAY = datetime.date(2024, 5, 2)


def fee(value: str | None, **kwargs: object) -> Decimal:
    return advance_fee("DS", None if value is None else Decimal(value), DAY, schedule=SYNTHETIC, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # non-monetary claim: the advance is the non-monetary fee itself (Điều 7 khoản 2)
        (None, "100000"),
        # fixed bracket: fee 100,000; half is 50,000 but never below the non-monetary 100,000
        ("1", "100000"),
        ("2000000", "100000"),
        # 5% bracket: 2,000,001 × 5% = 100,000.05 → 100,000; half 50,000 → floor at 100,000
        ("2000001", "100000"),
        # 4,000,000 × 5% = 200,000; half = 100,000 (the floor and the share meet)
        ("4000000", "100000"),
        # 10,000,000 × 5% = 500,000; half = 250,000
        ("10000000", "250000"),
        # top of the 5% bracket: 100,000,000 × 5% = 5,000,000; half 2,500,000
        ("100000000", "2500000"),
        # open bracket: 5,000,000 + 1% × (100,000,100 − 100,000,000) = 5,000,001; half 2,500,000.5 → 2,500,001
        ("100000100", "2500001"),
        # 5,000,000 + 1% × 900,000,000 = 14,000,000; half 7,000,000
        ("1000000000", "7000000"),
    ],
)
def test_advance_fee_on_bracket_edges(value: str | None, expected: str) -> None:
    assert fee(value) == Decimal(expected)


def test_summary_procedure_halves_the_advance() -> None:
    assert fee("10000000", summary=True) == Decimal("125000")
    assert fee(None, summary=True) == Decimal("50000")


def test_administrative_advance_is_the_fee_itself() -> None:
    assert advance_fee("HC", None, DAY, schedule=SYNTHETIC) == Decimal("100000")


def test_the_version_in_force_on_the_day_applies() -> None:
    assert advance_fee("DS", None, datetime.date(2029, 12, 31), schedule=SYNTHETIC) == Decimal("100000")
    assert advance_fee("DS", None, datetime.date(2030, 1, 1), schedule=SYNTHETIC) == Decimal("200000")
    with pytest.raises(ScheduleIncompleteError):
        advance_fee("DS", None, datetime.date(2016, 12, 31), schedule=SYNTHETIC)


def test_production_schedule_parses_and_refuses_amounts_it_cannot_cite() -> None:
    schedule = load_schedule(SCHEDULE_FILE)
    version = schedule.in_force(datetime.date(2024, 1, 1))
    assert version.monetary_share == Decimal("0.5")
    assert [e.basis for e in schedule.exemptions] == [
        "Điều 12 khoản 1 điểm a",
        "Điều 12 khoản 1 điểm b",
        "Điều 12 khoản 1 điểm c",
        "Điều 12 khoản 1 điểm d",
        "Điều 12 khoản 1 điểm đ",
    ]
    with pytest.raises(ScheduleIncompleteError, match="not offline"):
        advance_fee("DS", Decimal("10000000"), datetime.date(2024, 1, 1))


def test_brackets_that_leave_a_gap_are_refused() -> None:
    text = """
versions:
  - valid_from: 2017-01-01
    advance: {monetary_share: "0.5", summary_share: "0.5"}
    fees:
      DS: {non_monetary: 1, brackets: [{above: 0, up_to: 10, fixed: 1}, {above: 20, up_to: null, fixed: 2}]}
"""
    with pytest.raises(ScheduleError, match="does not follow"):
        parse_schedule(text)


def test_references_carry_check_digits() -> None:
    reference = new_reference()
    assert is_valid(reference)
    assert is_valid(reference.lower())
    body = reference[2:11]
    typo = "AP" + body[:-1] + str((int(body[-1]) + 1) % 10) + reference[11:]
    assert not is_valid(typo)
    swapped = "AP" + body[1] + body[0] + body[2:] + reference[11:]
    assert body[0] == body[1] or not is_valid(swapped)
    assert check_digits(body) == reference[11:]
    assert find_references(f"NOP TAM UNG AN PHI ap {reference[2:]} NGUYEN VAN A") == [reference]
