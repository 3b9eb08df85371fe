"""Delivery through each channel, run eagerly in this process: e-mail into Django's locmem outbox,
WhatsApp/SMS to a real HTTP gateway on 127.0.0.1, development's console."""

import datetime

import pytest
from django.utils import timezone

from modules.notifikasi.models import Channel, Notification
from modules.notifikasi.services import MAX_ATTEMPTS, notification_queue
from modules.notifikasi.tasks import deliver_notification

PHONE = "+6281234567890"
PHONE_DIGITS = "81234567890"


@pytest.fixture(autouse=True)
def _phone_confirmed(confirmed_test_phone):
    """These tests are about delivery: the number has confirmed it wants messages (the gate on
    unconfirmed numbers has its own tests in test_phone_consent.py)."""


def _queue(channel, recipient, subject="Layanan desa", body="Surat Anda siap diambil."):
    return notification_queue(
        channel=channel, recipient=recipient, subject=subject, body=body, reference="layanan.request:42"
    )


def _deliver(notification):
    deliver_notification.apply(args=[notification.pk])
    return Notification.objects.get(pk=notification.pk)


def test_email_is_delivered_through_django_mail_once(in_village_a, mailoutbox):
    notification = _queue(Channel.EMAIL, "warga@example.id", subject="Surat siap")

    first = deliver_notification.apply(args=[notification.pk]).get()
    again = deliver_notification.apply(args=[notification.pk]).get()

    assert (first, again) == ("sent", "skipped")
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["warga@example.id"], "Surat siap", "Surat Anda siap diambil.")
    ]
    sent = Notification.objects.get(pk=notification.pk)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, "")
    assert sent.sent_at is not None


def test_an_unreachable_mail_server_is_recorded_without_the_address(in_village_a, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    notification = _queue(Channel.EMAIL, "warga@example.id")

    failed = _deliver(notification)

    assert (failed.status, failed.attempts) == ("pending", 1)
    assert failed.last_error == "DeliveryError: e-mail not sent: ConnectionRefusedError"


def test_whatsapp_goes_to_the_gateway_as_json_with_the_token(in_village_a, gateway):
    notification = _queue(Channel.WHATSAPP, "0812-3456-7890")

    sent = _deliver(notification)

    assert gateway.requests == [
        {
            "path": "/send",
            "authorization": "Bearer test-gateway-token",
            "content_type": "application/json",
            "idempotency_key": f"balai:v_1106102001:notification:{notification.pk}",
            "json": {
                "to": "081234567890",
                "message": "Layanan desa\n\nSurat Anda siap diambil.",
                "channel": "whatsapp",
            },
        }
    ]
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, "")


def test_a_gateway_error_is_recorded_without_the_phone_number_and_retried_later(
    in_village_a, gateway, caplog
):
    gateway.status = 500
    notification = _queue(Channel.SMS, PHONE, subject="")
    before = timezone.now()

    failed = _deliver(notification)

    after = timezone.now()
    # The task's retry, run at once by `apply`, finds the row not yet due and leaves it.
    assert len(gateway.requests) == 1
    assert gateway.requests[0]["json"] == {
        "to": PHONE,
        "message": "Surat Anda siap diambil.",
        "channel": "sms",
    }
    assert (failed.status, failed.attempts, failed.sent_at) == ("pending", 1, None)
    assert failed.last_error == "DeliveryError: gateway answered HTTP 500"
    retry_in = datetime.timedelta(seconds=30)
    assert before + retry_in <= failed.next_attempt_at <= after + retry_in
    schema = in_village_a.schema_name
    assert [r.getMessage() for r in caplog.records if r.name == "modules.notifikasi.services"] == [
        f"notification {notification.pk} in schema {schema}: attempt 1 of 6 failed "
        "(DeliveryError: gateway answered HTTP 500); next attempt in 30 s"
    ]
    assert PHONE_DIGITS not in caplog.text


def test_an_unreachable_gateway_is_recorded_as_such(in_village_a, settings):
    settings.NOTIFY_GATEWAY_URL = "http://127.0.0.1:1/send"
    notification = _queue(Channel.WHATSAPP, PHONE)

    failed = _deliver(notification)

    assert (failed.status, failed.attempts) == ("pending", 1)
    assert failed.last_error == (
        "DeliveryError: gateway unreachable: ConnectionRefusedError: [Errno 111] Connection refused"
    )


def test_the_sixth_failure_is_final(in_village_a, gateway):
    gateway.status = 503
    notification = _queue(Channel.WHATSAPP, PHONE)
    Notification.objects.filter(pk=notification.pk).update(attempts=MAX_ATTEMPTS - 1)

    failed = _deliver(notification)
    again = deliver_notification.apply(args=[notification.pk]).get()

    assert (failed.status, failed.attempts, failed.last_error) == (
        "failed",
        6,
        "DeliveryError: gateway answered HTTP 503",
    )
    assert again == "skipped"
    assert len(gateway.requests) == 1


def test_without_a_gateway_url_whatsapp_fails_with_a_sentence_that_says_what_to_set(in_village_a, settings):
    settings.NOTIFY_GATEWAY_URL = ""
    notification = _queue(Channel.WHATSAPP, PHONE)

    failed = _deliver(notification)

    assert failed.last_error == "DeliveryError: NOTIFY_GATEWAY_URL is not set to an http(s) URL"


def test_the_console_backend_prints_the_message_with_the_address_masked(in_village_a, settings, capsys):
    settings.NOTIFY_BACKENDS = {"sms": "modules.notifikasi.channels.ConsoleBackend"}
    notification = _queue(Channel.SMS, PHONE)
    capsys.readouterr()

    sent = _deliver(notification)

    printed = capsys.readouterr().out
    assert printed == (
        "[notifikasi sms -> 0812*****890] Layanan desa\nSurat Anda siap diambil.\n" + "-" * 72 + "\n"
    )
    assert sent.status == "sent"


def test_a_misconfigured_backend_is_recorded_as_a_failure_and_the_row_kept(in_village_a, settings):
    settings.NOTIFY_BACKENDS = {"sms": "modules.notifikasi.channels.NoSuchBackend"}
    notification = _queue(Channel.SMS, PHONE)

    failed = _deliver(notification)

    assert (failed.status, failed.attempts) == ("pending", 1)
    assert failed.last_error.startswith('ImportError: Module "modules.notifikasi.channels" does not define')


def test_a_slow_gateway_gets_the_message_again_with_the_same_idempotency_key(in_village_a, gateway, settings):
    """At least once: the gateway took the first attempt but answered after our timeout, so the row
    stays pending and is sent again; both attempts carry one key, which lets the gateway drop the
    repeat. Another notification to the same number carries another key."""
    settings.NOTIFY_GATEWAY_TIMEOUT = 0.3
    gateway.delays = [1.0]
    notification = _queue(Channel.SMS, PHONE, subject="")
    other = _queue(Channel.SMS, PHONE, subject="", body="Pesan lain.")

    first = _deliver(notification)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    second = _deliver(notification)
    _deliver(other)

    assert (first.status, first.attempts) == ("pending", 1)
    assert first.last_error.startswith("DeliveryError: gateway unreachable: ")
    assert (second.status, second.attempts) == ("sent", 2)
    keys = [request["idempotency_key"] for request in gateway.requests]
    assert keys == [
        f"balai:v_1106102001:notification:{notification.pk}",
        f"balai:v_1106102001:notification:{notification.pk}",
        f"balai:v_1106102001:notification:{other.pk}",
    ]
