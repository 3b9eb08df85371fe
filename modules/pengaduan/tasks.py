"""Background work of the complaint register: thin tasks over services, idempotent."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.selectors import active_village_tenants

from .services import complaint_reminders_send

logger = logging.getLogger(__name__)


@shared_task(
    name="pengaduan.daily_reminders", acks_late=True, ignore_result=True, soft_time_limit=600, time_limit=900
)
def daily_reminders(today: str | None = None) -> int:
    """Celery beat, each morning (schedule.py): in every active village, tells the handlers and the
    village admin which complaints are overdue or nearly due and asks "Sudah diperbaiki?" once more.
    Runs from the public schema and enters each village explicitly; one village's failure does not
    stop the others. `today` (ISO date) is for a re-run and the tests. Returns the villages visited."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    visited = 0
    for tenant in active_village_tenants():
        try:
            with tenant_context(tenant):
                complaint_reminders_send(today=day)
        except Exception:
            logger.exception("complaint reminders failed in %s", tenant.schema_name)
        else:
            visited += 1
    return visited
