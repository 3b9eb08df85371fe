"""The Dokumen SOP Layanan Publik: compiled from the active standards, adopted by the head's
decree, published on the portal."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from modules.audit.models import AuditEvent
from modules.layanan import services
from modules.layanan.models import Service, SopDocument
from modules.portal.models import Official
from tests.conftest import sign_in


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_draft_lists_every_open_service_with_its_officer_and_contact(
    village_a, staff, client_a: Client
) -> None:
    with tenant_context(village_a.tenant):
        Official.objects.create(
            name="Cut Nyak Aini", position="Sekretaris Gampong", phone="0651 123456", order=2
        )
        open_services = list(Service.objects.filter(is_active=True).values_list("name", flat=True))
        Service.objects.filter(slug="surat-keterangan-domisili").update(is_active=False)
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.get("/staf/layanan/dokumen-sop/rancangan.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "RANCANGAN" in text
    assert "KEPUTUSAN KEUCHIK GAMPONG LAMBARO" in text
    assert "Cut Nyak Aini, kontak 0651 123456" in text
    assert "Surat Keterangan Domisili" not in text
    flat = " ".join(text.split())
    assert all(name in flat for name in open_services if name != "Surat Keterangan Domisili")


def test_adopting_publishes_a_numbered_version_for_residents(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post(
        "/staf/layanan/dokumen-sop/",
        {"decree_number": "141/07/KPTS/2026", "decree_date": "2026-12-01", "signer_name": "Teuku Ahmad"},
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        document = SopDocument.objects.get()
        assert (document.version, document.decree_number, document.signer_position) == (
            1,
            "141/07/KPTS/2026",
            "Keuchik",
        )
        assert AuditEvent.objects.filter(action="layanan.sop_document_adopt").count() == 1
    public = Client(HTTP_HOST=client_a.defaults["HTTP_HOST"])
    catalogue = public.get("/layanan/").content.decode()
    assert "Keputusan Keuchik Nomor 141/07/KPTS/2026" in catalogue
    pdf = public.get("/layanan-dokumen-sop.pdf")
    assert pdf.status_code == 200
    text = _text(b"".join(pdf.streaming_content))
    assert "NOMOR 141/07/KPTS/2026" in text
    assert "RANCANGAN" not in text
    assert "Teuku Ahmad" in text


def test_no_document_yet_is_a_404_not_an_error(client_a: Client) -> None:
    assert client_a.get("/layanan-dokumen-sop.pdf").status_code == 404


def test_an_operator_cannot_adopt_and_nothing_is_stored(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["operator"])

    response = client_a.post(
        "/staf/layanan/dokumen-sop/",
        {"decree_number": "1/2026", "decree_date": "2026-12-01", "signer_name": "X"},
    )

    assert response.status_code == 403
    with tenant_context(village_a.tenant):
        assert not SopDocument.objects.exists()


def test_a_decree_number_with_a_nul_byte_is_refused_next_to_the_field(
    village_a, staff, client_a: Client
) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post(
        "/staf/layanan/dokumen-sop/",
        {"decree_number": "1\x00/2026", "decree_date": "2026-12-01", "signer_name": "Teuku Ahmad"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["decree_number"]
    with tenant_context(village_a.tenant):
        assert not SopDocument.objects.exists()


def test_a_decree_dated_after_today_is_refused_next_to_the_field(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client_a.post(
        "/staf/layanan/dokumen-sop/",
        {"decree_number": "1/KPTS/2026", "decree_date": tomorrow, "signer_name": "Teuku Ahmad"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["decree_date"] == [
        "Tanggal keputusan tidak boleh sesudah hari ini."
    ]
    with tenant_context(village_a.tenant):
        assert not SopDocument.objects.exists()


def test_the_decree_is_checked_by_the_model_whoever_calls_the_service(village_a, staff, in_village_a) -> None:
    with pytest.raises(ValidationError) as refused:
        services.sop_document_adopt(
            village=village_a,
            actor=staff["village_admin"],
            decree_number="1/" + "K" * 80,
            decree_date=timezone.localdate(),
            signer_name=" ",
        )

    assert set(refused.value.message_dict) == {"decree_number", "signer_name"}
    assert not SopDocument.objects.exists()
