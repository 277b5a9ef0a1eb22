"""Working days and the counting of statutory periods.

Procedural periods are counted by the Civil Code (BLTTDS Art. 183 refers to it): the day of the event
is not counted (BLDS 2015 Art. 147(2)); a period in months ends on the same day of the last month, or
on that month's last day when it has no such day (Art. 148(3)); when the last day falls on a weekend or
a public holiday, the period ends at the close of the next working day (Art. 148(5)). A period in
working days skips weekends and holidays as it is counted.

Public holidays come from the ``holidays`` package, which follows the Vietnamese lunar calendar (Tết,
Hùng Kings' day) and the substitutions the government announces. ``CalendarException`` rows add what a
court must apply on top: make-up working Saturdays or extra days off.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from .models import Unit

_MAKE_UP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@lru_cache(maxsize=64)
def _make_up_working_days(year: int) -> frozenset[datetime.date]:
    """Weekend days worked in exchange for a day off ("Ngày nghỉ (thay cho ngày 26/04/2025)")."""
    days = set()
    for name in holidays.country_holidays("VN", years=[year - 1, year, year + 1], language="vi").values():
        for match in _MAKE_UP.finditer(name):
            day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
            if day.year == year:
                days.add(day)
    return frozenset(days)


def holiday_names(year: int, language: str = "vi") -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("VN", years=year, language=language))


class WorkCalendar:
    def __init__(self, exceptions: dict[datetime.date, bool] | None = None) -> None:
        self.exceptions = dict(exceptions or {})

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        if day in _public_holidays(day.year):
            return False
        return day.weekday() < 5 or day in _make_up_working_days(day.year)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        day = start
        remaining = count
        while remaining > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def due_date(self, start: datetime.date, amount: int, unit: str) -> datetime.date:
        """Last day of a period of ``amount`` ``unit`` counted from the day after ``start``."""
        if amount < 0:
            raise ValueError("a period cannot be negative")
        if unit == Unit.WORKING_DAYS:
            return self.add_working_days(start, amount)
        if unit == Unit.DAYS:
            end = start + datetime.timedelta(days=amount)
        elif unit == Unit.MONTHS:
            end = start + relativedelta(months=amount)
        else:
            raise ValueError(f"unknown unit {unit!r}")
        return self.next_working_day(end)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


@lru_cache(maxsize=1)
def get_calendar() -> WorkCalendar:
    """The calendar with the court calendar's exceptions; rebuilt when an exception changes."""
    from .models import CalendarException

    return WorkCalendar(dict(CalendarException.objects.values_list("day", "working")))


def clear_calendar_cache() -> None:
    get_calendar.cache_clear()
