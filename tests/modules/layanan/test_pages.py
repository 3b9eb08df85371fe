import pytest
from django_tenants.utils import tenant_context

from modules.layanan import services
from modules.layanan.models import ServiceRequest
from tests.conftest import sign_in
from tests.modules.layanan.data import NIK_MAN, new_request_data, request_payload

FORM = request_payload(applicant_name="Cut Nyak Dhien", address="Dusun Lampoh, RT 01", phone="")


def test_catalogue_and_standard_pages(client_a):
    catalogue = client_a.get("/layanan/").content.decode()
    detail = client_a.get("/layanan/surat-keterangan-domisili/").content.decode()

    assert (
        "Surat Keterangan Domisili" in catalogue
        and "Gratis" in catalogue
        and "Maklumat pelayanan" in catalogue
    )
    assert (
        "Standar pelayanan versi 1" in detail
        and "Fotokopi Kartu Keluarga" in detail
        and "1 hari kerja" in detail
    )


def test_the_leaflet_is_a_pdf(client_a):
    response = client_a.get("/layanan/surat-keterangan-domisili/standar.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_resident_requests_a_domisili_letter_and_follows_it(village_a, client_a):
    response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM)

    assert response.status_code == 302
    assert response["Location"] == "/layanan/surat-keterangan-domisili/terkirim/"
    confirmation = client_a.get(response["Location"])
    with tenant_context(village_a.tenant):
        created = ServiceRequest.objects.get()
    assert confirmation.status_code == 200
    assert created.tracking_code in confirmation.content.decode()
    tracking = client_a.get(f"/lacak/{created.tracking_code.lower().replace('-', '')}/", follow=False)
    page = client_a.get(f"/lacak/{created.tracking_code}/").content.decode()
    assert tracking.status_code == 200
    assert "Diajukan" in page and "C** N*** D****" in page
    assert NIK_MAN not in page and "Lampoh" not in page and "Cut Nyak Dhien" not in page


def test_an_invalid_nik_on_the_form_shows_a_message_and_saves_nothing(village_a, client_a):
    response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "nik": "1234"})

    assert response.status_code == 400
    assert "16 digit" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 0


def test_tracking_lookup_of_an_unknown_code(client_a):
    response = client_a.get("/lacak/", {"kode": "ZZZZ-ZZZZ"})

    assert response.status_code == 404
    assert "Kode lacak tidak ditemukan" in response.content.decode()


def test_village_a_request_pages_are_404_on_village_b(village_a, client_b):
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        request = services.request_submit(
            village=village_a,
            service=Service.objects.get(slug="surat-pengantar-kk"),
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )

    assert client_b.get(f"/lacak/{request.tracking_code}/").status_code == 404
    assert client_b.get(f"/lacak/{request.tracking_code}/{request.download_secret}/").status_code == 404
    assert (
        client_b.get(f"/lacak/{request.tracking_code}/{request.download_secret}/surat.pdf").status_code == 404
    )


def test_the_queue_display_and_tickets(client_a):
    first = client_a.post("/antrian/", {"counter": "A"}, follow=True).content.decode()
    second = client_a.post("/antrian/", {"counter": "A"}, follow=True).content.decode()

    assert "A-001" in first and "A-002" in second and "1 orang menunggu sebelum Anda" in second
    assert "2 menunggu" in client_a.get("/antrian/layar/").content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("operator", 200), ("village_admin", 200), ("ppid_officer", 403), ("ppid_superior", 403)],
)
def test_staff_worklist_per_role(village_a, client_a, staff, role, status):
    sign_in(client_a, village_a.tenant, staff[role])

    assert client_a.get("/staf/layanan/").status_code == status


def test_staff_worklist_sends_anonymous_visitors_to_sign_in(client_a):
    response = client_a.get("/staf/layanan/")

    assert response.status_code == 302 and response["Location"].startswith("/staf/masuk/")


def test_staff_call_next_calls_the_first_waiting_ticket(village_a, client_a, staff):
    client_a.post("/antrian/", {"counter": "A"})
    sign_in(client_a, village_a.tenant, staff["operator"])

    client_a.post("/staf/layanan/antrian/panggil/", {"counter": "A"})

    assert "A-001" in client_a.get("/antrian/layar/").content.decode()


