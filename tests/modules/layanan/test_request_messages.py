"""Who hears of what: the resident of the steps that ask something of them or end their request,
counter staff of each new online request; and the service-level clock stops while the village
waits for the resident's documents."""

import datetime

from django.utils import timezone

from modules.kalender.working_days import is_working_day
from modules.layanan import services
from modules.layanan.models import NotifyChannel, RequestEvent, RequestStatus, ServiceRequest
from modules.notifikasi.models import Notification
from tests.modules.berkas.images import pdf
from tests.modules.layanan.data import new_request_data

S = RequestStatus


def _submit(village, service, *, actor=None, **data):
    return services.request_submit(
        village=village,
        service=service,
        data=new_request_data(**data),
        attachments=[],
        actor=actor,
        idempotency_key="",
    )


def _messages_to(recipient: str) -> list[str]:
    """Recipients are encrypted at rest: compared after decryption."""
    return [message.body for message in Notification.objects.order_by("pk") if message.recipient == recipient]


def test_the_resident_hears_of_missing_documents_and_of_the_letter_not_of_office_steps(
    village_a, domisili, operator, village_admin
) -> None:
    request = _submit(
        village_a, domisili, notify_channel=NotifyChannel.EMAIL, email="warga@example.id", phone=""
    )
    for status, note in ((S.NEEDS_DOCUMENTS, "Kirim foto KK."), (S.REJECTED, "Bukan warga gampong ini.")):
        if status == S.REJECTED:
            request = _submit(
                village_a, domisili, notify_channel=NotifyChannel.EMAIL, email="warga@example.id", phone=""
            )
        services.request_transition(request=request, to_status=status, actor=operator, note=note)
    quiet = _submit(
        village_a, domisili, notify_channel=NotifyChannel.EMAIL, email="diam@example.id", phone=""
    )
    for status in (S.VERIFIED, S.IN_PROCESS, S.AWAITING_SIGNATURE):
        services.request_transition(request=quiet, to_status=status, actor=operator, note="")

    told = _messages_to("warga@example.id")
    assert len(told) == 4  # two confirmations, missing documents, rejection
    assert "Kirim foto KK." in told[1] and "Bukan warga gampong ini." in told[3]
    assert len(_messages_to("diam@example.id")) == 1  # its confirmation only


def test_counter_staff_with_an_email_hear_of_an_online_request_without_the_applicants_data(
    village_a, domisili, operator, village_admin, ppid_officer
) -> None:
    for user, email in (
        (operator, "operator@lambaro.id"),
        (village_admin, ""),
        (ppid_officer, "ppid@lambaro.id"),
    ):
        user.email = email
        user.save(update_fields=["email"])

    request = _submit(village_a, domisili, phone="")

    (message,) = Notification.objects.filter(reference=f"layanan.request_new:{request.pk}")
    assert message.recipient == "operator@lambaro.id"
    assert request.tracking_code in message.subject and "Gampong Lambaro" in message.subject
    assert f"/staf/layanan/{request.tracking_code}/" in message.body
    assert "Teuku" not in message.body and request.nik not in message.body


def test_a_walk_in_recorded_by_staff_tells_no_staff(village_a, domisili, operator) -> None:
    operator.email = "operator@lambaro.id"
    operator.save(update_fields=["email"])

    request = _submit(village_a, domisili, actor=operator, phone="")

    assert not Notification.objects.filter(reference=f"layanan.request_new:{request.pk}").exists()


def _working_days_after(start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def test_the_clock_stops_while_the_village_waits_for_documents(village_a, domisili, operator) -> None:
    request = _submit(village_a, domisili, phone="")
    services.request_transition(
        request=request, to_status=S.NEEDS_DOCUMENTS, actor=operator, note="Kirim foto KK."
    )
    today = timezone.localdate()
    asked_on = today - datetime.timedelta(days=21)
    due_then = asked_on + datetime.timedelta(days=7)
    RequestEvent.objects.filter(request=request, status=S.NEEDS_DOCUMENTS).update(
        created_at=timezone.make_aware(datetime.datetime.combine(asked_on, datetime.time(10)))
    )
    ServiceRequest.objects.filter(pk=request.pk).update(due_date=due_then)
    left_when_asked = _working_days_after(asked_on, due_then)

    services.request_add_documents(
        request=ServiceRequest.objects.get(pk=request.pk),
        secret=request.download_secret,
        attachments=[("Kartu Keluarga", pdf("kk.pdf"))],
        actor=None,
    )

    request.refresh_from_db()
    assert request.status == S.SUBMITTED
    assert request.status_reason == ""
    assert request.due_date > due_then
    assert _working_days_after(today, request.due_date) == left_when_asked
