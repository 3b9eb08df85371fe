"""Provisioning of an approved application, in a worker: retried a few times, then the failure is
recorded for the applicant and the district admin."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from . import services

logger = logging.getLogger(__name__)
MAX_RETRIES = 3


@shared_task(bind=True, max_retries=MAX_RETRIES, soft_time_limit=120, time_limit=150, acks_late=True)
def provision_application(self: Any, application_id: int) -> None:
    # The task carries the schema it was sent from (tenant-schemas-celery): the district's, where
    # the applicant submitted or the district admin approved. New tenants are created from public.
    with schema_context(get_public_schema_name()):
        _provision(self, application_id)


def _provision(self: Any, application_id: int) -> None:
    try:
        services.application_provision(application_id=application_id)
    except Exception as error:
        if self.request.retries >= MAX_RETRIES:
            logger.exception("signup %s: provisioning failed for good", application_id)
            services.application_failed(
                application_id=application_id, error=f"{type(error).__name__}: {error}"
            )
            return
        logger.warning("signup %s: provisioning failed, retrying: %s", application_id, type(error).__name__)
        raise self.retry(exc=error, countdown=2**self.request.retries) from error
