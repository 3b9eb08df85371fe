"""The registry's slow work, in a worker: a village's export (tenants.exports) and the files of a
deleted village (tenants.services.village_delete queues it once the deletion has committed)."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from . import exports, services

logger = logging.getLogger(__name__)


@shared_task(name="tenants.export_village", soft_time_limit=3600, time_limit=3700, acks_late=True)
def export_village(export_id: int) -> None:
    # The task carries the schema it was sent from (the district's, where its admin asked); the
    # export reads the village's schema on a connection of its own and writes its row in public.
    with schema_context(get_public_schema_name()):
        try:
            exports.export_run(export_id=export_id)
        except Exception:  # recorded on the row (status gagal) for the page; not retried blindly
            logger.warning("export %s failed; see its row", export_id)


@shared_task(soft_time_limit=600, time_limit=660, acks_late=True)
def remove_schema_files(schema_name: str) -> int:
    # The task carries the schema it was queued from; the registry is read from public.
    with schema_context(get_public_schema_name()):
        removed = services.schema_files_remove(schema_name)
    logger.info("files of a deleted village removed: %d", removed)
    return removed
