"""Issue 7 finding 7: the customary layout of a village letter — letterhead, title and number,
"Yang bertanda tangan di bawah ini ... menerangkan bahwa:", the identity table the letter type
needs (full NIK), the body, the closing of its kind, the signer from the village's officials, a
QR with a caption — and a preview of that exact PDF before signing."""

import io
import re
from pathlib import Path

from django_tenants.utils import tenant_context
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.layanan import services
from modules.layanan.models import Letter, RequestStatus, Service, ServiceRequest
from modules.portal.models import Official
from tests.conftest import host_of, sign_in
from tests.modules.layanan.data import IDENTITY, NIK_MAN, new_request_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "e2e" / "artifacts"
FORM = {
    "applicant_name": "Teuku Muhammad Rizal",
    "nik": NIK_MAN,
    "address": "Dusun Mesjid, RT 02/RW 01",
    "purpose": "Melamar pekerjaan",
    "notify_channel": "none",
    **IDENTITY,
}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _keep(name: str, pdf: bytes) -> None:
    """Kept for a person to look at (tests/e2e/artifacts is ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf)


def _awaiting(village, slug, **overrides):
    with tenant_context(village.tenant):
        service = Service.objects.get(slug=slug)
        created = services.request_submit(
            village=village,
            service=service,
            data=new_request_data(**overrides),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
        ServiceRequest.objects.filter(pk=created.pk).update(status=RequestStatus.AWAITING_SIGNATURE)
    return created


def _sign(client, created):
    client.post(
        f"/staf/layanan/{created.tracking_code}/",
        {
            "action": "sign",
            "signer_name": "T. Zulkifli",
            "signer_position": "Keuchik Gampong Lambaro",
            "on_behalf_of": "",
        },
    )
    return client.get(f"/staf/layanan/{created.tracking_code}/surat/{_letter(created).pk}/").content


def _letter(created):
    return Letter.objects.using("default").get(request_id=created.pk)


def test_a_surat_keterangan_reads_as_the_customary_village_letter(village_a, client_a, staff):
    created = _awaiting(village_a, "surat-keterangan-domisili")
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])

    with tenant_context(village_a.tenant):
        pdf = _sign(client_a, created)
        letter = _letter(created)
    _keep("letter-domisili.pdf", pdf)
    text = _text(pdf)

    assert "PEMERINTAH KABUPATEN ACEH BESAR" in text and "GAMPONG LAMBARO" in text
    assert f"SURAT KETERANGAN DOMISILI Nomor: {letter.number}" in text
    assert (
        "Yang bertanda tangan di bawah ini, Keuchik Gampong Lambaro, Kecamatan Ingin Jaya, "
        "Kabupaten Aceh Besar, menerangkan bahwa:"
    ) in text
    assert re.search(
        rf"Nama : Teuku Muhammad Rizal NIK : {NIK_MAN} Tempat/tanggal lahir : Banda Aceh, 12 Maret 1985 "
        r"Jenis kelamin : Laki-laki Agama : Islam Pekerjaan : Wiraswasta Status perkawinan : Kawin "
        r"Alamat : Dusun Mesjid, RT 02/RW 01",
        text,
    )
    assert "Orang tersebut di atas benar berdomisili di Dusun Mesjid, RT 02/RW 01, Gampong Lambaro" in text
    assert text.count("Demikian surat keterangan ini dibuat dengan sebenarnya") == 1
    assert f"Pindai untuk memeriksa keaslian surat ini di {host_of(village_a)}" in text
    assert "Keuchik Gampong Lambaro, T. Zulkifli" in text


def test_a_pengantar_closes_as_a_pengantar_and_asks_only_what_it_needs(village_a, client_a, staff):
    created = _awaiting(village_a, "surat-pengantar-kk")
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])

    with tenant_context(village_a.tenant):
        text = _text(_sign(client_a, created))
        stored = ServiceRequest.objects.get(pk=created.pk)

    assert "Demikian surat pengantar ini diberikan" in text and "surat keterangan ini dibuat" not in text
    assert "Status perkawinan : Kawin" in text
    assert "Agama" not in text and "Pekerjaan" not in text
    assert stored.religion == "" and stored.occupation == ""  # what the letter does not need is not kept


def test_the_form_asks_for_the_identity_the_letter_needs_and_refuses_it_missing(village_a, client_a):
    form = client_a.get("/layanan/surat-keterangan-domisili/ajukan/").content.decode()
    incomplete = {key: value for key, value in FORM.items() if key not in ("religion", "birth_date")}

    response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", incomplete)

    assert 'name="birth_place"' in form and 'type="date"' in form and 'name="marital_status"' in form
    assert response.status_code == 400
    with tenant_context(village_a.tenant):
        assert not ServiceRequest.objects.exists()


def test_the_api_refuses_an_unknown_religion_next_to_the_field(village_a, client_a):
    payload = {key: value for key, value in FORM.items() if key != "notify_channel"}

    response = client_a.post(
        "/api/layanan/surat-keterangan-domisili/permohonan/",
        {**payload, "religion": "lainnya"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "religion" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert not ServiceRequest.objects.exists()


def test_the_identity_is_encrypted_at_rest(village_a):
    created = _awaiting(village_a, "surat-keterangan-domisili")

    with tenant_context(village_a.tenant):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT birth_place, occupation FROM layanan_servicerequest WHERE id = %s", [created.pk]
            )
            birth_place, occupation = cursor.fetchone()

    assert "Banda Aceh" not in birth_place and "Wiraswasta" not in occupation


def test_the_verification_page_still_masks_the_nik(village_a, client_a, staff):
    created = _awaiting(village_a, "surat-keterangan-domisili")
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])
    with tenant_context(village_a.tenant):
        _sign(client_a, created)
        letter = _letter(created)

    page = client_a.get(f"/verifikasi/{letter.verification_code}/").content.decode()

    assert NIK_MAN not in page and "Banda Aceh" not in page and "Teuku Muhammad Rizal" not in page


def test_the_signer_is_prefilled_from_the_village_head(village_a, client_a, staff):
    with tenant_context(village_a.tenant):
        Official.objects.filter(is_head=True).update(is_head=False)
        Official.objects.create(name="Tgk. Ilyas Daud", position="Keuchik", is_head=True)
    created = _awaiting(village_a, "surat-keterangan-domisili")
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])

    page = client_a.get(f"/staf/layanan/{created.tracking_code}/").content.decode()

    assert 'name="signer_name" value="Tgk. Ilyas Daud"' in page
    assert 'name="signer_position" value="Keuchik Gampong Lambaro"' in page


def test_staff_preview_the_exact_pdf_before_signing_with_no_number_and_no_qr(village_a, client_a, staff):
    created = _awaiting(village_a, "surat-keterangan-domisili")
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])

    page = client_a.get(f"/staf/layanan/{created.tracking_code}/").content.decode()
    response = client_a.post(
        f"/staf/layanan/{created.tracking_code}/pratinjau-surat/",
        {"signer_name": "Tgk. Ilyas Daud", "signer_position": "Keuchik Gampong Lambaro", "on_behalf_of": ""},
    )

    assert f'formaction="/staf/layanan/{created.tracking_code}/pratinjau-surat/"' in page
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _keep("letter-preview.pdf", response.content)
    text = _text(response.content)
    assert (
        "P R A T I N J A U" in text and "Nomor: …/…/…/…" in text
    )  # letter-spaced watermark and "Pindai untuk" not in text
    assert f"NIK : {NIK_MAN}" in text and "Keuchik Gampong Lambaro, Tgk. Ilyas Daud" in text
    with tenant_context(village_a.tenant):
        assert not Letter.objects.exists()
        assert ServiceRequest.objects.get(pk=created.pk).status == RequestStatus.AWAITING_SIGNATURE
