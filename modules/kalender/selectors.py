"""Working-day reads that need the database: the district's and the village's overrides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django_tenants.utils import get_public_schema_name

from tenants.db import tenant_connection as connection

from .models import DayOverride, OverrideScope
from .working_days import WorkingCalendar, national_days_off


def working_calendar(*, district_id: int | None, since: datetime.date) -> WorkingCalendar:
    """The calendar in force for the current schema, with every override dated ``since`` or later.

    Callers must already be inside the village's schema (a request to the village's host,
    ``tenant_context``) and pass the village's ``district_id`` (``Village.district_id``); on the
    public schema only the district's overrides apply. At most two queries: the district's overrides
    (from ``public.kalender_dayoverride``) and the village's own (from the current schema's table).
    """
    overrides: dict[datetime.date, bool] = {}
    if district_id is not None:
        overrides.update(_district_overrides(district_id=district_id, since=since))
    if connection.schema_name != get_public_schema_name():
        # Applied last: the village's word beats the district's.
        overrides.update(
            DayOverride.objects.filter(scope=OverrideScope.VILLAGE, day__gte=since)
            .order_by()
            .values_list("day", "is_working_day")
        )
    return WorkingCalendar(since=since, overrides=overrides)


def add_working_days(start: datetime.date, days: int, *, district_id: int | None) -> datetime.date:
    """The ``days``-th working day after ``start`` for the current village (see ``working_calendar``)."""
    return working_calendar(district_id=district_id, since=start).add_working_days(start, days)


@dataclass(frozen=True)
class OverrideRow:
    day: datetime.date
    is_working_day: bool
    reason: str


def district_overrides(*, district_id: int, since: datetime.date) -> list[OverrideRow]:
    """The district's declarations from ``since`` on, with their reasons, for the staff pages."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, is_working_day, reason FROM {_public_table()} "  # noqa: S608
            "WHERE scope = %s AND district_id = %s AND day >= %s ORDER BY day",
            [OverrideScope.DISTRICT.value, district_id, since],
        )
        return [OverrideRow(*row) for row in cursor.fetchall()]


def village_overrides(*, since: datetime.date) -> list[OverrideRow]:
    """This village's own declarations from ``since`` on. Callers are inside the village's schema."""
    rows = (
        DayOverride.objects.filter(scope=OverrideScope.VILLAGE, day__gte=since)
        .order_by("day")
        .values_list("day", "is_working_day", "reason")
    )
    return [OverrideRow(*row) for row in rows]


def national_days_off_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """National holidays and cuti bersama in [start, end], for reference beside the overrides."""
    days: dict[datetime.date, str] = {}
    for year in range(start.year, end.year + 1):
        days.update(national_days_off(year))
    return sorted((day, name) for day, name in days.items() if start <= day <= end)


def _public_table() -> str:
    quote = connection.ops.quote_name
    return f"{quote(get_public_schema_name())}.{quote(DayOverride._meta.db_table)}"


def _district_overrides(*, district_id: int, since: datetime.date) -> dict[datetime.date, bool]:
    """The district's rows, read from the public schema's table by its qualified name.

    Qualifying the table instead of switching the connection to public (``schema_context``) keeps this
    to one statement: a switch costs two more (``SET search_path`` there and back).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            # Identifiers come from code, values are parameters.
            f"SELECT day, is_working_day FROM {_public_table()} WHERE scope = %s AND district_id = %s AND day >= %s",  # noqa: S608, E501
            [OverrideScope.DISTRICT.value, district_id, since],
        )
        return dict(cursor.fetchall())
