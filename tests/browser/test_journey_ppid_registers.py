"""The PPID's registers and annual report on a desktop, in Debian's Chromium against a real gunicorn:
with requests and an answered objection seeded through the services, the superior reads the report
(without the publish button), the officer opens both registers, downloads them as XLSX and PDF,
opens the annual report, publishes it, and the DIP lists it. Screenshots go to
tests/e2e/artifacts/journey-ppid-registers-*.png."""

import base64
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from modules.accounts.models import User
from modules.ppid import selectors, services
from modules.ppid.models import AnnualReport, Decision
from tests.browser.conftest import CHROMIUM, screenshot
from tests.modules.ppid.data import REQUESTER, decision, submit_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

YEAR = timezone.localdate().year


FETCH = """async ([url, credentials]) => {
  const response = await fetch(url, {credentials});
  let bytes = "";
  for (const byte of new Uint8Array(await response.arrayBuffer())) bytes += String.fromCharCode(byte);
  return [response.status, response.headers.get("content-type"), btoa(bytes)];
}"""


def fetch(page, url, *, signed_in=True):
    """What the browser itself gets for `url` (with or without the session's cookie)."""
    status, content_type, body = page.evaluate(FETCH, [url, "same-origin" if signed_in else "omit"])
    return status, content_type, base64.b64decode(body)


def pdf_text(content):
    return " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages).split()
    )


def _seed(village):
    """Two online requests (one granted, one refused with an objection the superior dismissed) and
    one oral request still open; the accounts acting here are the seed's own."""
    from modules.accounts.services import staff_create

    def account(role):
        staff_create(
            username=f"benih-{role}",
            full_name=f"Benih {role}",
            role=role,
            password="benih-2026-uji",
            actor=None,
        )
        return User.objects.get(username=f"benih-{role}")

    officer, superior = account("ppid_officer"), account("ppid_superior")
    granted = submit_request(village, requester_name="Cut Nyak Meutia")
    services.information_request_decide(actor=officer, request=granted, data=decision())
    refused = submit_request(village, requester_name="Teuku Cik Ditiro")
    refused = services.information_request_decide(
        actor=officer, request=refused, data=decision(Decision.REFUSED)
    )
    objection = services.objection_file(request=refused, ground="35a", reason="Saya keberatan.", actor=None)
    objection = services.objection_answer(
        actor=superior, objection=objection, outcome="ditolak", response="Keputusan PPID dikuatkan."
    )
    oral = submit_request(village, actor=officer, requester_name="Pocut Baren")
    return {
        "requests": [granted.registration_number, refused.registration_number, oral.registration_number],
        "objection": objection.registration_number,
    }


def test_the_officer_reads_downloads_and_publishes_the_registers_and_the_report(
    server, committed, staff_page, village_a
):
    seeded = committed(lambda: _seed(village_a))

    # The superior reads the report, and may not publish it.
    page = staff_page("ppid_superior")
    page.goto(f"{server}/staf/ppid/laporan/?tahun={YEAR}")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Laporan tahunan PPID")
    expect(main.locator('[data-figure="received"]')).to_have_text("3")
    expect(main.locator('[data-figure="objections"]')).to_have_text("1")
    expect(main.get_by_role("button", name="Terbitkan sebagai item DIP")).to_have_count(0)
    screenshot(page, "journey-ppid-registers-01-report-superior")
    page.context.clear_cookies()

    # The officer opens both registers of the year.
    page = staff_page("ppid_officer")
    page.goto(f"{server}/staf/ppid/register/?tahun={YEAR}")
    expect(main.locator("h1")).to_have_text("Register permohonan dan keberatan")
    requests = main.locator("#register-permohonan tbody tr")
    expect(requests).to_have_count(3)
    for number in seeded["requests"]:
        expect(main.locator("#register-permohonan")).to_contain_text(number)
    expect(main.locator("#register-keberatan tbody tr")).to_have_count(1)
    expect(main.locator("#register-keberatan")).to_contain_text(seeded["objection"])
    assert REQUESTER["requester_nik"] not in main.inner_text()
    assert REQUESTER["requester_address"] not in main.inner_text()
    screenshot(page, "journey-ppid-registers-02-registers")

    # The XLSX downloads and opens with the register's header and rows.
    with page.expect_download() as download:
        main.locator("#register-permohonan").get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename == f"register-permohonan-{village_a.slug}-{YEAR}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("No", "Tanggal", "Nomor registrasi")
    assert sorted(row[2] for row in rows[2:]) == sorted(seeded["requests"])

    # The PDF of the objection register answers as a PDF with the objection in it.
    href = (
        main.locator("#register-keberatan")
        .get_by_role("link", name="PDF untuk dicetak")
        .get_attribute("href")
    )
    status, content_type, content = fetch(page, href)
    assert (status, content_type) == (200, "application/pdf")
    text = pdf_text(content)
    assert seeded["objection"] in text and "REGISTER KEBERATAN" in text.upper()

    # The annual report: its figures, its PDF, and publishing it as a DIP item.
    main.get_by_role("link", name="Laporan tahunan").click()
    expect(main.locator("h1")).to_have_text("Laporan tahunan PPID")
    expect(main.locator('[data-figure="refused"]')).to_have_text("1")
    status, content_type, content = fetch(
        page, main.get_by_role("link", name="Unduh PDF").get_attribute("href")
    )
    assert (status, content_type) == (200, "application/pdf")
    assert "Permohonan diterima 3" in pdf_text(content)
    screenshot(page, "journey-ppid-registers-03-report")
    main.get_by_role("button", name="Terbitkan sebagai item DIP").click()
    expect(page.locator("ul.messages")).to_contain_text(
        f"Laporan tahunan PPID {YEAR} diterbitkan sebagai item Daftar Informasi Publik."
    )
    expect(main.get_by_role("link", name="Sudah diterbitkan di Daftar Informasi Publik")).to_be_visible()
    screenshot(page, "journey-ppid-registers-04-published")

    # The DIP lists it: the public DIP page belongs to another branch, so the selector and the
    # public DIP's PDF (this branch's) are asked.
    title = committed(lambda: AnnualReport.objects.select_related("item").get(year=YEAR).item.title)
    assert committed(lambda: selectors.published_items().filter(title=title).exists())
    status, content_type, content = fetch(page, "/ppid/dip.pdf", signed_in=False)
    assert (status, content_type) == (200, "application/pdf")
    assert title in pdf_text(content)
