"""Every page of the service counter, in Debian's Chromium: axe-core (shipped inside the
axe-playwright-python wheel, never downloaded) finds no serious or critical violation; the error
summary of a failed submit takes focus and links each field; every aria-describedby points at an id
that exists; tap targets are at least 44 px; raising the browser's text size to 200% on a 360 px
phone enlarges the text and overflows nothing. Screenshots go to tests/e2e/artifacts/."""

import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, PHONE, fill_identity, screenshot
from tests.modules.layanan.data import NIK_WOMAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

SERVICE = "surat-keterangan-domisili"
TAP_TARGETS = (
    "header a, header button, main li > a:first-child, main button, main .btn, main summary, "
    "main input:not([type=checkbox]):not([type=radio]):not([type=hidden]), main select, "
    ".error-summary a"
)


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def missing_described_by_ids(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(element =>
            element.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)
              .filter(id => !document.getElementById(id))
              .map(id => `${element.id || element.name}: ${id}`))"""
    )


def small_tap_targets(page: Any) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(element => element.offsetParent !== null)
            .map(element => [element, element.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44)
            .map(([element, box]) =>
              `${element.tagName} "${element.textContent.trim().slice(0, 30)}" ${box.height}px`)""",
        TAP_TARGETS,
    )


# On the staff pages every link and button counts, inline ones too, in both directions.
STAFF_TAP_TARGETS = "header a, header button, main a, main button, main summary, main select"


