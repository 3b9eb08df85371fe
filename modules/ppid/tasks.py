"""Background work of the PPID: thin tasks over services, idempotent."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.selectors import active_village_tenants

from .services import decision_letter_render, ppid_reminders_send

logger = logging.getLogger(__name__)


@shared_task(
    name="ppid.daily_reminders", acks_late=True, ignore_result=True, soft_time_limit=600, time_limit=900
)
def daily_reminders(today: str | None = None) -> int:
    """Celery beat, each morning (schedule.py): in every active village, tells the PPID officers of
    overdue and nearly-due requests and the superior of waiting objections. Runs from the public
    schema and enters each village explicitly; one village's failure does not stop the others.
    `today` (ISO date) is for a re-run and the tests. Returns the villages visited."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    visited = 0
    for tenant in active_village_tenants():
        try:
            with tenant_context(tenant):
                ppid_reminders_send(today=day)
        except Exception:
            logger.exception("ppid reminders failed in %s", tenant.schema_name)
        else:
            visited += 1
    return visited


@shared_task(
    name="ppid.render_decision_letter", acks_late=True, ignore_result=True, soft_time_limit=90, time_limit=120
)
def render_decision_letter(request_id: int) -> None:
    """Renders a decision letter's PDF in the schema the task was queued from; a letter that
    already has its PDF is left as it is."""
    decision_letter_render(request_id=request_id)
