"""Working days: pure date arithmetic, no database.

A day is a working day unless it is a Saturday or Sunday, a national holiday (libur nasional) or a
collective leave day (cuti bersama) of the SKB 3 Menteri, as the ``holidays`` package lists them for
Indonesia (categories ``public`` and ``government``). Overrides, a mapping of dates to
"is a working day", beat all of that; ``selectors.working_calendar`` builds them from the district's
and the village's ``DayOverride`` rows.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import holidays

SATURDAY = 5
# "public": libur nasional; "government": cuti bersama for civil servants, which village offices follow.
HOLIDAY_CATEGORIES = ("public", "government")

_NO_OVERRIDES: Mapping[datetime.date, bool] = MappingProxyType({})


@functools.lru_cache(maxsize=16)
def national_days_off(year: int) -> Mapping[datetime.date, str]:
    """Libur nasional and cuti bersama of ``year``, with their Indonesian names."""
    calendar = holidays.country_holidays("ID", categories=HOLIDAY_CATEGORIES, years=year, language="id")
    return MappingProxyType(dict(calendar))


def is_national_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in national_days_off(day.year)


def is_working_day(day: datetime.date, *, overrides: Mapping[datetime.date, bool] = _NO_OVERRIDES) -> bool:
    """Whether ``day`` is a working day; an entry in ``overrides`` decides over the national calendar."""
    if day in overrides:
        return overrides[day]
    return is_national_working_day(day)


def add_working_days(
    start: datetime.date, days: int, *, overrides: Mapping[datetime.date, bool] = _NO_OVERRIDES
) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts; 0 gives ``start``).

    A request filed on Thursday 2 April 2026 with a one-working-day SLA is due on Monday 6 April:
    Good Friday and the weekend are skipped.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, overrides=overrides):
            remaining -= 1
    return day


@dataclass(frozen=True)
class WorkingCalendar:
    """The national calendar plus the overrides in force from ``since`` on.

    Built once (``selectors.working_calendar``), asked many times without further queries. Asking about
    a day before ``since`` raises, because overrides before it were not loaded.
    """

    since: datetime.date
    overrides: Mapping[datetime.date, bool] = field(default_factory=dict)

    def is_working_day(self, day: datetime.date) -> bool:
        self._check_loaded(day)
        return is_working_day(day, overrides=self.overrides)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        self._check_loaded(start)
        return add_working_days(start, days, overrides=self.overrides)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days after ``start`` up to and including ``end`` (0 when ``end`` is not
        after ``start``): the inverse of add_working_days, as a complaint's age is counted."""
        self._check_loaded(start)
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += is_working_day(day, overrides=self.overrides)
        return count

    def _check_loaded(self, day: datetime.date) -> None:
        if day < self.since:
            raise ValueError(f"this calendar holds overrides from {self.since} on, not for {day}")
