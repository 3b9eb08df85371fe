import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from modules.layanan import services
from modules.layanan.letters import format_number
from modules.layanan.models import RequestStatus
from tests.conftest import host_of
from tests.modules.layanan.data import (
    NIK_MAN,
    awaiting_signature,
    page_size_mm,
    signed_letter,
)

S = RequestStatus


def test_number_format_default():
    when = timezone.datetime(2026, 11, 26, 10, 0)

    number = format_number(
        "[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]",
        code="474.4",
        sequence=7,
        village_code="11.06.10.2001",
        when=when,
    )

    assert number == "474.4/007/11.06.10.2001/XI/2026"


def test_issuing_signs_numbers_and_renders_an_f4_letter_with_a_verifying_qr(
    village_a, domisili, staff, client_a
):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])

    letter = services.letter_issue(
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="Nurul Hidayati",
        signer_position="Sekretaris Gampong",
        on_behalf_of="Keuchik Gampong Lambaro",
    )

    letter = services.letter_render_pdf(letter_id=letter.pk)
    year = timezone.localdate().year
    assert re.fullmatch(rf"474\.4/\d{{3}}/11\.06\.10\.2001/[IVX]+/{year}", letter.number)
    assert request.__class__.objects.get(pk=request.pk).status == S.COMPLETED
    assert letter.pdf.name.startswith(f"{village_a.tenant.schema_name}/layanan/surat/{year}/")
    pdf = letter.pdf.open("rb").read()
    assert page_size_mm(pdf) == (215, 330)
    assert len(letter.verification_code) >= 24 and not letter.verification_code.isdigit()

    page = client_a.get(f"/verifikasi/{letter.verification_code}/").content.decode()
    assert "BERLAKU" in page and letter.number in page and "Surat Keterangan Domisili".upper() in page
    assert NIK_MAN not in page and "Teuku Muhammad Rizal" not in page and "T**** M******* R****" in page

    services.letter_revoke(letter=letter, actor=staff["village_admin"], reason="Data alamat keliru.")
    revoked = client_a.get(f"/verifikasi/{letter.verification_code}/").content.decode()
    assert "DICABUT" in revoked and "BERLAKU" not in revoked


def test_a4_when_the_village_chooses_it(village_a, domisili, staff):
    from modules.layanan.models import ServiceSettings

    ServiceSettings.objects.filter(pk=1).update(paper_size="A4")
    letter = signed_letter(
        village=village_a, service=domisili, operator=staff["operator"], signer=staff["village_admin"]
    )

    assert page_size_mm(letter.pdf.open("rb").read()) == (210, 297)


def test_only_the_village_admin_signs(village_a, domisili, staff):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])

    with pytest.raises(PermissionDenied):
        services.letter_issue(
            request=request,
            village=village_a,
            actor=staff["operator"],
            signer_name="X",
            signer_position="Y",
            on_behalf_of="",
        )
    assert request.__class__.objects.get(pk=request.pk).status == S.AWAITING_SIGNATURE


def test_the_resident_downloads_the_letter_only_with_the_secret(village_a, domisili, staff, client_a):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    services.letter_issue(
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="T. Zulkifli",
        signer_position="Keuchik",
        on_behalf_of="",
    )

    good = client_a.get(f"/lacak/{request.tracking_code}/{request.download_secret}/surat.pdf")
    bad = client_a.get(f"/lacak/{request.tracking_code}/tebakan/surat.pdf")

    assert good.status_code == 200 and b"".join(good.streaming_content).startswith(b"%PDF")
    assert bad.status_code == 404


def test_verification_of_a_village_a_letter_is_404_on_village_b(village_a, domisili, staff, client_b):
    letter = signed_letter(
        village=village_a, service=domisili, operator=staff["operator"], signer=staff["village_admin"]
    )

    assert client_b.get(f"/verifikasi/{letter.verification_code}/").status_code == 404


def test_one_shared_counter_numbers_every_letter_type_when_the_village_chooses_it(village_a, domisili, staff):
    from modules.layanan.models import Service, ServiceSettings

    ServiceSettings.objects.filter(pk=1).update(counter_scope="shared")
    kk = Service.objects.get(slug="surat-pengantar-kk")
    first = signed_letter(
        village=village_a, service=domisili, operator=staff["operator"], signer=staff["village_admin"]
    )
    second = signed_letter(
        village=village_a, service=kk, operator=staff["operator"], signer=staff["village_admin"]
    )

    assert (first.sequence, second.sequence) == (1, 2)
    assert first.number.startswith("474.4/001/") and second.number.startswith("470/002/")


def test_the_letter_carries_a_qr_of_its_verification_page_and_the_full_nik(village_a, domisili, staff):
    """The receiving office needs the full NIK (issue 7 finding 7); public pages still mask it."""
    from django.template.loader import render_to_string

    from modules.dokumen.pdf import F4
    from modules.dokumen.qr import qr_svg
    from modules.layanan.letters import letter_context

    letter = signed_letter(
        village=village_a, service=domisili, operator=staff["operator"], signer=staff["village_admin"]
    )

    context = letter_context(letter, village_a)
    html = render_to_string("dokumen/letter_base.html", {**context, "paper": F4})

    url = context["signature"]["verification_url"]
    assert url == f"https://{host_of(village_a)}/verifikasi/{letter.verification_code}/"
    assert qr_svg(url) in html
    assert f'<td class="label">NIK</td><td class="colon">:</td><td class="value">{NIK_MAN}</td>' in html
    assert "Demikian surat keterangan ini dibuat" in html