def test_staff_work_a_request_through_the_pages(village_a, client_a, staff):
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        request = services.request_submit(
            village=village_a,
            service=Service.objects.get(slug="surat-keterangan-domisili"),
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    for to_status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
        client_a.post(
            f"/staf/layanan/{request.tracking_code}/", {"action": "transition", "to_status": to_status}
        )
    client_a.post(
        f"/staf/layanan/{request.tracking_code}/",
        {"action": "sign", "signer_name": "Teuku Zulkifli", "signer_position": "Keuchik"},
    )

    with tenant_context(village_a.tenant):
        done = ServiceRequest.objects.get(pk=request.pk)
        assert done.status == "selesai"
        assert done.letters.get().signer_name == "Teuku Zulkifli"


def test_staff_request_page_of_village_a_is_404_on_village_b(village_a, village_b, client_b, staff_b):
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        request = services.request_submit(
            village=village_a,
            service=Service.objects.get(slug="surat-keterangan-domisili"),
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
    sign_in(client_b, village_b.tenant, staff_b["operator"])

    assert client_b.get(f"/staf/layanan/{request.tracking_code}/").status_code == 404


def test_with_redis_down_a_submission_succeeds_and_its_notification_waits_in_the_outbox(
    village_a, client_a, django_capture_on_commit_callbacks
):
    from modules.notifikasi.models import Notification
    from tests.brokers import CLOSED_PORT_BROKER, broker_at

    with broker_at(CLOSED_PORT_BROKER), django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            "/layanan/surat-keterangan-domisili/ajukan/",
            {**FORM, "notify_channel": "email", "email": "cut.nyak@example.id"},
            follow=True,
        )

    assert response.status_code == 200
    with tenant_context(village_a.tenant):
        stored = ServiceRequest.objects.get()
        notification = Notification.objects.get(reference=f"layanan.request:{stored.pk}")
    assert stored.tracking_code in response.content.decode()
    assert (notification.status, notification.attempts, notification.channel) == ("pending", 0, "email")


def test_staff_register_a_walk_in_request_at_the_counter(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["operator"])

    response = client_a.post("/staf/layanan/loket/surat-keterangan-domisili/", FORM)

    with tenant_context(village_a.tenant):
        created = ServiceRequest.objects.get()
        assert created.is_walk_in is True
        assert created.events.get().actor_label == str(staff["operator"])
    assert response.status_code == 302
    assert response["Location"] == f"/staf/layanan/{created.tracking_code}/"


def test_the_leaflet_is_one_page(client_a):
    import io

    from pypdf import PdfReader

    pdf = client_a.get("/layanan/surat-keterangan-tidak-mampu/standar.pdf").content

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_documents_brought_to_the_counter_are_kept_with_a_walk_in_request(village_a, client_a, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client_a, village_a.tenant, staff["operator"])
    ktp = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp", content_type="application/pdf")

    client_a.post("/staf/layanan/loket/surat-keterangan-domisili/", {**FORM, "file_0": ktp})

    with tenant_context(village_a.tenant):
        attachment = ServiceRequest.objects.get().attachments.get()
    assert (attachment.label, attachment.content_type) == ("Fotokopi KTP-el pemohon", "application/pdf")


def test_the_staff_request_page_offers_the_next_steps_the_role_may_take(village_a, client_a, staff):
    with tenant_context(village_a.tenant):
        from modules.layanan.models import Service

        request = services.request_submit(
            village=village_a,
            service=Service.objects.get(slug="surat-keterangan-domisili"),
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
    sign_in(client_a, village_a.tenant, staff["operator"])

    page = client_a.get(f"/staf/layanan/{request.tracking_code}/").content.decode()

    assert "<dt>NIK</dt><dd>1106101203850001</dd>" in page  # staff verify it against the KTP
    assert "no-store" in client_a.get(f"/staf/layanan/{request.tracking_code}/")["Cache-Control"]
    assert '<option value="diverifikasi">Diverifikasi</option>' in page
    assert '<option value="perlu_kelengkapan">Perlu kelengkapan</option>' in page
    assert '<option value="ditolak">Ditolak</option>' in page
