"""The request form and the owner page: a refused file never makes the resident pick the others
again, and staff download documents under a generated name, never sniffed, never cached."""

import re

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from modules.berkas.models import StagedUpload
from modules.layanan import services
from modules.layanan.models import Attachment, ServiceRequest
from tests.conftest import host_of, sign_in
from tests.modules.berkas.images import heic, html_as_photo, pdf, photo, shell_as_jpeg
from tests.modules.layanan.data import IDENTITY, NIK_MAN, new_request_data

FORM_URL = "/layanan/surat-keterangan-domisili/ajukan/"
FORM = {
    "applicant_name": "Cut Nyak Dhien",
    "nik": NIK_MAN,
    "address": "Dusun Lampoh, RT 01",
    "purpose": "Beasiswa",
    "notify_channel": "none",
    **IDENTITY,
}
UNREADABLE = "Berkas ini bukan foto atau PDF yang dapat dibaca. Kirim foto (JPG, PNG, WebP, HEIC) atau PDF."


def staged_tokens(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(file_\d)__terunggah" value="([^"]+)"', page))


def test_the_file_inputs_accept_what_a_phones_picker_offers(client_a):
    page = client_a.get(FORM_URL).content.decode()

    assert page.count('accept="image/*,application/pdf,.heic,.heif"') == 3


def test_a_refused_file_keeps_the_accepted_ones_for_the_next_try(village_a, client_a):
    first = client_a.post(FORM_URL, {**FORM, "file_0": photo(), "file_1": html_as_photo(), "file_2": heic()})

    page = first.content.decode()
    assert first.status_code == 400
    assert UNREADABLE in page
    assert "Sudah terunggah:</strong> Fotokopi KTP-el pemohon" in page
    assert "Sudah terunggah:</strong> Surat pengantar RT/RW atau kepala dusun" in page
    assert 'id="id_file_0_terunggah"' in page
    assert re.search(
        r'<input type="file" name="file_0"[^>]*aria-describedby="[^"]*id_file_0_terunggah"', page
    )
    tokens = staged_tokens(page)
    assert set(tokens) == {"file_0", "file_2"}
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 0
        assert StagedUpload.objects.count() == 2

    second = client_a.post(
        FORM_URL,
        {
            **FORM,
            "file_0__terunggah": tokens["file_0"],
            "file_2__terunggah": tokens["file_2"],
            "file_1": pdf(),
        },
    )

    assert second.status_code == 302
    with tenant_context(village_a.tenant):
        request = ServiceRequest.objects.get()
        assert sorted(request.attachments.values_list("label", "content_type")) == [
            ("Fotokopi KTP-el pemohon", "image/jpeg"),
            ("Fotokopi Kartu Keluarga", "application/pdf"),
            ("Surat pengantar RT/RW atau kepala dusun", "image/jpeg"),
        ]
        assert StagedUpload.objects.count() == 0


def test_an_error_in_another_field_keeps_the_files_too(village_a, client_a):
    response = client_a.post(FORM_URL, {**FORM, "nik": "1234", "file_0": photo()})

    assert response.status_code == 400
    assert set(staged_tokens(response.content.decode())) == {"file_0"}


def test_a_staged_file_of_another_session_is_not_taken(village_a, client_a):
    page = client_a.post(FORM_URL, {**FORM, "nik": "1234", "file_0": photo()}).content.decode()
    token = staged_tokens(page)["file_0"]
    stranger = Client(HTTP_HOST=host_of(village_a))

    response = stranger.post(FORM_URL, {**FORM, "file_0__terunggah": token})

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        assert Attachment.objects.count() == 0
        assert StagedUpload.objects.count() == 1


def test_a_php_script_sent_as_jpeg_is_refused_next_to_its_field(village_a, client_a):
    response = client_a.post(FORM_URL, {**FORM, "file_0": shell_as_jpeg()})

    assert response.status_code == 400
    assert UNREADABLE in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 0
        assert StagedUpload.objects.count() == 0


def test_the_api_refuses_a_php_script_sent_as_jpeg_and_names_no_file(village_a, client_a):
    response = client_a.post(
        "/api/layanan/surat-keterangan-domisili/permohonan/",
        {**FORM, "attachments": [photo(), shell_as_jpeg()]},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"attachments": [f"Berkas ke-2: {UNREADABLE}"]}
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 0


def test_an_api_attachment_without_a_label_is_not_labelled_with_its_file_name(village_a, client_a):
    upload = photo(name="KTP_Cut_Nyak_Dhien_1106105507900002.jpg")

    response = client_a.post(
        "/api/layanan/surat-keterangan-domisili/permohonan/", {**FORM, "attachments": [upload]}
    )

    assert response.status_code == 201
    with tenant_context(village_a.tenant):
        assert list(Attachment.objects.values_list("label", flat=True)) == ["Lampiran 1"]


@pytest.fixture
def waiting_for_documents(village_a, domisili, staff):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    services.request_transition(
        request=request, to_status="perlu_kelengkapan", actor=staff["operator"], note="KK belum ada"
    )
    return request


def test_on_the_owner_page_a_refused_file_keeps_the_accepted_one(village_a, client_a, waiting_for_documents):
    request = waiting_for_documents
    url = f"/lacak/{request.tracking_code}/{request.download_secret}/"

    first = client_a.post(url, {"action": "upload", "documents": [photo(), html_as_photo()]})

    page = first.content.decode()
    assert first.status_code == 400
    assert f"Berkas ke-2: {UNREADABLE}" in page
    assert "Sudah terunggah:</strong> 1 berkas" in page
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=request.pk).status == "perlu_kelengkapan"
        assert Attachment.objects.count() == 0
    token = re.findall(r'name="documents__terunggah" value="([^"]+)"', page)

    second = client_a.post(url, {"action": "upload", "documents__terunggah": token, "documents": [pdf()]})

    assert second.status_code == 302
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.get(pk=request.pk).status == "diajukan"
        assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
            "application/pdf",
            "image/jpeg",
        ]
        assert StagedUpload.objects.count() == 0


def test_staff_download_a_document_as_an_attachment_under_a_generated_name(
    village_a, client_a, staff, domisili
):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[("KTP", pdf()), ("KK", photo(name="KK_Rizal_1106101203850001.jpg"))],
        actor=None,
        idempotency_key="",
    )
    second = request.attachments.order_by("pk")[1]
    sign_in(client_a, village_a.tenant, staff["operator"])

    response = client_a.get(f"/staf/layanan/{request.tracking_code}/berkas/{second.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="berkas-{request.tracking_code}-2.jpg"'
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # decrypted: a JPEG again
    assert "1106101203850001" not in str(response.headers)
