"""When the demo's history happened: moments on earlier working days, so that each record's due
dates, timeline and documents agree and lie in the past."""

from __future__ import annotations

import datetime

from django.utils import timezone

from modules.kalender.selectors import working_calendar


def working_days_ago(count: int, *, at: datetime.time, district_id: int) -> datetime.datetime:
    """`at` o'clock (the village's time) on the `count`-th working day before today, by the
    village's calendar (callers are inside its schema), so that a due date counted from it with
    kalender's add_working_days falls where the demo means it to."""
    today = timezone.localdate()
    # Seven calendar days per working day: more than weekends, holidays and cuti bersama ever take.
    calendar = working_calendar(district_id=district_id, since=today - datetime.timedelta(days=7 * count + 7))
    day = today
    while count:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return timezone.make_aware(datetime.datetime.combine(day, at))
