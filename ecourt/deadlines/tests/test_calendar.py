"""Counting statutory periods on the Vietnamese working calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from ecourt.deadlines.calendar import WorkCalendar, get_calendar
from ecourt.deadlines.models import CalendarException

D = dt.date
cal = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 16), False),  # Tết eve (lunar 30/12), a Monday
        (D(2026, 2, 17), False),  # Tết (lunar 1/1)
        (D(2026, 2, 20), False),  # 4th day of Tết
        (D(2026, 2, 23), True),
        (D(2026, 4, 27), False),  # Hùng Kings' day (lunar 10/3) fell on Sunday 26/4: Monday off
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 9, 2), False),
        (D(2025, 4, 26), True),  # Saturday worked in exchange for Friday 2/5/2025
        (D(2025, 5, 2), False),
        (D(2025, 4, 27), False),  # an ordinary Sunday
    ],
)
def test_it_knows_working_days(day, working):
    assert cal.is_working_day(day) is working


def test_working_days_skip_tet():
    # Friday 13/2/2026 + 3 working days: 16-20/2 is Tết, 21-22 a weekend → Wednesday 25/2.
    assert cal.due_date(D(2026, 2, 13), 3, "working_days") == D(2026, 2, 25)


def test_the_day_of_the_event_is_not_counted():
    assert cal.due_date(D(2026, 3, 2), 1, "working_days") == D(2026, 3, 3)
    assert cal.due_date(D(2026, 3, 2), 7, "days") == D(2026, 3, 9)


def test_a_period_ending_on_a_day_off_ends_on_the_next_working_day():
    # 15 days from Tuesday 3/2/2026 is Wednesday 18/2 (Tết) → Monday 23/2.
    assert cal.due_date(D(2026, 2, 3), 15, "days") == D(2026, 2, 23)
    # 7 days from Saturday 7/3/2026 is Saturday 14/3 → Monday 16/3.
    assert cal.due_date(D(2026, 3, 7), 7, "days") == D(2026, 3, 16)


def test_a_period_in_months_ends_on_the_same_day_or_the_months_last_day():
    assert cal.due_date(D(2026, 1, 15), 4, "months") == D(2026, 5, 15)
    # 31/10/2025 + 4 months: February has no 31st → 28/2/2026 (a Saturday) → Monday 2/3/2026.
    assert cal.due_date(D(2025, 10, 31), 4, "months") == D(2026, 3, 2)


def test_it_counts_working_days_between_two_days():
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
    assert cal.working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3


def test_court_calendar_exceptions_override_the_statutory_calendar(db):
    saturday = D(2026, 10, 10)
    assert not get_calendar().is_working_day(saturday)
    CalendarException.objects.create(day=saturday, working=True, reason="Quyết định làm bù")
    assert get_calendar().is_working_day(saturday)
    CalendarException.objects.filter(day=saturday).delete()
    assert not get_calendar().is_working_day(saturday)


def test_negative_periods_and_unknown_units_are_refused():
    with pytest.raises(ValueError, match="negative"):
        cal.due_date(D(2026, 1, 1), -1, "days")
    with pytest.raises(ValueError, match="unknown unit"):
        cal.due_date(D(2026, 1, 1), 1, "weeks")
