import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from PIL import Image

from modules.layanan import services
from modules.portal.models import VillageProfile
from modules.portal.selectors import logo_data_url
from tests.conftest import sign_in
from tests.modules.layanan.data import new_request_data


def png_logo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (11, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_the_village_admin_edits_the_profile_and_logo(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post(
        "/staf/profil/",
        {
            "about": "Gampong di jalur Banda Aceh–Medan.",
            "address": "Jl. Banda Aceh–Medan Km 7,5",
            "phone": "0651-123401",
            "email": "kantor@lambaro.desa.id",
            "office_hours": "Senin–Kamis",
            "logo": png_logo(),
        },
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        profile = VillageProfile.objects.get(pk=1)
        assert profile.logo.name.startswith(f"{village_a.tenant.schema_name}/portal/logo")
        assert logo_data_url(profile).startswith("data:image/png;base64,")
    home = client_a.get("/").content.decode()
    assert "Gampong di jalur Banda Aceh–Medan." in home and "0651-123401" in home


def test_the_letter_carries_the_logo(village_a, domisili, staff):
    profile = VillageProfile.objects.get(pk=1)
    profile.logo.save("logo.png", png_logo(), save=True)
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    for status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
        request = services.request_transition(
            request=request, to_status=status, actor=staff["operator"], note=""
        )

    letter = services.letter_issue(
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="Teuku Zulkifli",
        signer_position="Keuchik",
        on_behalf_of="",
    )
    letter = services.letter_render_pdf(letter_id=letter.pk)

    assert b"/Subtype /Image" in letter.pdf.open("rb").read()


@pytest.mark.parametrize("role", ["operator", "ppid_officer", "ppid_superior"])
def test_only_the_village_admin_edits_the_profile(village_a, client_a, staff, role):
    sign_in(client_a, village_a.tenant, staff[role])

    assert client_a.post("/staf/profil/", {"about": "diubah"}).status_code == 403
    with tenant_context(village_a.tenant):
        assert VillageProfile.objects.get(pk=1).about != "diubah"


def test_the_profile_page_of_village_a_is_not_village_b(village_b, client_b):
    assert client_b.get("/staf/profil/").status_code == 302  # B's sign-in, never A's profile
