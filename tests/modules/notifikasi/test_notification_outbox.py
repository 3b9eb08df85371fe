"""The outbox: what `notification_queue` writes, when it hands the task over, and whose it is."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from modules.notifikasi.models import Channel, Notification, NotificationStatus
from modules.notifikasi.services import notification_queue, retry_delay
from modules.notifikasi.tasks import deliver_notification


def _queue(**overrides):
    values = {
        "channel": Channel.WHATSAPP,
        "recipient": "+62 812-3456-7890",
        "subject": "Layanan desa",
        "body": "Surat keterangan domisili Anda siap diambil.",
        "reference": "layanan.request:42",
        **overrides,
    }
    return notification_queue(**values)


def test_queueing_writes_a_pending_row_and_hands_the_task_over_only_on_commit(
    in_village_a, confirmed_test_phone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notification = _queue()

    stored = Notification.objects.get(pk=notification.pk)
    assert len(callbacks) == 1  # registered for the commit, not run before it
    assert (stored.channel, stored.recipient, stored.subject, stored.body, stored.reference) == (
        "whatsapp",
        "+6281234567890",
        "Layanan desa",
        "Surat keterangan domisili Anda siap diambil.",
        "layanan.request:42",
    )
    assert (stored.status, stored.attempts, stored.last_error, stored.sent_at) == ("pending", 0, "", None)
    assert stored.next_attempt_at == stored.created_at


def test_the_address_and_the_message_are_encrypted_in_the_database(in_village_a):
    notification = _queue()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipient, subject, body FROM notifikasi_notification WHERE id = %s", [notification.pk]
        )
        recipient, subject, body = cursor.fetchone()
    assert "81234567890" not in recipient
    assert "Layanan" not in subject
    assert "domisili" not in body


def test_an_address_that_cannot_be_delivered_to_is_stored_as_failed_and_never_queued(
    in_village_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        bad_phone = _queue(channel=Channel.SMS, recipient="nomor saya 0812")
        bad_email = _queue(channel=Channel.EMAIL, recipient="warga-at-example.id")
        no_address = _queue(channel=Channel.EMAIL, recipient="  ")

    assert callbacks == []
    assert [
        (n.status, n.attempts, n.last_error)
        for n in Notification.objects.filter(pk__in=[bad_phone.pk, bad_email.pk, no_address.pk]).order_by(
            "pk"
        )
    ] == [
        ("failed", 0, "the recipient is not a valid phone number"),
        ("failed", 0, "the recipient is not a valid e-mail address"),
        ("failed", 0, "no recipient address"),
    ]


def test_an_unknown_channel_is_refused_and_nothing_is_written(in_village_a):
    with pytest.raises(ValueError, match="unknown notification channel 'telegram'"):
        _queue(channel="telegram")

    assert Notification.objects.count() == 0


def test_queueing_on_the_public_schema_is_refused(db):
    with pytest.raises(RuntimeError, match="inside a village or district schema"):
        _queue()


def test_a_notification_of_village_a_is_neither_visible_nor_deliverable_in_village_b(village_a, village_b):
    with tenant_context(village_a.tenant):
        notification = _queue(reference="layanan.request:7")
    with tenant_context(village_b.tenant):
        visible_in_b = Notification.objects.filter(reference="layanan.request:7").exists()
        delivery_in_b = deliver_notification.apply(args=[notification.pk]).get()
    with tenant_context(village_a.tenant):
        in_a = Notification.objects.get(pk=notification.pk)

    assert visible_in_b is False
    assert delivery_in_b == "skipped"
    assert (in_a.status, in_a.attempts) == (NotificationStatus.PENDING, 0)


def test_retries_wait_twice_as_long_each_time_up_to_an_hour():
    assert [int(retry_delay(attempts).total_seconds()) for attempts in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


def test_queueing_on_an_unreachable_broker_gives_up_after_a_bounded_wait():
    """The request that queued the notification waits on a down broker at most the retry policy's
    intervals (a refused connection fails at once; the transport's connect timeout bounds a silent
    one), then the outbox flush takes over. Checked on the policy, not on a clock."""
    from django.conf import settings

    from modules.notifikasi.services import ENQUEUE_RETRY_POLICY

    policy = ENQUEUE_RETRY_POLICY

    intervals = [
        min(policy["interval_start"] + attempt * policy["interval_step"], policy["interval_max"])
        for attempt in range(policy["max_retries"])
    ]
    connect_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"]

    assert intervals == [0.2, 0.6]
    # the worst case, a silent broker: well under gunicorn's 30 s worker timeout
    assert sum(intervals) + (policy["max_retries"] + 1) * connect_timeout == pytest.approx(6.8)
