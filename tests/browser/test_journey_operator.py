"""The service operator's journey on a desktop, in Debian's Chromium against a real gunicorn: sign
in, see the new request counted on the staff home, open it from the worklist, ask for a document,
verify and process it once the resident has added it, record a walk-in at the counter, and call
the next queue ticket (taken by a resident on a phone) onto the office screen. Screenshots of every
step go to tests/e2e/artifacts/journey-operator-*.png."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, fill_identity, screenshot
from tests.modules.layanan.data import IDENTITY, NIK_WOMAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

NOTE = "Mohon unggah surat pengantar RT/RW yang terbaru."
SPACE_AFTER_THE_COUNT = """link => {
    const words = document.createRange();
    words.selectNodeContents(link.lastChild);
    return words.getBoundingClientRect().left - link.querySelector('strong').getBoundingClientRect().right;
}"""
DOCUMENTS_LABEL = "Unggah dokumen yang diminta (foto atau PDF, paling besar 10 MB per berkas)"


def _words(texts: list[str]) -> list[str]:
    return [" ".join(text.split()) for text in texts]


def _new_request() -> str:
    """A resident's request, submitted online, waiting at the counter."""
    from modules.layanan.models import Service
    from tests.factories import ServiceRequestFactory

    service = Service.objects.get(slug="surat-keterangan-domisili")
    return ServiceRequestFactory(
        tracking_code="JLN2-OPR3",
        service=service,
        standard=service.standards.order_by("-version").first(),
        applicant_name="Cut Nyak Dhien",
        address="Dusun Tengah, RT 01/RW 02",
        purpose="Melamar pekerjaan",
        **IDENTITY,
    ).tracking_code


def _private_path(code: str) -> str:
    from modules.layanan.models import ServiceRequest

    return f"/lacak/{code}/{ServiceRequest.objects.get(tracking_code=code).download_secret}/"


def _state(code: str) -> tuple[str, str, bool, int]:
    from modules.layanan.models import ServiceRequest

    found = ServiceRequest.objects.get(tracking_code=code)
    return found.status, found.status_reason, found.is_walk_in, found.attachments.count()


def _walk_in_of(name_hash_of: str) -> list[str]:
    from modules.layanan.models import ServiceRequest
    from modules.privasi.crypto import nik_lookup_hash

    return list(
        ServiceRequest.objects.filter(nik_hash=nik_lookup_hash(name_hash_of), is_walk_in=True).values_list(
            "tracking_code", flat=True
        )
    )


def test_an_operator_works_a_request_records_a_walk_in_and_calls_the_queue(
    server, committed, staff_page, browser, phone_photo, clean_throttle
):
    code = committed(_new_request)
    page = staff_page("operator")

    # The staff home counts the new request; the worklist leads to it.
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Ruang staf"
    waiting = _words(page.locator("ul.waiting li").all_inner_texts())
    assert waiting == ["1 permohonan baru", "0 melewati batas waktu"]
    # The count and its words stand apart (a flex link once ran them together: "1permohonan baru").
    assert page.locator("ul.waiting li a").first.evaluate(SPACE_AFTER_THE_COUNT) >= 3
    screenshot(page, "journey-operator-01-home")
    page.get_by_role("link", name="1 permohonan baru").click()
    expect(main.locator("h1")).to_have_text("Antrian permohonan")
    screenshot(page, "journey-operator-02-worklist")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(server + f"/staf/layanan/{code}/")
    assert main.locator("h1").inner_text() == f"Surat Keterangan Domisili · {code}"
    assert "Status: Diajukan" in main.inner_text()
    screenshot(page, "journey-operator-03-request")

    # "Perlu kelengkapan", with a note the resident reads.
    page.get_by_label("Status berikutnya").select_option(label="Perlu kelengkapan")
    page.get_by_label("Catatan untuk pemohon (wajib bila ditolak atau perlu kelengkapan)").fill(NOTE)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(main).to_contain_text("Status: Perlu kelengkapan")
    assert "Tersimpan." in main.inner_text()
    screenshot(page, "journey-operator-04-needs-documents")
    assert committed(lambda: _state(code)) == ("perlu_kelengkapan", NOTE, False, 0)

    # The resident reads the note on their private page, on a phone, and adds the photo.
    phone = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    phone.goto(server + committed(lambda: _private_path(code)))
    assert "Status: Perlu kelengkapan" in phone.locator("main").inner_text()
    assert NOTE in phone.locator("main").inner_text()
    phone.get_by_label(DOCUMENTS_LABEL).set_input_files(str(phone_photo("pengantar.jpg", exif=True)))
    phone.get_by_role("button", name="Kirim dokumen").click()
    expect(phone.locator("main")).to_contain_text("Dokumen diterima; permohonan kembali diperiksa petugas.")
    screenshot(phone, "journey-operator-05a-resident-adds-the-document")

    # The operator verifies and processes the request.
    page.reload()
    assert "Status: Diajukan" in main.inner_text()
    assert page.get_by_role("link", name="Dokumen susulan").count() == 1
    screenshot(page, "journey-operator-05-document-added")
    for status in ("Diverifikasi", "Diproses"):
        page.get_by_label("Status berikutnya").select_option(label=status)
        page.get_by_role("button", name="Simpan", exact=True).click()
        expect(main).to_contain_text(f"Status: {status}")
    screenshot(page, "journey-operator-06-in-process")
    assert committed(lambda: _state(code)) == ("diproses", "", False, 1)

    # A walk-in, recorded at the counter from the staff home's menu.
    page.goto(server + "/staf/")
    page.get_by_role("link", name="Catat permohonan di loket").click()
    expect(main.locator("h1")).to_have_text("Catat permohonan di loket")
    screenshot(page, "journey-operator-07-walk-in-pick")
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    page.wait_for_url(server + "/staf/layanan/loket/surat-keterangan-domisili/")
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Pocut Baren")
    page.get_by_label("NIK (16 digit)").fill(NIK_WOMAN)
    page.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Baro, RT 03/RW 01")
    page.get_by_label("Keperluan").fill("Mengurus beasiswa")
    fill_identity(page)
    screenshot(page, "journey-operator-08-walk-in-form")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url(re.compile(r"/staf/layanan/[A-Z0-9]{4}-[A-Z0-9]{4}/$"))
    walk_ins = committed(lambda: _walk_in_of(NIK_WOMAN))
    assert len(walk_ins) == 1
    assert page.url == server + f"/staf/layanan/{walk_ins[0]}/"
    assert f"Permohonan {walk_ins[0]} dicatat." in main.inner_text()
    assert "datang langsung" in main.inner_text()
    screenshot(page, "journey-operator-09-walk-in-recorded")

    # A resident takes a ticket on a phone; the operator calls it; the office screen shows it.
    phone.goto(server + "/antrian/")
    phone.get_by_role("button", name="Ambil nomor").click()
    expect(phone.locator("main h1")).to_have_text("Nomor antrian Anda")
    ticket = phone.get_by_text(re.compile(r"^A-\d{3}$")).inner_text()
    screenshot(phone, "journey-operator-10-ticket")
    page.goto(server + "/staf/layanan/")
    page.get_by_role("button", name="Panggil nomor berikutnya").click()
    expect(main).to_contain_text(f"Memanggil nomor {ticket}.")
    screenshot(page, "journey-operator-11-called")
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID").new_page()
    screen.goto(server + "/antrian/layar/")
    assert screen.get_by_text(ticket, exact=True).is_visible()
    assert "0 menunggu" in screen.locator("body").inner_text()
    screenshot(screen, "journey-operator-12-office-screen")
