"""Issue 7 finding 6: staff open and print the letter they issued; revoking it closes the request
with the reason on its timeline, tells the resident and shows on the verification page; a corrected
letter is re-issued under a new number; staff correct the applicant's details before signing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.layanan import services
from modules.layanan.models import Letter, RequestStatus, Service, ServiceRequest
from modules.notifikasi.models import Notification
from tests.conftest import sign_in
from tests.modules.layanan.data import IDENTITY, NIK_MAN, NIK_WOMAN, new_request_data

SIGN = {"action": "sign", "signer_name": "Teuku Zulkifli", "signer_position": "Keuchik", "on_behalf_of": ""}


def _awaiting_signature(village, **overrides):
    with tenant_context(village.tenant):
        service = Service.objects.get(slug="surat-keterangan-domisili")
        created = services.request_submit(
            village=village,
            service=service,
            data=new_request_data(notify_channel="email", email="warga@example.org", **overrides),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
        ServiceRequest.objects.filter(pk=created.pk).update(status=RequestStatus.AWAITING_SIGNATURE)
    return created


def _signed(village, client, admin):
    created = _awaiting_signature(village)
    sign_in(client, village.tenant, admin)
    client.post(f"/staf/layanan/{created.tracking_code}/", SIGN)
    with tenant_context(village.tenant):
        letter = Letter.objects.get(request=created)
    return created, letter


def test_the_staff_request_page_links_the_letter_for_printing_and_for_download(village_a, client_a, staff):
    created, letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])
    url = f"/staf/layanan/{created.tracking_code}/surat/{letter.pk}/"

    page = client_a.get(f"/staf/layanan/{created.tracking_code}/").content.decode()
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])
    printed = client_a.get(url)
    downloaded = client_a.get(f"{url}?unduh=1")

    assert f'href="{url}"' in page and f'href="{url}?unduh=1"' in page
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")
    assert (
        printed["Content-Disposition"] == f'inline; filename="surat-{created.tracking_code}-{letter.pk}.pdf"'
    )
    assert downloaded["Content-Disposition"].startswith("attachment;")
    assert "no-store" in printed["Cache-Control"] and "private" in printed["Cache-Control"]


def test_the_staff_letter_is_refused_to_residents_and_to_other_villages_staff(
    village_a, village_b, client_a, client_b, staff, staff_b
):
    created, letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])
    url = f"/staf/layanan/{created.tracking_code}/surat/{letter.pk}/"
    client_a.logout()
    sign_in(client_b, village_b.tenant, staff_b[Role.VILLAGE_ADMIN])

    anonymous = client_a.get(url)
    other_village = client_b.get(url)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/staf/masuk/")
    assert other_village.status_code == 404 and b"%PDF" not in other_village.content


def test_revoking_closes_the_request_with_the_reason_and_tells_the_resident(village_a, client_a, staff):
    created, letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])

    response = client_a.post(
        f"/staf/layanan/{created.tracking_code}/", {"action": "revoke", "reason": "Salah tulis alamat"}
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        request = ServiceRequest.objects.get(pk=created.pk)
        event = request.events.last()
        message = Notification.objects.filter(reference=f"layanan.request:{created.pk}").order_by("pk").last()
        letter.refresh_from_db()
    assert request.status == RequestStatus.LETTER_REVOKED and request.status_reason == "Salah tulis alamat"
    assert event.status == RequestStatus.LETTER_REVOKED
    assert event.note == f"Surat nomor {letter.number} dicabut: Salah tulis alamat"
    assert letter.is_revoked and letter.revoke_reason == "Salah tulis alamat"
    assert message.body.splitlines()[0] == (
        f"Gampong Lambaro: Surat nomor {letter.number} (permohonan {created.tracking_code}) dicabut dan "
        "tidak berlaku lagi. Alasan: Salah tulis alamat"
    )
    verification = client_a.get(f"/verifikasi/{letter.verification_code}/").content.decode()
    assert "DICABUT" in verification and "Salah tulis alamat" in verification
    assert "Diganti dengan surat nomor" not in verification
    tracking = client_a.get(f"/lacak/{created.tracking_code}/").content.decode()
    assert "Surat dicabut" in tracking


def test_a_revocation_without_a_reason_changes_nothing(village_a, client_a, staff):
    created, letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])

    client_a.post(f"/staf/layanan/{created.tracking_code}/", {"action": "revoke", "reason": "  "})

    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=created.pk).status == RequestStatus.COMPLETED
        assert not Letter.objects.get(pk=letter.pk).is_revoked


def test_a_corrected_letter_is_reissued_under_a_new_number_and_the_old_one_says_so(
    village_a, client_a, staff
):
    created, old = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])
    page = f"/staf/layanan/{created.tracking_code}/"
    client_a.post(page, {"action": "revoke", "reason": "Salah tulis alamat"})

    client_a.post(page, {"action": "transition", "to_status": RequestStatus.AWAITING_SIGNATURE, "note": ""})
    client_a.post(page, SIGN)

    with tenant_context(village_a.tenant):
        new = Letter.objects.get(request=created, is_revoked=False)
        assert ServiceRequest.objects.get(pk=created.pk).status == RequestStatus.COMPLETED
    assert new.pk != old.pk and new.number != old.number and new.sequence == old.sequence + 1
    old_page = client_a.get(f"/verifikasi/{old.verification_code}/").content.decode()
    new_page = client_a.get(f"/verifikasi/{new.verification_code}/").content.decode()
    assert f"Diganti dengan surat nomor {new.number}." in old_page and "DICABUT" in old_page
    assert "BERLAKU" in new_page and "Diganti dengan" not in new_page
    staff_page = client_a.get(page).content.decode()
    assert f"dicabut, diganti dengan surat nomor {new.number}" in staff_page
    download = client_a.get(f"/lacak/{created.tracking_code}/{created.download_secret}/surat.pdf")
    assert download.status_code == 200
    with tenant_context(village_a.tenant):  # rendered when first needed (no worker in the tests)
        assert b"".join(download.streaming_content) == Letter.objects.get(pk=new.pk).pdf.open("rb").read()


def test_an_operator_cannot_revoke(village_a, client_a, staff):
    created, letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    client_a.post(f"/staf/layanan/{created.tracking_code}/", {"action": "revoke", "reason": "coba"})

    with tenant_context(village_a.tenant):
        assert not Letter.objects.get(pk=letter.pk).is_revoked


CORRECTION = {
    "action": "correct",
    "koreksi-applicant_name": "Cut Nyak Meutia",
    "koreksi-nik": NIK_WOMAN,
    "koreksi-kk_number": "",
    "koreksi-address": "Dusun Mesjid, RT 02/RW 01",
    "koreksi-purpose": "Melamar pekerjaan",
    **{f"koreksi-{name}": value for name, value in IDENTITY.items()},
    "koreksi-gender": "perempuan",
    "koreksi-birth_date": "1990-07-15",
}


def test_staff_correct_the_applicant_before_signing_and_the_audit_names_only_the_fields(
    village_a, client_a, staff
):
    created = _awaiting_signature(village_a, applicant_name="Cut Nyak Mutia")
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = client_a.post(f"/staf/layanan/{created.tracking_code}/", CORRECTION)

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        corrected = ServiceRequest.objects.get(pk=created.pk)
        audit = AuditEvent.objects.get(action="layanan.request_correct")
        assert ServiceRequest.objects.filter(nik_hash=corrected.nik_hash).count() == 1
    assert corrected.applicant_name == "Cut Nyak Meutia" and corrected.nik == NIK_WOMAN
    assert audit.detail == {"fields": ["applicant_name", "birth_date", "gender", "nik"]}
    assert audit.actor_id == staff[Role.OPERATOR].pk
    logged = json.dumps(audit.detail)
    assert "Meutia" not in logged and NIK_WOMAN not in logged and NIK_MAN not in logged


def test_an_invalid_correction_shows_the_message_next_to_the_field_and_changes_nothing(
    village_a, client_a, staff
):
    created = _awaiting_signature(village_a)
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = client_a.post(f"/staf/layanan/{created.tracking_code}/", {**CORRECTION, "koreksi-nik": "1234"})

    assert response.status_code == 400
    assert "16 digit" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=created.pk).nik == NIK_MAN
        assert not AuditEvent.objects.filter(action="layanan.request_correct").exists()


def test_a_signed_letter_cannot_be_corrected_under_it(village_a, client_a, staff):
    created, _letter = _signed(village_a, client_a, staff[Role.VILLAGE_ADMIN])

    response = client_a.post(f"/staf/layanan/{created.tracking_code}/", CORRECTION)

    assert response.status_code == 400
    assert "sebelum surat ditandatangani" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=created.pk).applicant_name == "Teuku Muhammad Rizal"


@pytest.mark.parametrize(
    "status",
    [
        RequestStatus.COMPLETED,
        RequestStatus.LETTER_REVOKED,
        # The clock stops while the village waits for the resident's documents.
        RequestStatus.NEEDS_DOCUMENTS,
    ],
)
def test_closed_and_waiting_requests_are_never_overdue(village_a, status):
    from django.utils import timezone

    from modules.layanan import selectors

    created = _awaiting_signature(village_a)
    with tenant_context(village_a.tenant):
        ServiceRequest.objects.filter(pk=created.pk).update(
            status=status, due_date=timezone.localdate() - timezone.timedelta(days=5)
        )
        assert selectors.worklist_counts(today=timezone.localdate())["overdue"] == 0
        ServiceRequest.objects.filter(pk=created.pk).update(status=RequestStatus.IN_PROCESS)
        assert selectors.worklist_counts(today=timezone.localdate())["overdue"] == 1


def test_a_correction_meets_the_submissions_limits_and_messages(village_a, client_a, staff):
    """One input contract (issue 8): the correction is checked by the request's own full_clean, so
    an address or an extra answer over the submission's limit gets the submission's message."""
    created = _awaiting_signature(village_a)
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])
    too_long = "Dusun Mesjid " * 60  # 780 characters, over the address limit
    with tenant_context(village_a.tenant):
        service = Service.objects.get(slug="surat-keterangan-domisili")
        with pytest.raises(ValidationError) as at_submission:
            services.request_submit(
                village=village_a,
                service=service,
                data=new_request_data(address=too_long),
                attachments=[],
                actor=None,
                idempotency_key="",
            )

    response = client_a.post(
        f"/staf/layanan/{created.tracking_code}/", {**CORRECTION, "koreksi-address": too_long}
    )

    assert response.status_code == 400
    assert (
        response.context["correction_form"].errors["address"] == at_submission.value.message_dict["address"]
    )
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=created.pk).address == "Dusun Mesjid, RT 02/RW 01"
