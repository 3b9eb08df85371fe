"""A real Celery worker process against the real Redis and the test database: a notification
queued in a transaction goes out after commit, and one queued while Redis was down goes out once
the outbox flush runs with Redis back."""

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import F
from django_tenants.utils import tenant_context
from kombu import Exchange, Queue

from balai.celery import app as celery_app
from modules.notifikasi.models import Channel, Notification
from modules.notifikasi.services import REQUEUE_GRACE, notification_queue
from modules.notifikasi.tasks import flush_outbox
from tests.brokers import CLOSED_PORT_BROKER, broker_at
from tests.factories import NotificationFactory
from tests.modules.notifikasi.conftest import confirm_phone
from tests.processes import process_env, start_celery_worker, stop

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
GATEWAY_TOKEN = "worker-gateway-token"


@pytest.fixture(scope="module")
def worker(django_db_setup, module_gateway, tmp_path_factory) -> Iterator[Path]:
    """One worker for this module, on a queue of its own; this process sends its tasks there too.
    Yields the worker's log file."""
    queue = f"test-notifikasi-{uuid.uuid4().hex[:8]}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = process_env(
        settings_module="notifikasi_worker_settings",
        extra_path=str(HERE),
        NOTIFIKASI_TEST_QUEUE=queue,
        NOTIFIKASI_TEST_GATEWAY_URL=module_gateway.url,
        NOTIFIKASI_TEST_GATEWAY_TOKEN=GATEWAY_TOKEN,
    )
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    with log.open("wb") as output:
        process = start_celery_worker(queue, env=env, output=output)
    yield log
    celery_app.conf.task_default_queue = default_queue
    stop(process)
    # The queue and its bindings, so that Redis keeps nothing of this test.
    with celery_app.connection_for_write() as connection:
        bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(connection.default_channel)
        bound.declare()
        bound.delete()


def _wait_for_status(tenant, notification_id, status, *, log: Path, timeout: float = 25.0) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(tenant):
            notification = Notification.objects.get(pk=notification_id)
        if notification.status == status:
            return notification
        time.sleep(0.1)
    tail = log.read_text()[-4000:]
    raise AssertionError(f"notification {notification_id} still not {status} after {timeout} s:\n{tail}")


@pytest.mark.worker
def test_a_worker_delivers_a_notification_after_the_transaction_commits(worker, committed, module_gateway):
    module_gateway.requests.clear()
    tenant = committed.village_a.tenant

    with tenant_context(tenant):
        confirm_phone("0812-3456-7890")  # a message about delivery, not about the gate on new numbers
    with tenant_context(tenant), transaction.atomic():
        notification = notification_queue(
            channel=Channel.WHATSAPP,
            recipient="0812-3456-7890",
            subject="",
            body="Permohonan Anda kami terima.",
            reference=committed.reference("request"),
        )

    delivered = _wait_for_status(tenant, notification.pk, "sent", log=worker)
    assert (delivered.attempts, delivered.last_error) == (1, "")
    assert delivered.sent_at is not None
    assert [(r["authorization"], r["json"]) for r in module_gateway.requests] == [
        (
            f"Bearer {GATEWAY_TOKEN}",
            {"to": "081234567890", "message": "Permohonan Anda kami terima.", "channel": "whatsapp"},
        )
    ]
    with tenant_context(committed.village_b.tenant):
        assert not Notification.objects.filter(reference=committed.reference("request")).exists()


@pytest.mark.worker
def test_a_notification_queued_while_redis_is_down_goes_out_after_the_outbox_flush(
    worker, committed, module_gateway, caplog
):
    module_gateway.requests.clear()
    tenant_a, tenant_b = committed.village_a.tenant, committed.village_b.tenant
    # A row of village B whose task is still on its way: the flush leaves it to that task.
    with tenant_context(tenant_b):
        in_flight = NotificationFactory(
            channel=Channel.SMS,
            recipient="+6285200000000",
            subject="",
            body="x",
            reference=committed.reference("in-flight"),
        )

    with tenant_context(tenant_a):
        confirm_phone("+62 852 1111 2222")  # about the outbox flush, not the gate on new numbers
    with broker_at(CLOSED_PORT_BROKER), tenant_context(tenant_a):
        with transaction.atomic():
            notification = notification_queue(
                channel=Channel.SMS,
                recipient="+62 852 1111 2222",
                subject="Pengaduan",
                body="Pengaduan Anda kami terima.",
                reference=committed.reference("complaint"),
            )
        stored = Notification.objects.get(pk=notification.pk)

    assert (stored.status, stored.attempts, stored.last_error) == ("pending", 0, "")
    warnings = [r.getMessage() for r in caplog.records if r.name == "modules.notifikasi.services"]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        f"notification {notification.pk} in schema {tenant_a.schema_name} not queued, "
        "the broker is unreachable (OperationalError: "
    )
    assert warnings[0].endswith("the outbox flush will queue it again")
    assert "6285211112222" not in caplog.text
    assert "852 1111 2222" not in caplog.text

    # A minute later Redis is back, and beat's flush runs.
    with tenant_context(tenant_a):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=F("created_at") - REQUEUE_GRACE - timedelta(seconds=1),
            next_attempt_at=F("next_attempt_at") - REQUEUE_GRACE - timedelta(seconds=1),
        )
    queued = flush_outbox.apply().get()

    assert queued == 1
    delivered = _wait_for_status(tenant_a, notification.pk, "sent", log=worker)
    assert delivered.attempts == 1
    assert [r["json"] for r in module_gateway.requests] == [
        {"to": "+6285211112222", "message": "Pengaduan\n\nPengaduan Anda kami terima.", "channel": "sms"}
    ]
    with tenant_context(tenant_b):
        in_flight.refresh_from_db()
    assert (in_flight.status, in_flight.attempts) == ("pending", 0)
