"""A real Celery worker process against the real Redis: a task queued from village A runs inside
village A's schema, and one queued from village B inside B's."""

import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from modules.audit.models import AuditEvent
from modules.audit.tasks import worker_check
from tests.processes import process_env, start_celery_worker, stop

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(db):
    """A worker on a queue of its own, using this test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = start_celery_worker(queue, env=process_env())
    yield queue
    stop(process)


def _wait_for_event(token: str, timeout: float = 60.0) -> AuditEvent:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = AuditEvent.objects.filter(action="worker.check", detail__token=token).first()
        if event is not None:
            return event
        time.sleep(0.2)
    raise AssertionError(f"no worker.check event with token {token} within {timeout} s")


@pytest.mark.worker
def test_a_task_queued_from_village_a_runs_in_village_a(worker, village_a, village_b):
    token_a, token_b = uuid.uuid4().hex, uuid.uuid4().hex
    with tenant_context(village_a.tenant):
        worker_check.apply_async(args=[token_a], queue=worker)
    with tenant_context(village_b.tenant):
        worker_check.apply_async(args=[token_b], queue=worker)

    with tenant_context(village_a.tenant):
        event_a = _wait_for_event(token_a)
        assert not AuditEvent.objects.filter(detail__token=token_b).exists()
    with tenant_context(village_b.tenant):
        event_b = _wait_for_event(token_b)

    assert event_a.detail["schema"] == village_a.tenant.schema_name
    assert event_b.detail["schema"] == village_b.tenant.schema_name
    # The worker's rows were committed by another connection; remove them by hand.
    for tenant, event in ((village_a.tenant, event_a), (village_b.tenant, event_b)):
        with tenant_context(tenant):
            AuditEvent.objects.filter(pk=event.pk).delete()
    connection.set_schema_to_public()
