"""Working days by the official Chinese holiday calendar, and calendar arithmetic in days, months and years.

The official calendar (statutory holidays and the weekend days worked in lieu, 调休) comes from the package
``chinese_calendar``, which knows only the years its release was made for and raises ``NotImplementedError``
for any other year. Beyond its data a :class:`WorkdayCalendar` falls back to Monday–Friday and remembers
every year it had to guess, so that a result can say which dates are not official.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["WorkdayCalendar", "add_months", "months_and_days", "shift"]

UNITS = ("workday", "day", "month", "year")


class WorkdayCalendar:
    """Working days: official data where the calendar package has it, Monday–Friday elsewhere (recorded)."""

    def __init__(self) -> None:
        self.fallback_years: set[int] = set()
        self._unknown: set[int] = set()
        self._cache: dict[dt.date, bool] = {}

    def is_official(self, year: int) -> bool:
        """Whether the calendar package has data for ``year`` (asks it once per year)."""
        if year in self._unknown:
            return False
        try:
            self._official(dt.date(year, 6, 1))
        except NotImplementedError:
            self._unknown.add(year)
            return False
        return True

    @staticmethod
    def _official(day: dt.date) -> bool:
        import chinese_calendar  # type: ignore[import-untyped]

        return bool(chinese_calendar.is_workday(day))

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._cache:
            if self.is_official(day.year):
                self._cache[day] = self._official(day)
            else:
                self._cache[day] = day.weekday() < 5
        if day.year in self._unknown:
            self.fallback_years.add(day.year)
        return self._cache[day]

    def add(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (before it when negative); ``day`` itself when 0."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        current = day
        while remaining:
            current += dt.timedelta(days=step)
            if self.is_workday(current):
                remaining -= 1
        return current

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``; negative (the days in ``(end, start]``) when ``end`` is earlier."""
        if end < start:
            return -self.between(end, start)
        days = (end - start).days
        return sum(1 for n in range(1, days + 1) if self.is_workday(start + dt.timedelta(days=n)))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the day of the month is clamped (2025-01-31 + 1 month = 2025-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, amount: int | float, unit: str, workdays: WorkdayCalendar) -> dt.date:
    """``day`` moved by ``amount`` units (``workday``, ``day``, ``month`` or ``year``); negative moves back."""
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    whole = int(amount)
    if whole != amount:
        if unit == "year" and float(amount * 12).is_integer():
            return add_months(day, int(amount * 12))
        raise ValueError(f"{amount} {unit} is not a whole number of {unit}s")
    if unit == "workday":
        return workdays.add(day, whole)
    if unit == "day":
        return day + dt.timedelta(days=whole)
    return add_months(day, whole * (12 if unit == "year" else 1))


def months_and_days(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole months from ``start`` to ``end`` and the days left over (both negative when ``end`` is earlier)."""
    if end < start:
        months, days = months_and_days(end, start)
        return -months, -days
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days
