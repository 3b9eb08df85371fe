"""The PPID superior's journey on a desktop, in Debian's Chromium against a real gunicorn: the
waiting objection on the staff home, opened from there, answered, and the page then tells until
when the requester may bring the dispute to the Komisi Informasi. Screenshots go to
tests/e2e/artifacts/journey-ppid-superior-*.png."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, screenshot
from tests.browser.test_accessibility import serious_violations, small_staff_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


def _refused_with_an_objection(village: Any) -> dict[str, Any]:
    from modules.accounts.services import staff_create
    from modules.ppid import services
    from modules.ppid.models import Decision
    from tests.modules.ppid.data import decision, submit_request

    officer, _ = staff_create(
        username="jalan-petugas-ppid", full_name="Petugas PPID Uji", role="ppid_officer", actor=None
    )
    found = submit_request(village)
    services.information_request_decide(actor=officer, request=found, data=decision(Decision.REFUSED))
    objection = services.objection_file(
        request=found, ground="35a", reason="Jumlah penerima per dusun bukan rahasia pribadi.", actor=None
    )
    return {"number": objection.registration_number, "request": found.registration_number}


def test_the_superior_answers_the_waiting_objection(server, committed, staff_page, village_a):
    objection = committed(lambda: _refused_with_an_objection(village_a))
    page = staff_page("ppid_superior")
    main = page.locator("main")
    waiting = main.locator("ul.waiting").get_by_role("link", name="1 keberatan menunggu tanggapan")
    expect(waiting).to_be_visible()
    screenshot(page, "journey-ppid-superior-01-home")

    waiting.click()
    expect(main.locator("h1")).to_have_text("Register keberatan")
    screenshot(page, "journey-ppid-superior-02-objections")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []
    main.get_by_role("link", name=objection["number"]).click()
    expect(main.locator("h1")).to_have_text(f"Keberatan {objection['number']}")
    expect(main).to_contain_text(objection["request"])
    expect(main).to_contain_text("Permohonan informasi ditolak dengan alasan pengecualian")
    screenshot(page, "journey-ppid-superior-03-objection")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    # Without a response: the workflow's message on the response field.
    page.get_by_label("Keberatan diterima sebagian").check()
    page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.locator("#id_response_error")).to_contain_text("Tuliskan tanggapan atas keberatan")

    page.get_by_label("Keberatan diterima sebagian").check()
    page.get_by_label("Tanggapan atasan PPID (dibaca pemohon)").fill(
        "Jumlah penerima per dusun diberikan; nama dan NIK tetap dikecualikan."
    )
    page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.locator(".messages")).to_contain_text("Tanggapan atas keberatan tersimpan.")
    expect(main.locator(".ppid-commission")).to_contain_text("Komisi Informasi paling lambat")
    expect(page.get_by_role("button", name="Simpan tanggapan")).to_have_count(0)
    screenshot(page, "journey-ppid-superior-04-answered")
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []

    page.goto(server + "/staf/")
    expect(main.locator("ul.waiting li")).to_have_text(["0 keberatan menunggu tanggapan"])
