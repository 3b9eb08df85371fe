"""The PPID officer's journey on a desktop, in Debian's Chromium against a real gunicorn: sign in,
find on the staff home only what that role may open (every menu link answers), and meet the
friendly 403 page, in Indonesian and inside the site's layout, on a page of the service counter;
then open the request register, extend a request once with a reason and find that it cannot be
extended again (the form gone, a forged second POST refused with the law's message), try to refuse
it without an exemption ground and read the message next to the ground, refuse it with a ground and
download the decision letter. Screenshots go to tests/e2e/artifacts/journey-ppid-*.png."""

import base64
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, menu_statuses, screenshot
from tests.browser.test_accessibility import serious_violations, small_staff_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

COUNTER_PAGES = [
    "/staf/layanan/",
    "/staf/layanan/loket/",
    "/staf/layanan/katalog/",
    "/staf/layanan/pengaturan/",
    "/staf/profil/",
]


def test_a_ppid_officer_sees_only_the_pages_of_the_role(server, committed, staff_page):
    page = staff_page("ppid_officer")
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Ruang staf"
    role_line = main.locator("p.sub").first.inner_text()
    assert role_line == "Uji Jalan ppid_officer · Petugas PPID · Gampong Lambaro"
    # The PPID's counts wait here even at zero (staff_pages.ppid_waiting), each a link to the register.
    assert [" ".join(text.split()) for text in main.locator("ul.waiting li").all_inner_texts()] == [
        "0 permohonan informasi terbuka",
        "0 permohonan informasi terlambat",
        "0 permohonan informasi hampir jatuh tempo",
    ]
    screenshot(page, "journey-ppid-01-home")

    statuses = menu_statuses(page, server)
    assert statuses == {
        "Permohonan informasi (PPID)": 200,
        "Catat permohonan informasi lisan atau tertulis": 200,
        "Keberatan informasi": 200,
        "Daftar Informasi Publik (DIP)": 200,
        "Daftar periksa informasi wajib berkala": 200,
        "Pengumuman serta-merta": 200,
        "Register permohonan dan keberatan": 200,
        "Laporan tahunan PPID": 200,
        # The PPID reads the action plan it keeps in the DIP.
        "Rencana aksi pelayanan": 200,
        "Ganti kata sandi": 200,
    }

    # A page of the service counter: the friendly 403, in the layout, with the way back.
    statuses = {path: page.goto(server + path).status for path in COUNTER_PAGES}
    assert statuses == dict.fromkeys(COUNTER_PAGES, 403)
    page.goto(server + "/staf/layanan/")
    expect(main.locator("h1")).to_have_text("Halaman ini bukan untuk peran Anda")
    assert main.locator("p.sub").inner_text() == (
        "Akun Anda (Petugas PPID) tidak berwenang membuka halaman ini. Bila Anda memerlukannya, "
        "minta admin gampong atau kabupaten mengubah peran Anda."
    )
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("header").inner_text().startswith("Gampong Lambaro")
    screenshot(page, "journey-ppid-02-forbidden")
    page.get_by_role("link", name="Kembali ke ruang staf").click()
    page.wait_for_url(server + "/staf/")
    assert main.locator("h1").inner_text() == "Ruang staf"


# The PDF fetched by the page itself (its session, its host mapping), as base64.
DOWNLOAD = """async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return {status: response.status, type: response.headers.get("content-type"), body: btoa(text)};
}"""
# A second extension sent anyway (an old tab, a forged form): the page's own CSRF token, a form
# that the page no longer offers.
FORGED_EXTEND = """() => {
    const form = document.createElement("form");
    form.method = "post";
    const fields = {
        csrfmiddlewaretoken: document.querySelector("[name=csrfmiddlewaretoken]").value,
        action: "extend",
        "extend-days": "3",
        "extend-reason": "Sekali lagi.",
    };
    for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
}"""


def _new_request(village: Any) -> dict[str, str]:
    from tests.modules.ppid.data import submit_request

    found = submit_request(village, requester_name="Cut Nyak Meutia")
    return {"code": found.tracking_code, "number": found.registration_number}


