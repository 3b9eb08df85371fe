"""The village admin's journey on a desktop, in Debian's Chromium against a real gunicorn: sign in,
correct an applicant's detail before signing, sign the letter, open it for printing, revoke it with
a reason (its verification page says why), re-issue it under a new number (the old one names its
replacement), edit a service standard (a new version appears), and follow every menu link of the
staff home (none answers 403/404/500). Screenshots go to tests/e2e/artifacts/journey-admin-*.png."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, menu_statuses, screenshot
from tests.modules.layanan.data import IDENTITY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

CODE = "JLN2-ADM3"
REASON = "Alamat pada surat salah; diganti dengan surat yang benar."
FIRST_BYTES = """async (url) => {
    const response = await fetch(url);
    const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
    return {status: response.status, type: response.headers.get('content-type'),
            head: String.fromCharCode(...head),
            disposition: response.headers.get('content-disposition')};
}"""


def _awaiting_signature() -> None:
    from modules.layanan.models import RequestStatus, Service
    from tests.factories import ServiceRequestFactory

    service = Service.objects.get(slug="surat-keterangan-domisili")
    ServiceRequestFactory(
        tracking_code=CODE,
        service=service,
        standard=service.standards.order_by("-version").first(),
        status=RequestStatus.AWAITING_SIGNATURE,
        applicant_name="Teuku Nyak Arief",
        address="Dusun Mesjid, RT 01/RW 01",
        purpose="Mengurus paspor",
        **IDENTITY,
    )


def _letters() -> list[dict[str, Any]]:
    from modules.layanan.models import Letter

    return list(
        Letter.objects.filter(request__tracking_code=CODE)
        .order_by("pk")
        .values("number", "verification_code", "is_revoked", "revoke_reason")
    )


def _request_address() -> str:
    from modules.layanan.models import ServiceRequest

    return ServiceRequest.objects.get(tracking_code=CODE).address


def _versions() -> list[tuple[int, int]]:
    from modules.layanan.models import ServiceStandard

    return list(
        ServiceStandard.objects.filter(service__slug="surat-keterangan-domisili")
        .order_by("version")
        .values_list("version", "time_limit_days")
    )


def _sign(page: Any) -> None:
    page.get_by_label("Nama penanda tangan").fill("Teuku Zulkifli")
    page.get_by_label("Jabatan").fill("Keuchik")
    page.get_by_role("button", name="Tanda tangani dan terbitkan").click()


def test_a_village_admin_corrects_signs_revokes_and_reissues_a_letter_and_edits_a_standard(
    server, committed, staff_page
):
    committed(_awaiting_signature)
    versions = committed(_versions)
    assert [version for version, _days in versions] == [1]
    page = staff_page("village_admin")
    main = page.locator("main")
    screenshot(page, "journey-admin-01-home")

    # A service standard edited: a new version.
    page.get_by_role("link", name="Katalog layanan dan standar").click()
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    # Loaded before anything is typed: a submit clicked while the page still loads may go nowhere.
    page.wait_for_url(server + "/staf/layanan/katalog/surat-keterangan-domisili/")
    expect(main).to_contain_text("Standar versi 1.")
    screenshot(page, "journey-admin-01b-standard-form")
    page.get_by_label("Jangka waktu (hari kerja)").fill("5")
    page.get_by_role("button", name="Simpan").click()
    expect(main).to_contain_text("Layanan Surat Keterangan Domisili tersimpan.")
    row = main.locator("li").filter(has=page.get_by_role("link", name="Surat Keterangan Domisili"))
    assert "versi 2 · dibuka" in row.inner_text()
    screenshot(page, "journey-admin-01c-standard-v2")
    assert committed(_versions) == [*versions, (2, 5)]

    # The request awaiting signature, from the staff home.
    page.goto(server + "/staf/")
    page.get_by_role("link", name="1 menunggu tanda tangan").click()
    expect(main.locator("h1")).to_have_text("Antrian permohonan")
    page.get_by_role("link", name=CODE).click()
    page.wait_for_url(server + f"/staf/layanan/{CODE}/")
    assert "Status: Menunggu tanda tangan" in main.inner_text()
    screenshot(page, "journey-admin-02-request")

    # A detail corrected before signing.
    page.get_by_text("Koreksi data pemohon", exact=True).click()
    correction = page.locator("form").filter(has=page.get_by_role("button", name="Simpan koreksi"))
    correction.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Baro, RT 03/RW 02")
    screenshot(page, "journey-admin-03-correction")
    page.get_by_role("button", name="Simpan koreksi").click()
    expect(main).to_contain_text("Data pemohon dikoreksi.")
    assert page.locator("dl.contact").inner_text().count("Dusun Baro, RT 03/RW 02") == 1
    assert committed(_request_address) == "Dusun Baro, RT 03/RW 02"

    # A preview of the exact PDF before signing: marked PRATINJAU, it numbers and stores nothing.
    page.get_by_label("Nama penanda tangan").fill("Teuku Zulkifli")
    page.get_by_label("Jabatan").fill("Keuchik")
    with (
        page.context.expect_event(
            "response", predicate=lambda response: "/pratinjau" in response.url
        ) as previewed,
        page.context.expect_page() as preview_tab,
    ):
        page.get_by_role("button", name="Pratinjau PDF").click()
    assert previewed.value.status == 200
    assert previewed.value.headers["content-type"] == "application/pdf"
    assert previewed.value.headers["content-disposition"] == f'inline; filename="pratinjau-{CODE}.pdf"'
    preview_tab.value.close()
    assert committed(_letters) == []

    # Signed: the letter is in force and opens as a PDF for printing.
    _sign(page)
    expect(main).to_contain_text("Status: Selesai")
    assert "Tersimpan." in main.inner_text()
    [first] = committed(_letters)
    letters = page.locator("ul.letters li")
    assert letters.count() == 1
    assert f"{first['number']} ·" in letters.first.inner_text()
    assert "berlaku" in letters.first.inner_text()
    screenshot(page, "journey-admin-04-signed")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Buka untuk dicetak").click()
    printed = opened.value
    printed.wait_for_load_state()
    assert printed.url.startswith(server + f"/staf/layanan/{CODE}/surat/")
    assert printed.evaluate(FIRST_BYTES, printed.url) == {
        "status": 200,
        "type": "application/pdf",
        "head": "%PDF-",
        "disposition": f'inline; filename="surat-{CODE}-{printed.url.split("/")[-2]}.pdf"',
    }
    printed.close()
    download = page.get_by_role("link", name="Unduh PDF").get_attribute("href")
    assert page.evaluate(FIRST_BYTES, download) == {
        "status": 200,
        "type": "application/pdf",
        "head": "%PDF-",
        "disposition": f'attachment; filename="surat-{CODE}-{download.split("/")[-2]}.pdf"',
    }

    # Revoked with a reason: the verification page says so.
    page.get_by_label("Alasan pencabutan (dibaca pemohon dan tampil di halaman verifikasi)").fill(REASON)
    page.get_by_role("button", name="Cabut surat").click()
    expect(main).to_contain_text("Status: Surat dicabut")
    assert f"Alasan pencabutan: {REASON}" in letters.first.inner_text()
    screenshot(page, "journey-admin-05-revoked")
    page.goto(server + f"/verifikasi/{first['verification_code']}/")
    verification = main.inner_text()
    assert "DICABUT — surat ini sudah dicabut dan tidak berlaku." in verification
    assert f"Alasan pencabutan: {REASON}" in verification
    screenshot(page, "journey-admin-06-verify-revoked")

    # Re-issued: back to signature, signed again under a new number; the old one names it.
    page.goto(server + f"/staf/layanan/{CODE}/")
    page.get_by_label("Status berikutnya").select_option(label="Menunggu tanda tangan")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(main).to_contain_text("Status: Menunggu tanda tangan")
    _sign(page)
    expect(main).to_contain_text("Status: Selesai")
    old, new = committed(_letters)
    assert old["number"] == first["number"] and old["is_revoked"] and not new["is_revoked"]
    assert new["number"] != old["number"]
    assert letters.count() == 2
    assert f"dicabut, diganti dengan surat nomor {new['number']}" in main.inner_text()
    screenshot(page, "journey-admin-07-reissued")
    page.goto(server + f"/verifikasi/{old['verification_code']}/")
    assert f"Diganti dengan surat nomor {new['number']}." in main.inner_text()
    screenshot(page, "journey-admin-08-verify-replaced")
    page.goto(server + f"/verifikasi/{new['verification_code']}/")
    assert "BERLAKU — surat ini asli dan diterbitkan oleh gampong Lambaro." in main.inner_text()
    assert new["number"] in main.inner_text()


def test_every_link_of_the_village_admins_menu_opens(server, committed, staff_page):
    page = staff_page("village_admin")
    screenshot(page, "journey-admin-11-menu")

    assert menu_statuses(page, server) == {
        "Daftar permohonan layanan": 200,
        "Catat permohonan di loket": 200,
        "Katalog layanan dan standar": 200,
        "Pengaturan surat dan maklumat": 200,
        "Dokumen SOP Layanan Publik": 200,
        "Daftar pengaduan": 200,
        "Catat pengaduan dari saluran lain": 200,
        "Buku Catatan Aduan Masyarakat": 200,
        "Kategori pengaduan": 200,
        "Batas waktu pengaduan": 200,
        "Hari kerja dan libur": 200,
        "Profil dan logo": 200,
        "Perangkat dan kontak": 200,
        # A small village's admin may act as its PPID.
        "Permohonan informasi (PPID)": 200,
        "Catat permohonan informasi lisan atau tertulis": 200,
        "Keberatan informasi": 200,
        "Daftar Informasi Publik (DIP)": 200,
        "Daftar periksa informasi wajib berkala": 200,
        "Pengumuman serta-merta": 200,
        "Register permohonan dan keberatan": 200,
        "Laporan tahunan PPID": 200,
        "Survei kepuasan (SKM/IKM)": 200,
        "Rencana tindak lanjut SKM": 200,
        "Kios survei": 200,
        "Jajak pendapat warga": 200,
        "Rencana aksi pelayanan": 200,
        "Kunci API Open311 pengaduan": 200,
        "Ganti kata sandi": 200,
    }
