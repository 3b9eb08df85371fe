"""Reads of the audit log of the current schema."""

from __future__ import annotations

import datetime

from .models import AuditEvent


def latest_staff_action_at(*, until: datetime.date | None = None) -> datetime.datetime | None:
    """When a signed-in account last wrote something in this schema (a row with an actor; residents'
    and the system's rows have none), on `until` or before when given: how fresh a village keeps its
    portal, for the district's indicators. One query."""
    rows = AuditEvent.objects.filter(actor_id__isnull=False)
    if until is not None:
        rows = rows.filter(created_at__date__lte=until)
    return rows.order_by("-created_at").values_list("created_at", flat=True).first()
