"""A resident on a small phone screen, in Debian's Chromium driven by Playwright, against a real
gunicorn serving the test database: request a surat keterangan domisili, get a tracking code,
follow it. Everything the server writes is committed, so the test removes it afterwards."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, fill_identity
from tests.modules.layanan.data import NIK_WOMAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


def test_a_resident_requests_a_letter_and_follows_it_on_a_phone(
    server, committed_rows_removed, page, tmp_path
):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Gampong Lambaro"

    page.get_by_role("link", name="Layanan & surat").click()
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    page.get_by_role("link", name="Ajukan permohonan").click()
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Cut Nyak Meutia")
    page.get_by_label("NIK (16 digit)").fill("1106")
    page.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Mesjid, RT 02/RW 01")
    page.get_by_label("Keperluan").fill("Mendaftar sekolah anak")
    fill_identity(page)
    page.get_by_role("button", name="Kirim permohonan").click()

    assert "16 digit" in page.locator(".error").first.inner_text()

    page.get_by_label("NIK (16 digit)").fill(NIK_WOMAN)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    code = page.locator("p.code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"

    page.get_by_role("link", name="Lihat status permohonan").click()

    body = page.locator("main").inner_text()
    assert "Diajukan" in body and code in body
    assert "C** N*** M*****" in body and NIK_WOMAN not in body and "Mesjid" not in body
    page.screenshot(path=str(os.environ.get("BALAI_SCREENSHOT", tmp_path / "tracking.png")), full_page=True)
