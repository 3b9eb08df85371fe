"""Background work of the district's indicators: thin tasks over services, idempotent."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Village

from .services import rollup_reconcile, village_rollup_recompute

logger = logging.getLogger(__name__)


@shared_task(
    name="indikator.recompute_village", acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=90
)
def recompute_village(schema_name: str) -> int:
    """Recomputes one village's rollup (queued after its writes, services.rollup_schedule). The task
    also carries the village's schema (tenant-schemas-celery runs it there); the village is looked
    up by the schema it names, from `public`, and the service enters the village's schema itself.
    A village gone from the registry is skipped. Returns the rows changed."""
    with schema_context(get_public_schema_name()):
        village = Village.objects.select_related("tenant").filter(tenant__schema_name=schema_name).first()
        if village is None:
            logger.warning("indicators: no village with schema %s; nothing recomputed", schema_name)
            return 0
        return village_rollup_recompute(village=village)


@shared_task(
    name="indikator.reconcile_nightly",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=1800,
    time_limit=2400,
)
def reconcile_nightly() -> int:
    """Celery beat, each night (schedule.py): every active village recomputed from its own data and
    compared with the rollup. Returns the differences found (and fixed)."""
    with schema_context(get_public_schema_name()):
        return rollup_reconcile().differences
