"""A resident reads the village's action plan on a 360×740 phone, in Debian's Chromium against a real
gunicorn: from the portal home's card to the list of plans (the current one marked), the plan with
its matrix by area (budget by source, the value typed at a progress update, the totals by source,
the forum), and the plan's PDF. No sideways scrolling on any page. Screenshots:
tests/e2e/artifacts/journey-rencana-resident-*.png."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, screenshot
from tests.browser.test_accessibility import serious_violations, small_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

PLAN_TITLE = "Rencana Aksi Pelayanan Terpadu Gampong Lambaro"
# What the browser itself gets for a URL: the status, the content type and the first bytes.
FETCH = """async (url) => {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
  return [response.status, response.headers.get("content-type"), String.fromCharCode(...bytes)];
}"""


def _fits_the_phone(page: Any) -> None:
    """No sideways scrolling at 360 px, no serious accessibility violation (axe-core), tap targets
    of 44 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []


def _published_plan_with_an_update() -> dict[str, Any]:
    """write_plan's plan (three programs, three sources) with a progress update of the health
    program and a forum (committed)."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from modules.accounts.services import staff_create
    from modules.rencana import services
    from tests.modules.rencana.plans import write_plan

    admin, _password = staff_create(
        username="jalan-rencana-admin",
        full_name="Uji Admin Rencana",
        role="village_admin",
        password="x-uji-2026",
        actor=None,
    )
    written = write_plan(admin, title=PLAN_TITLE)
    today = timezone.localdate()
    services.progress_record(
        actor=admin,
        program=written.health,
        data=services.ProgressInput(
            reported_on=today,
            done="Posyandu buka dua kali sebulan; timbangan baru dipakai.",
            obstacles="Kader kurang pada musim panen.",
            status="berjalan",
            values={written.health.indicators.get().pk: Decimal(80)},
            spending={"apbdes": 12_500_000, "csr": 5_000_000},
        ),
    )
    services.forum_save(
        actor=admin,
        plan=written.plan,
        forum=None,
        data=services.ForumInput(
            title="Musyawarah pelayanan gampong",
            held_on=today - datetime.timedelta(days=1),
            place="Meunasah Lambaro",
            discussion="Warga meminta posyandu buka sore hari.",
            decisions="Posyandu dicoba buka sore sebulan sekali.",
            attendance=(("Perangkat gampong", 6), ("Kader posyandu", 9), ("Perempuan", 14)),
            program_ids=(written.health.pk, written.office.pk),
        ),
    )
    return {"plan": written.plan.pk, "health": written.health.pk, "office": written.office.pk}


def test_a_resident_reads_the_action_plan_on_a_phone(server, committed, page, clean_throttle):
    given = committed(_published_plan_with_an_update)

    page.goto(server + "/")
    card = page.locator(".card", has=page.get_by_role("link", name="Rencana aksi pelayanan"))
    expect(card).to_contain_text("anggaran menurut sumber dana")
    screenshot(page, "journey-rencana-resident-01-home")
    page.get_by_role("link", name="Rencana aksi pelayanan").click()
    page.wait_for_url(server + "/rencana-aksi/")
    expect(page.locator("main h1")).to_have_text("Rencana aksi pelayanan")
    expect(page.locator("main .rencana-plans li").first).to_contain_text("berlaku sekarang")
    _fits_the_phone(page)
    screenshot(page, "journey-rencana-resident-02-plans")

    page.get_by_role("link", name=PLAN_TITLE).click()
    page.wait_for_url(server + f"/rencana-aksi/{given['plan']}/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(PLAN_TITLE)
    for area in ("Pelayanan kesehatan", "Pendidikan", "Administrasi publik"):
        expect(main.get_by_role("heading", name=area, exact=True)).to_be_visible()
    expect(main.locator("article.rencana-program")).to_have_count(3)

    health = main.locator(f"#program-{given['health']}")
    expect(health.get_by_role("row", name="APBDes Rp45.000.000")).to_have_count(1)
    expect(health.get_by_role("row", name="CSR perusahaan Rp30.000.000")).to_have_count(1)
    expect(health.get_by_role("row", name="Jumlah Rp75.000.000")).to_have_count(1)
    expect(health).to_contain_text("Kunjungan posyandu per bulan")
    expect(health.locator("[data-indicator]")).to_contain_text("80")
    expect(health.locator("[data-indicator]")).to_contain_text("belum memenuhi target")
    expect(health).to_contain_text("Posyandu buka dua kali sebulan; timbangan baru dipakai.")
    office = main.locator(f"#program-{given['office']}")
    expect(office).to_contain_text("diisi otomatis oleh Balai")

    totals = main.locator("table[data-totals]")
    expect(totals.get_by_role("row", name="APBDes Rp85.000.000 Rp12.500.000")).to_have_count(1)
    expect(totals.get_by_role("row", name="Donasi LSM/NGO Rp40.000.000 Rp0")).to_have_count(1)
    expect(totals.get_by_role("row", name="Jumlah Rp155.000.000 Rp17.500.000")).to_have_count(1)
    expect(main).to_contain_text("jumlah 29 orang")
    expect(main.locator("img")).to_have_count(0)
    # The money tables sit in scroll containers (for amounts in the billions); these fit the phone.
    overflowing = page.evaluate(
        "[...document.querySelectorAll('.rencana-scroll')].filter(box => box.scrollWidth > box.clientWidth)"
        ".length"
    )
    assert overflowing == 0
    _fits_the_phone(page)
    screenshot(page, "journey-rencana-resident-03-plan")

    link = main.get_by_role("link", name="Unduh rencana aksi (PDF)")
    href = link.get_attribute("href")
    assert href == f"/rencana-aksi/{given['plan']}/rencana-aksi.pdf"
    with page.expect_response(lambda response: response.url.endswith("/rencana-aksi.pdf")) as opened:
        link.click()
    pdf = opened.value
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert (
        pdf.headers["content-disposition"] == f'inline; filename="rencana-aksi-lambaro-{given["plan"]}.pdf"'
    )
    # Chromium shows the PDF in its viewer (the body it hands back is the viewer's page): the
    # bytes as the browser fetches them.
    assert page.evaluate(FETCH, href) == [200, "application/pdf", "%PDF"]
    page.go_back()
    page.wait_for_url(server + f"/rencana-aksi/{given['plan']}/")
    status, content_type, start = page.evaluate(
        FETCH, main.get_by_role("link", name="Unduh laporan kemajuan (PDF)").get_attribute("href")
    )
    assert [status, content_type, start] == [200, "application/pdf", "%PDF"]
