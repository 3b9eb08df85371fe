"""Working-day reads that need the database: the district's and the village's overrides."""

from __future__ import annotations

import datetime

from django_tenants.utils import get_public_schema_name

from tenants.db import tenant_connection as connection

from .models import DayOverride, OverrideScope
from .working_days import WorkingCalendar


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


def _district_overrides(*, district_id: int, since: datetime.date) -> dict[datetime.date, bool]:
    """The district's rows, read from the public schema's table by its qualified name.

    Qualifying the table instead of switching the connection to public (``schema_context``) keeps this
    to one statement: a switch costs two more (``SET search_path`` there and back).
    """
    quote = connection.ops.quote_name
    table = f"{quote(get_public_schema_name())}.{quote(DayOverride._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(
            # Identifiers come from code, values are parameters.
            f"SELECT day, is_working_day FROM {table} WHERE scope = %s AND district_id = %s AND day >= %s",  # noqa: S608
            [OverrideScope.DISTRICT.value, district_id, since],
        )
        return dict(cursor.fetchall())
