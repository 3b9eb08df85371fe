"""The complaint officer's journey on a desktop, in Debian's Chromium against a real gunicorn: record
a complaint that came by phone, verify it, follow it up and close it, each step with the response
the reporter reads; the reporter, on a phone, answers "belum" on the private page the link opens and
the complaint is open again with the reporter's note; the complaint's page on the public board holds
each step and no identity; the complaint book PDF lists it. Screenshots go to
tests/e2e/artifacts/journey-complaint-*.png."""

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import CHROMIUM, screenshot
from tests.browser.test_accessibility import small_staff_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

REPORTER, PHONE = "Teuku Nyak Arief", "081366660001"
TITLE = "Jembatan kayu Dusun Baro patah"
# The PDF fetched by the page itself (its session, its host mapping), as base64.
DOWNLOAD = """async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return {status: response.status, type: response.headers.get("content-type"), body: btoa(text)};
}"""
STEPS = [
    ("Diverifikasi", "Sudah kami cek ke lokasi."),
    ("Ditindaklanjuti", "Tim pembangunan gampong memasang papan baru minggu ini."),
    ("Selesai", "Papan jembatan sudah diganti."),
]


def _step(page: Any, label: str, response: str) -> None:
    form = page.locator("form.step").filter(has=page.get_by_role("button", name=f"Ubah menjadi: {label}"))
    form.get_by_label("Tanggapan untuk pelapor").fill(response)
    form.get_by_label("Catatan internal (hanya staf)").fill(f"Catatan internal: {label}")
    form.get_by_role("button", name=f"Ubah menjadi: {label}").click()
    expect(page.locator(".messages")).to_contain_text("Tersimpan.")
    expect(page.locator(".card").first).to_contain_text(label)


def _complaint() -> dict[str, Any]:
    from modules.pengaduan.models import Complaint

    return Complaint.objects.filter(title=TITLE).values("tracking_code", "secret", "status", "channel").get()


def test_a_complaint_officer_records_a_phone_complaint_and_takes_it_to_the_end(
    server, committed, staff_page, page
):
    phone = page  # the reporter's
    page = staff_page("complaint_officer")  # the officer's desktop

    page.get_by_role("link", name="Catat pengaduan dari saluran lain").click()
    assert small_staff_tap_targets(page) == []
    page.get_by_label("Diterima lewat").select_option(label="Telepon")
    page.get_by_label("Kategori").select_option(label="Infrastruktur (jalan, jembatan, saluran air)")
    page.get_by_label("Judul singkat").fill(TITLE)
    page.get_by_label("Uraian pengaduan").fill("Dua papan patah, anak sekolah menyeberang setiap pagi.")
    page.get_by_label("Lokasi masalah").fill("Dusun Baro, dekat meunasah")
    page.get_by_label("Dengan nama").check()
    page.get_by_label("Nama pelapor").fill(REPORTER)
    page.get_by_label("Nomor HP pelapor").fill(PHONE)
    screenshot(page, "journey-complaint-record")
    page.get_by_role("button", name="Catat pengaduan").click()

    expect(page.locator(".messages")).to_contain_text("dicatat")
    recorded = committed(_complaint)
    assert (recorded["status"], recorded["channel"]) == ("diterima", "telepon")
    expect(page.locator(".reporter")).to_contain_text(REPORTER)
    assert small_staff_tap_targets(page) == []
    for label, response in STEPS:
        _step(page, label, response)
    screenshot(page, "journey-complaint-closed")

    # The reporter follows the private link on a phone and answers "Sudah diperbaiki?".
    phone.goto(f"{server}/pengaduan/{recorded['tracking_code']}/{recorded['secret']}/")
    expect(phone.locator("form.feedback")).to_be_visible()
    phone.get_by_label("Belum", exact=True).check()
    phone.get_by_label("2 — kurang").check()
    phone.get_by_label("Catatan").fill("Papan sisi utara masih goyang.")
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.locator("main")).to_contain_text("Papan sisi utara masih goyang.")
    screenshot(phone, "journey-complaint-reporter-belum")
    assert committed(_complaint)["status"] == "ditindaklanjuti"
    page.reload()
    expect(page.locator(".card").first).to_contain_text("Ditindaklanjuti")
    expect(page.locator(".timeline")).to_contain_text("Papan sisi utara masih goyang.")
    expect(page.get_by_role("button", name="Ubah menjadi: Selesai")).to_be_visible()
    screenshot(page, "journey-complaint-reopened")

    phone.goto(f"{server}/pengaduan/{recorded['tracking_code']}/")
    public = phone.locator("main").inner_text()
    screenshot(phone, "journey-complaint-board-page")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "overflows the phone"
    for _label, response in STEPS:
        assert response in public
    assert "Papan sisi utara masih goyang." in public
    assert REPORTER not in public and "Catatan internal" not in public and "66660001" not in public

    page.goto(server + "/staf/pengaduan/")
    expect(page.locator("ul.queue")).to_contain_text(recorded["tracking_code"])
    assert small_staff_tap_targets(page) == []
    page.get_by_role("link", name="Buku pengaduan").click()
    expect(page.locator("table.book")).to_contain_text(recorded["tracking_code"])
    screenshot(page, "journey-complaint-book")
    assert small_staff_tap_targets(page) == []
    pdf = page.evaluate(DOWNLOAD, page.get_by_role("link", name="PDF untuk dicetak").get_attribute("href"))
    reader = PdfReader(io.BytesIO(base64.b64decode(pdf["body"])))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert (pdf["status"], pdf["type"]) == (200, "application/pdf")
    assert recorded["tracking_code"] in text and REPORTER in text and "Telepon" in text
