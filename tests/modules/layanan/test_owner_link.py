"""A resident never loses their letter: every message names the village and carries the private
link, and the holder of a tracking code can have that link sent again, to the contact on file only."""

from django.test import Client
from django_tenants.utils import tenant_context

from modules.layanan import services
from modules.layanan.models import NotifyChannel
from modules.notifikasi.models import Notification
from tests.modules.layanan.data import new_request_data


def _submit(village, service, **overrides):
    return services.request_submit(
        village=village,
        service=service,
        data=new_request_data(**overrides),
        attachments=[],
        actor=None,
        idempotency_key="",
    )


def test_the_confirmation_message_names_the_village_and_carries_the_private_link(village_a, domisili) -> None:
    created = _submit(village_a, domisili, notify_channel=NotifyChannel.WHATSAPP)

    (message,) = Notification.objects.filter(reference=f"layanan.request:{created.pk}")
    assert message.subject == "Layanan Gampong Lambaro"
    assert message.body.startswith("Gampong Lambaro: ")
    assert f"/lacak/{created.tracking_code}/{created.download_secret}/" in message.body


def _resend(client: Client, code: str) -> str:
    response = client.post(f"/lacak/{code}/kirim-ulang-tautan/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_link_is_sent_again_to_a_confirmed_phone_and_never_shown(
    village_a, client_a: Client, clean_throttle
) -> None:
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service
        from modules.notifikasi.models import PhoneContact
        from modules.notifikasi.services import phone_contact_confirm, phone_hash

        created = _submit(
            village_a, Service.objects.get(slug="surat-keterangan-domisili"), notify_channel="sms"
        )
        phone_contact_confirm(contact=PhoneContact.objects.get(phone_hash=phone_hash("081234567890")))
        before = Notification.objects.count()

    page = _resend(client_a, created.tracking_code)

    assert created.download_secret not in page
    assert "081234567890" not in page
    assert "dikirim ke kontak yang tercatat" in page
    with tenant_context(village_a.tenant):
        assert Notification.objects.count() == before + 1
        latest = Notification.objects.order_by("-pk").first()
        assert latest.recipient.endswith("81234567890")
        assert latest.status == "pending"
        assert created.download_secret in latest.body


def test_an_unconfirmed_phone_is_not_told_it_was_sent(village_a, client_a: Client, clean_throttle) -> None:
    """The outbox holds back a second message to a number that has not confirmed it wants them;
    the page says so instead of claiming the link went out."""
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        created = _submit(
            village_a, Service.objects.get(slug="surat-keterangan-domisili"), notify_channel="sms"
        )

    page = _resend(client_a, created.tracking_code)

    assert "Tautan belum dapat dikirim" in page
    assert "dikirim ke kontak yang tercatat" not in page
    with tenant_context(village_a.tenant):
        latest = Notification.objects.order_by("-pk").first()
        assert latest.status == "failed" and latest.last_error.startswith("withheld")


def test_resending_is_limited_per_request_whoever_asks(village_a, client_a: Client, clean_throttle) -> None:
    """An abuser with many addresses cannot flood the contact: the limit is per request."""
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        created = _submit(
            village_a, Service.objects.get(slug="surat-keterangan-domisili"), notify_channel="sms"
        )
        before = Notification.objects.count()

    statuses = [
        client_a.post(
            f"/lacak/{created.tracking_code}/kirim-ulang-tautan/", REMOTE_ADDR=f"203.0.113.{n}"
        ).status_code
        for n in range(1, 7)
    ]

    assert statuses == [302, 302, 302, 429, 429, 429]
    with tenant_context(village_a.tenant):
        assert Notification.objects.count() == before + 3


def test_a_request_without_contact_sends_nothing_and_says_to_come_to_the_office(
    village_a, client_a: Client
) -> None:
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        created = _submit(village_a, Service.objects.get(slug="surat-keterangan-domisili"), phone="")
        before = Notification.objects.count()

    response = client_a.post(f"/lacak/{created.tracking_code}/kirim-ulang-tautan/", follow=True)

    assert "kantor gampong" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert Notification.objects.count() == before


def test_an_unknown_code_is_a_404_and_sends_nothing(village_a, client_a: Client) -> None:
    with tenant_context(village_a.tenant):
        before = Notification.objects.count()

    assert client_a.post("/lacak/ZZZZ-ZZZZ/kirim-ulang-tautan/").status_code == 404
    with tenant_context(village_a.tenant):
        assert Notification.objects.count() == before
