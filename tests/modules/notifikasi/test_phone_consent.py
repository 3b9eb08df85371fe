"""Nobody can make the platform message any number (issue 7, finding 14): a number typed into a form
gets one message, which carries the tracking code and a confirmation link; nothing more reaches it
until someone holding the phone confirms through that link."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.audit.models import AuditEvent
from modules.notifikasi.models import Channel, Notification, PhoneContact
from modules.notifikasi.services import CONFIRMATION_SALT, notification_queue, phone_hash
from tests.modules.layanan.data import IDENTITY

VICTIM = "081234567890"
SUBMIT = "/api/layanan/surat-keterangan-domisili/permohonan/"


def payload(n, phone=VICTIM, channel="whatsapp"):
    return {
        "applicant_name": "Cut Nyak Dhien",
        "nik": "1106104505900002",
        "address": f"Dusun Lampoh {n}",
        "purpose": "Beasiswa",
        "phone": phone,
        "notify_channel": channel,
        **IDENTITY,
    }


def outgoing(village):
    """What would leave the platform: the notifications that are not held back."""
    with tenant_context(village.tenant):
        return list(Notification.objects.exclude(status="failed").order_by("pk"))


def link_in(body):
    return re.search(r"https?://\S+/kabar/(\S+)/", body).group(0)


def test_forty_submissions_naming_one_victim_send_one_message(village_a, client_a):
    statuses = [
        client_a.post(SUBMIT, payload(n), content_type="application/json").status_code for n in range(40)
    ]

    assert statuses == [201] * 40
    sent = outgoing(village_a)
    assert len(sent) == 1
    assert "diterima" in sent[0].body and "/kabar/" in sent[0].body
    with tenant_context(village_a.tenant):
        held = Notification.objects.filter(status="failed")
        assert held.count() == 39
        assert set(held.values_list("last_error", flat=True)) == {
            "withheld: the number has not confirmed that it wants messages (one a day until it does)"
        }
        assert PhoneContact.objects.get().withheld == 39


def test_spelling_the_number_differently_does_not_get_a_second_message(village_a, client_a):
    for n, spelling in enumerate([VICTIM, "+6281234567890", "62 812-3456-7890", "0812.3456.7890"]):
        client_a.post(SUBMIT, payload(n, phone=spelling, channel="sms"), content_type="application/json")

    assert len(outgoing(village_a)) == 1
    assert phone_hash("+62 812 3456 7890") == phone_hash(VICTIM)


def test_after_the_holder_confirms_every_message_goes_out(village_a, client_a):
    client_a.post(SUBMIT, payload(0), content_type="application/json")
    url = link_in(outgoing(village_a)[0].body)
    path = url.split("://", 1)[1].split("/", 1)[1]

    page = client_a.get(f"/{path}")
    still_unconfirmed = outgoing(village_a)
    client_a.post(SUBMIT, payload(1), content_type="application/json")
    before_confirming = len(outgoing(village_a))
    confirmed = client_a.post(f"/{path}")
    for n in range(2, 5):
        client_a.post(SUBMIT, payload(n), content_type="application/json")

    assert page.status_code == 200 and "Ya, kirimi saya kabar" in page.content.decode()
    assert len(still_unconfirmed) == 1 and before_confirming == 1  # opening the page confirms nothing
    assert confirmed.status_code == 200 and "Terima kasih" in confirmed.content.decode()
    sent = outgoing(village_a)
    assert len(sent) == 4
    assert all("/kabar/" not in notification.body for notification in sent[1:])
    with tenant_context(village_a.tenant):
        assert PhoneContact.objects.get().confirmed_at is not None
        assert AuditEvent.objects.filter(action="notifikasi.phone_confirm").count() == 1


def test_the_link_names_the_village_host_and_no_personal_data(village_a, client_a):
    client_a.post(SUBMIT, payload(0), content_type="application/json")

    url = link_in(outgoing(village_a)[0].body)

    assert url.startswith("https://lambaro.aceh-besar.balai.test/kabar/")
    assert VICTIM not in url and "81234567890" not in url


def test_a_forged_or_foreign_link_confirms_nothing(village_a, village_b, client_a, client_b):
    client_a.post(SUBMIT, payload(0), content_type="application/json")
    path = "/" + link_in(outgoing(village_a)[0].body).split("://", 1)[1].split("/", 1)[1]
    with tenant_context(village_a.tenant):
        contact = PhoneContact.objects.get()
    forged = "/kabar/" + signing.dumps(contact.pk, salt="something-else") + "/"

    assert client_a.post(forged).status_code == 404
    assert client_b.post(path).status_code == 404  # B has no such contact
    assert client_a.post("/kabar/%00/").status_code == 400
    with tenant_context(village_a.tenant):
        assert PhoneContact.objects.get().confirmed_at is None


def test_the_next_day_an_unconfirmed_number_gets_one_more_message(in_village_a):
    first = notification_queue(
        channel=Channel.SMS, recipient=VICTIM, subject="", body="Satu", reference="x:1"
    )
    PhoneContact.objects.update(unconfirmed_sent_at=timezone.now() - datetime.timedelta(hours=25))
    second = notification_queue(
        channel=Channel.SMS, recipient=VICTIM, subject="", body="Dua", reference="x:2"
    )
    third = notification_queue(
        channel=Channel.SMS, recipient=VICTIM, subject="", body="Tiga", reference="x:3"
    )

    assert [first.status, second.status, third.status] == ["pending", "pending", "failed"]


def test_a_portal_sends_at_most_its_hourly_share_to_unconfirmed_numbers(in_village_a, settings):
    settings.NOTIFY_UNCONFIRMED_PER_HOUR = 3
    queued = [
        notification_queue(
            channel=Channel.WHATSAPP, recipient=f"08123400000{n}", subject="", body="Hai", reference=f"x:{n}"
        )
        for n in range(5)
    ]

    assert [notification.status for notification in queued] == ["pending"] * 3 + ["failed"] * 2
    assert queued[4].last_error == "withheld: the hourly limit of messages to unconfirmed numbers is reached"


def test_email_is_not_gated(in_village_a):
    queued = [
        notification_queue(
            channel=Channel.EMAIL, recipient="warga@example.id", subject="", body="Hai", reference="x"
        )
        for _ in range(3)
    ]

    assert [notification.status for notification in queued] == ["pending"] * 3
    assert not PhoneContact.objects.exists()


@pytest.mark.parametrize(
    "make_token",
    [lambda: "abc", lambda: signing.dumps("1", salt=CONFIRMATION_SALT)],
    ids=["garbage", "not-an-id"],
)
def test_a_malformed_token_is_a_404(client_a, make_token):
    assert client_a.get(f"/kabar/{make_token()}/").status_code == 404


def test_the_confirmation_token_never_reaches_the_access_log(village_a, client_a, caplog):
    client_a.post(SUBMIT, payload(0), content_type="application/json")
    token = link_in(outgoing(village_a)[0].body).rstrip("/").rsplit("/", 1)[1]

    with caplog.at_level("INFO", logger="balai.access"):
        client_a.get(f"/kabar/{token}/")

    assert "GET /kabar/***/ 200" in caplog.text
    assert token not in caplog.text
