"""The survey's staff pages on a desktop, in Debian's Chromium against a real gunicorn: with 29
responses seeded through the services (the issue's totals per element), the village admin opens the
results (91.48 with weight 1/9, 91.38 with 0.111, category A), writes a follow-up action for the
weakest element, downloads the answers as XLSX and the report as PDF, and registers the browser as
a kiosk; the kiosk's cookie then takes a first answer. Screenshots go to
tests/e2e/artifacts/journey-survei-staff-*.png."""

import base64
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from modules.accounts.models import User
from modules.survei import services
from modules.survei.models import FollowUpAction, Kiosk, Response
from modules.survei.selectors import Period
from tests.browser.conftest import CHROMIUM, screenshot
from tests.modules.survei.data import response_data
from tests.modules.survei.test_ikm import TOTALS, respondents_with_totals

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

PERIOD = Period.containing(timezone.localdate())
FETCH = """async (url) => {
  const response = await fetch(url, {credentials: "same-origin"});
  let bytes = "";
  for (const byte of new Uint8Array(await response.arrayBuffer())) bytes += String.fromCharCode(byte);
  return [response.status, response.headers.get("content-type"), btoa(bytes)];
}"""


def fetch(page, url):
    status, content_type, body = page.evaluate(FETCH, url)
    return status, content_type, base64.b64decode(body)


def _seed():
    """29 respondents at a seed kiosk (the accounts acting here are the seed's own), one with a
    suggestion."""
    from modules.accounts.services import staff_create

    staff_create(
        username="benih-survei",
        full_name="Benih Survei",
        role="village_admin",
        password="benih-2026-uji",
        actor=None,
    )
    admin = User.objects.get(username="benih-survei")
    _kiosk, token = services.kiosk_register(
        actor=admin, name="Tablet benih", hourly_limit=200, service_name="Surat keterangan domisili"
    )
    for number, scores in enumerate(respondents_with_totals(TOTALS, 29)):
        suggestion = "Antrean pagi terlalu panjang." if number == 0 else ""
        services.response_submit_at_kiosk(
            kiosk_token=token, data=response_data(scores=scores, suggestion=suggestion)
        )


def test_the_admin_reads_the_results_plans_downloads_and_registers_a_kiosk(
    server, committed, staff_page, village_a
):
    committed(_seed)
    page = staff_page("village_admin")
    main = page.locator("main")

    # The results: both weights side by side, the category, the data processing, the suggestion.
    page.goto(f"{server}/staf/survei/?periode={PERIOD.key}")
    expect(main.locator("h1")).to_have_text("Survei kepuasan masyarakat (SKM)")
    expect(main.locator('[data-figure="converted_exact"]')).to_have_attribute("data-value", "91.48")
    expect(main.locator('[data-figure="converted_rounded"]')).to_have_attribute("data-value", "91.38")
    expect(main.locator('[data-figure="category_exact"]')).to_have_text("A")
    expect(main.locator('tr[data-element="waktu"] [data-figure="nrr"]')).to_have_attribute(
        "data-value", "3.4483"
    )
    expect(main.locator('[data-figure="respondents"]')).to_have_text("29")
    expect(main).to_contain_text("Antrean pagi terlalu panjang.")
    screenshot(page, "journey-survei-staff-01-results")

    # The plan: the weakest element (waktu) first; an action for it.
    main.get_by_role("link", name="Rencana tindak lanjut").first.click()
    expect(main.locator("h1")).to_have_text("Rencana tindak lanjut SKM")
    expect(main.locator(".survei-plan-group").first).to_have_attribute("data-element", "waktu")
    main.get_by_label("Unsur").select_option("waktu")
    main.get_by_label("Kegiatan tindak lanjut").fill("Loket buka pukul 07.30 dan nomor antrean")
    main.get_by_label("Penanggung jawab").fill("Sekretaris gampong")
    main.get_by_label("Target selesai").fill(f"{PERIOD.end:%Y-%m-%d}")
    main.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.locator("ul.messages")).to_contain_text("Tindak lanjut ditambahkan ke rencana.")
    expect(main.locator('.survei-plan-group[data-element="waktu"]')).to_contain_text(
        "Loket buka pukul 07.30 dan nomor antrean"
    )
    screenshot(page, "journey-survei-staff-02-plan")
    assert committed(lambda: FollowUpAction.objects.get().element) == "waktu"

    # The answers as XLSX: 29 numbered rows; the report as PDF with both figures and the plan.
    page.goto(f"{server}/staf/survei/?periode={PERIOD.key}")
    with page.expect_download() as download:
        main.get_by_role("link", name="Jawaban (XLSX)").click()
    assert download.value.suggested_filename == f"jawaban-skm-{PERIOD.key}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "No. responden" and [row[0] for row in rows[2:]] == list(range(1, 30))
    status, content_type, content = fetch(
        page, main.get_by_role("link", name="Laporan SKM (PDF)").get_attribute("href")
    )
    assert (status, content_type) == (200, "application/pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "91,48" in text and "91,38" in text and "A (Sangat baik)" in text
    assert "Loket buka pukul 07.30 dan nomor antrean" in text

    # This browser becomes a kiosk: its cookie, kept for /survei/kios/ only, takes an answer.
    page.goto(f"{server}/staf/survei/kios/")
    main.get_by_label("Nama perangkat").fill("Tablet loket depan")
    main.get_by_label("Jawaban per jam paling banyak").fill("20")
    main.get_by_role("button", name="Daftarkan perangkat ini sebagai kios").click()
    expect(page.locator("ul.messages")).to_contain_text(
        "Perangkat ini sekarang kios survei: buka /survei/kios/"
    )
    expect(main).to_contain_text("Tablet loket depan")
    screenshot(page, "journey-survei-staff-03-kiosk")
    cookie = next(c for c in page.context.cookies() if c["name"] == services.KIOSK_COOKIE)
    assert cookie["path"] == "/survei/kios/" and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    # /survei/kios/ is the public pages' (another branch; a placeholder in this one): the service it
    # calls takes the cookie's token.
    answered = committed(
        lambda: (
            services.response_submit_at_kiosk(kiosk_token=cookie["value"], data=response_data(3)).kiosk.name
        )
    )
    assert answered == "Tablet loket depan"
    assert committed(lambda: Response.objects.filter(kiosk__name="Tablet loket depan").count()) == 1
    assert committed(lambda: Kiosk.objects.filter(is_active=True).count()) == 2
