import datetime
import itertools
from decimal import Decimal
from pathlib import Path

import pytest

from ecourt.fees.references import check_digits, find_references, is_valid, new_reference
from ecourt.fees.schedule import (
    SCHEDULE_FILE,
    ScheduleError,
    ScheduleIncompleteError,
    advance_fee,
    estimate_advance,
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


def test_production_schedule_exemptions_cite_their_points() -> None:
    schedule = load_schedule(SCHEDULE_FILE)
    assert schedule.in_force(datetime.date(2024, 1, 1)).monetary_share == Decimal("0.5")
    assert [e.basis for e in schedule.exemptions] == [
        "Điều 12 khoản 1 điểm a",
        "Điều 12 khoản 1 điểm b",
        "Điều 12 khoản 1 điểm c",
        "Điều 12 khoản 1 điểm d",
        "Điều 12 khoản 1 điểm đ",
    ]


@pytest.mark.parametrize(
    ("case_type", "value", "expected"),
    [
        # Without a money value: the non-monetary fee (300,000; business 3,000,000) is the advance.
        ("DS", None, "300000"),
        ("HNGD", None, "300000"),
        ("LD", None, "300000"),
        ("KDTM", None, "3000000"),
        # Up to 6 million the fee is 300,000; half of it is below the floor, so 300,000.
        ("DS", "6000000", "300000"),
        # 5% bracket: 12,000,000 × 5% = 600,000, half 300,000; 100,000,000 × 5% = 5,000,000, half 2,500,000.
        ("DS", "12000000", "300000"),
        ("DS", "100000000", "2500000"),
        # 400,000,000 × 5% = 20,000,000 (the next bracket's fixed part), half 10,000,000.
        ("DS", "400000000", "10000000"),
        # 20,000,000 + 4% × 100,000,000 = 24,000,000; half 12,000,000.
        ("DS", "500000000", "12000000"),
        # 36,000,000 + 3% × 200,000,000 = 42,000,000; half 21,000,000.
        ("HNGD", "1000000000", "21000000"),
        # 72,000,000 + 2% × 1,000,000,000 = 92,000,000; half 46,000,000.
        ("DS", "3000000000", "46000000"),
        # 112,000,000 + 0.1% × 6,000,000,000 = 118,000,000; half 59,000,000.
        ("DS", "10000000000", "59000000"),
        # Business: up to 60 million the fee is 3,000,000, which is also the floor.
        ("KDTM", "60000000", "3000000"),
        # 200,000,000 × 5% = 10,000,000; half 5,000,000.
        ("KDTM", "200000000", "5000000"),
        # 112,000,000 + 0.1% × 60,970,790,326 = 172,970,790.326 → 172,970,790; half 86,485,395.
        ("KDTM", "64970790326", "86485395"),
        # Labour: 3% (never below 300,000): 100,000,000 × 3% = 3,000,000, half 1,500,000.
        ("LD", "100000000", "1500000"),
        # 12,000,000 + 2% × 600,000,000 = 24,000,000; half 12,000,000.
        ("LD", "1000000000", "12000000"),
        # 44,000,000 + 0.1% × 1,000,000,000 = 45,000,000; half 22,500,000.
        ("LD", "3000000000", "22500000"),
        # Administrative: the fee itself, whatever the value (Điều 7 khoản 3).
        ("HC", None, "300000"),
        ("HC", "50000000", "300000"),
    ],
)
def test_production_schedule_advance(case_type: str, value: str | None, expected: str) -> None:
    amount = None if value is None else Decimal(value)
    assert advance_fee(case_type, amount, datetime.date(2024, 1, 1)) == Decimal(expected)


def test_labour_fee_is_never_below_its_floor() -> None:
    estimate = estimate_advance("LD", Decimal("7000000"), datetime.date(2024, 1, 1))
    # 7,000,000 × 3% = 210,000, raised to the bracket's 300,000 ("nhưng không thấp hơn 300.000 đồng")
    assert estimate.first_instance_fee == Decimal("300000")
    assert estimate.advance == Decimal("300000")
    assert estimate.raised_to_minimum


def test_estimate_tells_how_the_advance_was_reached() -> None:
    estimate = estimate_advance("DS", Decimal("500000000"), datetime.date(2024, 1, 1), summary=True)
    assert estimate.first_instance_fee == Decimal("24000000")
    assert estimate.bracket is not None
    assert estimate.bracket.rate == Decimal("0.04")
    assert estimate.share == Decimal("0.5")
    assert not estimate.raised_to_minimum
    # summary procedure: half of the 12,000,000 advance (Điều 7 khoản 4)
    assert estimate.summary_share == Decimal("0.5")
    assert estimate.advance == Decimal("6000000")
    assert "dân sự" in estimate.basis


def test_production_brackets_join_without_a_step() -> None:
    """Each bracket starts at the fee the one below ends with: a typo in a rate or a fixed part shows."""
    for version in load_schedule(SCHEDULE_FILE).versions:
        for case_type, fees in version.fees.items():
            for low, high in itertools.pairwise(fees.brackets or ()):
                assert low.up_to is not None
                assert low.fee(low.up_to) == high.fee(high.above), (case_type, high.above)


def test_the_schedule_starts_with_the_resolution() -> None:
    with pytest.raises(ScheduleIncompleteError):
        advance_fee("DS", None, datetime.date(2016, 12, 31))
    with pytest.raises(ScheduleIncompleteError):
        advance_fee("HS", None, datetime.date(2024, 1, 1))  # criminal cases pay no advance on filing


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