def test_the_officer_extends_once_refuses_with_a_ground_and_downloads_the_letter(
    server, committed, staff_page, village_a
):
    request = committed(lambda: _new_request(village_a))
    page = staff_page("ppid_officer")
    main = page.locator("main")
    expect(main.locator("ul.waiting li").first).to_have_text("1 permohonan informasi terbuka")

    page.get_by_role("link", name="Permohonan informasi (PPID)").click()
    expect(main.locator("h1")).to_have_text("Register permohonan informasi")
    row = main.locator(f'tr[data-code="{request["code"]}"]')
    expect(row).to_contain_text("Cut Nyak Meutia")
    assert "1106101203850001" not in main.inner_text()  # no NIK in the register
    screenshot(page, "journey-ppid-03-register")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    row.get_by_role("link", name=request["number"]).click()
    expect(main.locator("h1")).to_have_text(f"Permohonan {request['number']}")
    screenshot(page, "journey-ppid-04-request")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    # One extension, with the reason the requester reads.
    page.get_by_label("Diperpanjang (hari kerja)").fill("5")
    page.get_by_label("Alasan perpanjangan (dibaca pemohon)").fill("Dokumen APBG masih di kantor camat.")
    page.get_by_role("button", name="Perpanjang").click()
    expect(page.locator(".messages")).to_contain_text("Tersimpan.")
    expect(main.locator(".ppid-extended")).to_contain_text("Sudah diperpanjang sekali sampai")
    expect(main.locator(".ppid-extended")).to_contain_text("Dokumen APBG masih di kantor camat.")
    expect(page.get_by_role("button", name="Perpanjang")).to_have_count(0)
    screenshot(page, "journey-ppid-05-extended")

    # A second extension sent anyway: the law's message, nothing changed.
    with page.expect_navigation():
        page.evaluate(FORGED_EXTEND)
    expect(main.locator("#refusal")).to_contain_text("sudah pernah diperpanjang")
    expect(page.get_by_role("button", name="Perpanjang")).to_have_count(0)
    expect(main.locator(".ppid-extended")).to_contain_text("Dokumen APBG masih di kantor camat.")
    screenshot(page, "journey-ppid-06-second-extension")

    # A refusal without the exemption ground: the message next to the ground field.
    decision = page.locator("#ppid-decision")
    decision.get_by_label("Ditolak").check()
    expect(decision.get_by_label("Badan publik yang menguasai informasi")).to_be_hidden()  # decision.js
    decision.get_by_label("Jawaban untuk pemohon").fill("Informasi yang diminta memuat data pribadi warga.")
    decision.get_by_label("Uji konsekuensi").fill("Membuka NIK penerima mengungkap rahasia pribadi mereka.")
    decision.get_by_role("button", name="Simpan keputusan dan buat surat").click()
    ground_error = page.locator("#id_decide-exemption_ground_error")
    expect(ground_error).to_contain_text("Penolakan wajib menyebut dasar pengecualian")
    screenshot(page, "journey-ppid-07-refusal-without-ground")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    decision = page.locator("#ppid-decision")
    decision.get_by_label("Dasar pengecualian (UU 14/2008 Pasal 17)").select_option("17h")
    decision.get_by_role("button", name="Simpan keputusan dan buat surat").click()
    expect(page.locator(".messages")).to_contain_text("Tersimpan.")
    expect(main).to_contain_text("Pasal 17 huruf h: mengungkap rahasia pribadi")
    expect(page.locator("#ppid-decision")).to_have_count(0)
    screenshot(page, "journey-ppid-08-refused")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    letter = page.get_by_role("link", name="Unduh surat keputusan PPID (PDF)")
    pdf = page.evaluate(DOWNLOAD, letter.get_attribute("href"))
    assert (pdf["status"], pdf["type"]) == (200, "application/pdf")
    assert base64.b64decode(pdf["body"]).startswith(b"%PDF")


def test_the_officer_fills_a_mandatory_entry_and_announces_a_hazard(server, committed, staff_page):
    page = staff_page("ppid_officer")
    main = page.locator("main")
    page.get_by_role("link", name="Daftar periksa informasi wajib berkala").click()
    expect(main.locator("h1")).to_have_text("Daftar periksa informasi wajib berkala")
    first = main.locator("ul.ppid-checklist > li").filter(has_text="belum ada").first
    entry = first.locator("strong").first.inner_text()
    screenshot(page, "journey-ppid-09-checklist")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    first.get_by_role("link", name="Tambahkan").click()
    expect(main.locator("h1")).to_have_text("Tambah informasi ke DIP")
    assert (
        page.get_by_label("Memenuhi informasi wajib berkala").locator("option:checked").inner_text() == entry
    )
    # An exempt item hides nothing from the ground (decision.js); a periodic one hides it.
    expect(page.get_by_label("Dasar hukum pengecualian (UU 14/2008 Pasal 17)")).to_be_hidden()
    page.get_by_label("Judul informasi").fill(f"{entry} 2026")
    page.get_by_label("Ringkasan isi informasi").fill("Dokumen resmi gampong tahun 2026.")
    page.get_by_label("Pejabat atau unit yang menguasai informasi").fill("Sekretaris Gampong")
    page.get_by_label("Penanggung jawab pembuatan atau penerbitan").fill("PPID Gampong")
    page.get_by_label("Waktu pembuatan").fill("Januari 2026")
    page.get_by_label("Tempat pembuatan").fill("Kantor Keuchik Lambaro")
    page.get_by_label("Jangka waktu penyimpanan").fill("5 tahun")
    page.get_by_label("Berkas (PDF atau gambar)").set_input_files(
        {"name": "dokumen.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 isi"}
    )
    screenshot(page, "journey-ppid-10-item-form")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text(f"Informasi {entry} 2026 tersimpan.")
    expect(main.get_by_role("link", name=f"{entry} 2026")).to_be_visible()
    screenshot(page, "journey-ppid-11-dip")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    page.get_by_role("link", name="Serta-merta").click()
    expect(main.locator("h1")).to_have_text("Pengumuman serta-merta")
    fields = {
        "Judul pengumuman": "Banjir di Dusun Lampoh Keude",
        "Potensi bahaya dan dampaknya": "Air Krueng Aceh naik; rumah di bantaran tergenang.",
        "Pihak dan wilayah yang berpotensi terdampak": "Warga Dusun Lampoh Keude di bantaran sungai.",
        "Prosedur dan tempat evakuasi": "Mengungsi ke meunasah Lambaro.",
        "Cara menghindari bahaya dan dampaknya": "Matikan listrik, jauhi sungai.",
        "Cara memperoleh bantuan": "Posko di kantor keuchik.",
        "Pihak yang mengumumkan": "Keuchik Lambaro",
        "Cara pengumuman disampaikan": "Portal, pengeras suara meunasah",
        "Langkah yang telah dilakukan untuk menanggulangi": "Karung pasir dipasang di tanggul.",
    }
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Umumkan sekarang").click()
    expect(page.locator(".messages")).to_contain_text("Pengumuman serta-merta diterbitkan")
    screenshot(page, "journey-ppid-12-announced")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []
    page.get_by_role("button", name="Cabut pengumuman").click()
    expect(page.locator(".messages")).to_contain_text("Pengumuman Banjir di Dusun Lampoh Keude dicabut.")
    expect(page.get_by_role("button", name="Cabut pengumuman")).to_have_count(0)