def small_staff_tap_targets(page: Any) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(element => element.offsetParent !== null)
            .map(element => [element, element.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44)
            .map(([element, box]) => `${element.tagName} "${element.textContent.trim().slice(0, 30)}" `
              + `${box.width}×${box.height}px`)""",
        STAFF_TAP_TARGETS,
    )


def check(page: Any, name: str, findings: dict[str, list[str]]) -> None:
    """Screenshot, axe and our own checks for the page as it is now; findings are kept per page so
    that one run lists everything that is wrong."""
    screenshot(page, f"a11y-{name}")
    problems = serious_violations(page)
    problems += [
        f"aria-describedby points at a missing id: {item}" for item in missing_described_by_ids(page)
    ]
    problems += [f"tap target under 44 px: {item}" for item in small_tap_targets(page)]
    if problems:
        findings[name] = problems


def test_every_resident_page_of_the_counter_passes_axe_on_a_phone(server, committed, browser, page):
    from modules.layanan.models import ServiceRequest
    from tests.factories import LetterFactory

    findings: dict[str, list[str]] = {}
    page.goto(server + "/")
    check(page, "home", findings)
    page.goto(server + "/layanan/")
    check(page, "catalogue", findings)
    page.goto(server + f"/layanan/{SERVICE}/")
    check(page, "service-detail", findings)
    page.goto(server + f"/layanan/{SERVICE}/ajukan/")
    check(page, "request-form", findings)

    page.get_by_role("button", name="Kirim permohonan").click()
    check(page, "request-form-errors", findings)
    page.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Mesjid, RT 02/RW 01")
    page.get_by_label("NIK (16 digit)").fill("1106")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Cut Nyak Meutia")
    page.get_by_label("NIK (16 digit)").fill(NIK_WOMAN)
    page.get_by_label("Keperluan").fill("Mendaftar sekolah anak")
    fill_identity(page)
    page.get_by_role("button", name="Kirim permohonan").click()
    check(page, "submitted", findings)
    code = page.locator("p.code").inner_text().strip()

    page.locator("a.private-link").click()
    check(page, "owner", findings)
    page.get_by_text("Batalkan permohonan", exact=True).click()
    check(page, "owner-cancel-confirmation", findings)

    page.goto(server + f"/lacak/{code}/")
    check(page, "track", findings)
    page.goto(server + "/lacak/")
    check(page, "track-lookup", findings)
    page.get_by_label("Kode lacak").fill("XXXX-XXXX")
    page.get_by_role("button", name="Lacak").click()
    check(page, "track-lookup-error", findings)

    letter = committed(
        lambda: LetterFactory(request=ServiceRequest.objects.get(tracking_code=code)).verification_code
    )
    page.goto(server + f"/verifikasi/{letter}/")
    check(page, "verify", findings)

    assert findings == {}


def test_the_queue_ticket_pages_pass_axe_on_a_phone(server, committed_rows_removed, page):
    findings: dict[str, list[str]] = {}
    page.goto(server + "/antrian/")
    check(page, "queue-take", findings)
    page.locator("main form button").first.click()
    check(page, "queue-ticket", findings)

    assert findings == {}


def test_the_office_queue_screen_passes_axe(server, desktop_page):
    findings: dict[str, list[str]] = {}
    desktop_page.goto(server + "/antrian/layar/")
    check(desktop_page, "queue-screen", findings)

    assert findings == {}


def test_every_staff_page_of_the_counter_passes_axe_on_a_desktop(server, committed, desktop_page):
    from modules.accounts.models import Role
    from modules.accounts.services import staff_create
    from modules.layanan.models import Service
    from modules.layanan.selectors import current_standard_for_slug
    from tests.factories import ServiceRequestFactory

    def given() -> tuple[str, str]:
        staff_create(
            username="a11y-operator",
            full_name="Nurul Aini",
            role=Role.OPERATOR,
            password="uji-a11y-2026",
            actor=None,
        )
        service = Service.objects.get(slug=SERVICE)
        return ServiceRequestFactory(
            tracking_code="A11Y-0001",
            service=service,
            standard=current_standard_for_slug(service.slug, active_only=False),
        ).tracking_code, "uji-a11y-2026"

    code, password = committed(given)
    page = desktop_page
    findings: dict[str, list[str]] = {}
    page.goto(server + "/staf/masuk/")
    check(page, "staff-sign-in", findings)
    page.get_by_label("Nama pengguna").fill("a11y-operator")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.goto(server + "/staf/layanan/")
    check(page, "staff-worklist", findings)
    page.goto(server + f"/staf/layanan/{code}/")
    check(page, "staff-request", findings)

    assert findings == {}


def test_every_link_and_button_of_the_staff_home_and_worklist_is_44_by_44_px(server, committed, staff_page):
    from modules.accounts.models import Role
    from modules.layanan.models import Service
    from tests.factories import ServiceRequestFactory

    def given() -> None:
        service = Service.objects.get(slug=SERVICE)
        standard = service.standards.order_by("-version").first()
        ServiceRequestFactory(tracking_code="TAP1-0001", service=service, standard=standard)
        ServiceRequestFactory(
            tracking_code="TAP1-0002",
            service=service,
            standard=standard,
            due_date=datetime.date(2026, 1, 5),  # long past: the row says "terlambat"
        )

    committed(given)
    page = staff_page(Role.VILLAGE_ADMIN)
    findings: dict[str, list[str]] = {}
    for name, path in (("staff-home", "/staf/"), ("staff-worklist", "/staf/layanan/")):
        page.goto(server + path)
        screenshot(page, f"tap-{name}")
        counted = page.evaluate("(selector) => document.querySelectorAll(selector).length", STAFF_TAP_TARGETS)
        small = small_staff_tap_targets(page)
        if small or counted < 5:
            findings[name] = [f"{counted} targets", *small]
    rows = page.locator("main ul.plain li")

    assert findings == {}
    # The rows of the worklist stay one line each on a desktop, however tall their links became.
    assert rows.count() == 2
    assert all(
        box["height"] < 70
        for box in rows.evaluate_all("rows => rows.map(row => row.getBoundingClientRect().toJSON())")
    )


def test_the_error_summary_takes_focus_and_leads_to_each_field(server, committed_rows_removed, page):
    page.goto(server + f"/layanan/{SERVICE}/ajukan/")
    page.get_by_label("NIK (16 digit)").fill("1106")
    page.get_by_role("button", name="Kirim permohonan").click()

    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.title().startswith("Perbaiki isian — ")
    assert sorted(
        summary.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    ) == sorted(
        [
            "#id_applicant_name",
            "#id_nik",
            "#id_birth_place",
            "#id_birth_date",
            "#id_gender",
            "#id_religion",
            "#id_occupation",
            "#id_marital_status",
            "#id_address",
            "#id_purpose",
        ]
    )
    nik = page.get_by_label("NIK (16 digit)")
    assert nik.get_attribute("aria-invalid") == "true"
    assert nik.get_attribute("aria-describedby") == "id_nik_error"
    assert "16 digit" in page.locator("#id_nik_error").inner_text()
    assert page.get_by_label("Nama lengkap (sesuai KTP)").get_attribute("autocomplete") == "name"
    assert page.get_by_label("Alamat (dusun, RT/RW)").get_attribute("autocomplete") == "street-address"
    assert page.locator("label[for=id_nik] .required").inner_text() == "(wajib)"
    assert page.get_by_label("NIK (16 digit)").get_attribute("required") == ""

    summary.get_by_role("link", name="NIK (16 digit)").click()
    assert page.evaluate("document.activeElement.id") == "id_nik"


READING_PAGES = [
    "/",
    "/layanan/",
    f"/layanan/{SERVICE}/",
    f"/layanan/{SERVICE}/ajukan/",
    "/lacak/",
    "/antrian/",
]


def test_text_at_200_percent_on_a_360px_phone_grows_and_overflows_nothing(server, page):
    measured = {}
    for path in READING_PAGES:
        page.goto(server + path)
        # What a browser's text-size setting does; through the CSSOM, which the page's strict
        # Content-Security-Policy allows (an injected <style> element it refuses).
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        screenshot(page, "text-200-" + (path.strip("/").replace("/", "-") or "home"))
        measured[path] = page.evaluate(
            """() => [getComputedStyle(document.querySelector('main h1')).fontSize,
                      getComputedStyle(document.body).fontSize,
                      document.documentElement.scrollWidth]"""
        )

    assert measured == {path: ["51.2px", "32px", PHONE["width"]] for path in READING_PAGES}


def test_a_360px_phone_zoomed_to_200_percent_overflows_nothing(server, browser):
    # Browser zoom halves the CSS viewport: 360 device pixels at 200% are 180 CSS pixels.
    page = browser.new_context(viewport={"width": 180, "height": 370}, device_scale_factor=2).new_page()
    widths = {}
    for path in READING_PAGES:
        page.goto(server + path)
        screenshot(page, "zoom-200-" + (path.strip("/").replace("/", "-") or "home"))
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == {path: 180 for path in READING_PAGES}
