"""The PPID officer's journey on a desktop, in Debian's Chromium against a real gunicorn: sign in,
find on the staff home only what that role may open (every menu link answers), and meet the
friendly 403 page, in Indonesian and inside the site's layout, on a page of the service counter.
Screenshots go to tests/e2e/artifacts/journey-ppid-*.png."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, menu_statuses, screenshot

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
    assert main.inner_text().count("Tidak ada pekerjaan yang menunggu Anda.") == 1
    screenshot(page, "journey-ppid-01-home")

    assert menu_statuses(page, server) == {"Ganti kata sandi": 200}

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
