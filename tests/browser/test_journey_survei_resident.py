"""A resident rates the service on a 360×740 phone, in Debian's Chromium against a real gunicorn:
their letter is signed (which invites them), the private tracking page shows the survey card, an
empty questionnaire gets a message next to every question, the answered one leads to the thanks and
the link is then used up; the results page shows the IKM with its category, the chart per element,
the trend and the village's follow-up plan. Screenshots: tests/e2e/artifacts/journey-survei-*.png."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, screenshot
from tests.browser.test_accessibility import missing_described_by_ids, serious_violations, small_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

ELEMENT_KEYS = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)
SCORES = {key: 4 for key in ELEMENT_KEYS} | {"waktu": 2, "sarana": 3}
PLAN_ACTION = "Menambah satu petugas loket pada hari Senin dan Kamis."


def _fits_the_phone(page: Any) -> None:
    """No sideways scrolling at 360 px, no serious accessibility violation (axe-core), tap targets
    of 44 px, and every aria-describedby pointing at an element."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []
    assert missing_described_by_ids(page) == []


def _signed_letter_with_a_plan() -> dict[str, str]:
    """A request whose letter is signed (so its resident is invited), and two actions of the
    current period's follow-up plan (committed)."""
    from django.utils import timezone

    from modules.accounts.services import staff_create
    from modules.layanan.models import Service
    from modules.survei import selectors, services
    from tenants.models import Village
    from tests.modules.layanan.data import new_request_data, signed_letter

    village = Village.objects.get(slug="lambaro")
    operator, _password = staff_create(
        username="jalan-survei-operator",
        full_name="Uji Operator",
        role="operator",
        password="x-uji-2026",
        actor=None,
    )
    admin, _password = staff_create(
        username="jalan-survei-admin",
        full_name="Uji Admin",
        role="village_admin",
        password="x-uji-2026",
        actor=None,
    )
    letter = signed_letter(
        village=village,
        service=Service.objects.get(slug="surat-keterangan-domisili"),
        operator=operator,
        signer=admin,
        data=new_request_data(notify_channel="email", email="warga@example.id"),
    )
    period = selectors.Period.containing(timezone.localdate())
    for element, action, status in (
        ("waktu", PLAN_ACTION, "berjalan"),
        ("sarana", "Memperbaiki kursi ruang tunggu dan menambah kipas angin.", "rencana"),
    ):
        services.follow_up_save(
            actor=admin,
            action=None,
            data=services.ActionInput(
                year=period.year,
                semester=period.semester,
                element=element,
                action=action,
                owner="Sekretaris gampong",
                due_on=period.end,
                status=status,
                progress="Petugas sudah ditunjuk." if status == "berjalan" else "",
            ),
        )
    request = letter.request
    return {"code": request.tracking_code, "secret": request.download_secret, "period": period.label}


def _stored() -> list[dict[str, Any]]:
    from modules.survei.models import Response

    return [
        {
            "service": response.service_name,
            "scores": dict(response.answers.values_list("element", "score")),
            "suggestion": response.suggestion,
        }
        for response in Response.objects.prefetch_related("answers")
    ]


def test_a_resident_answers_the_survey_on_a_phone_and_sees_the_results(
    server, committed, page, clean_throttle
):
    given = committed(_signed_letter_with_a_plan)

    page.goto(server + f"/lacak/{given['code']}/{given['secret']}/")
    expect(page.get_by_role("heading", name="Bagaimana pelayanan kami?")).to_be_visible()
    screenshot(page, "journey-survei-01-owner-card")
    page.get_by_role("link", name="Isi survei (2 menit, tanpa nama)").click()
    expect(page.locator("main h1")).to_have_text("Survei kepuasan masyarakat")
    expect(page.locator("main")).to_contain_text("Surat Keterangan Domisili")
    _fits_the_phone(page)
    screenshot(page, "journey-survei-02-questionnaire")
    answer_url = page.url

    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_persyaratan_error")).to_have_text("Pilih salah satu dari empat jawaban.")
    expect(page.locator("#id_sex_error")).to_have_text("Pilih jenis kelamin.")
    _fits_the_phone(page)
    screenshot(page, "journey-survei-03-missing-answers")
    assert committed(_stored) == []

    for key, score in SCORES.items():
        page.locator(f'input[name="{key}"][value="{score}"]').check()
    page.get_by_label("Perempuan").check()
    page.get_by_label("30–39 tahun").check()
    page.get_by_label("SMA/sederajat").check()
    page.get_by_label("Wirausaha/pedagang").check()
    page.get_by_label("Saran dan masukan (tidak wajib)").fill("Ruang tunggu panas di siang hari.")
    screenshot(page, "journey-survei-04-answered")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url(server + "/survei/terima-kasih/")
    expect(page.locator("main h1")).to_have_text("Terima kasih")
    _fits_the_phone(page)
    screenshot(page, "journey-survei-05-thanks")
    stored = committed(_stored)
    assert len(stored) == 1 and stored[0]["scores"] == SCORES
    assert stored[0]["suggestion"] == "Ruang tunggu panas di siang hari."

    page.goto(answer_url)
    expect(page.locator("main")).to_contain_text("sudah diisi")
    page.goto(server + f"/lacak/{given['code']}/{given['secret']}/")
    expect(page.get_by_role("heading", name="Bagaimana pelayanan kami?")).to_have_count(0)

    page.goto(server + "/")
    page.get_by_role("link", name="Survei kepuasan").click()
    page.wait_for_url(server + "/survei/")
    main = page.locator("main")
    # (9 × 4 − 2 − 1) / 9 × 25 = 91.67 with 1/9; 91.58 with 0.111.
    expect(page.locator(".survei-ikm-figure")).to_have_text("91,67")
    expect(page.locator(".survei-category")).to_have_text("A — Sangat baik")
    expect(main).to_contain_text("dengan bobot dibulatkan 0,111: 91,58")
    expect(main.locator("svg.chart")).to_have_count(2)
    expect(main.locator("svg.chart rect.chart-bar").first).to_be_visible()
    expect(main.get_by_role("row", name="U3 Waktu penyelesaian 2,0000")).to_have_count(1)
    expect(main.get_by_role("row", name=f"{given['period']} 91,67 1")).to_have_count(1)
    expect(main.get_by_role("heading", name="Rencana tindak lanjut")).to_be_visible()
    expect(main).to_contain_text(PLAN_ACTION)
    expect(main).to_contain_text("Sedang berjalan")
    expect(main).not_to_contain_text("Ruang tunggu panas")
    _fits_the_phone(page)
    screenshot(page, "journey-survei-06-results")


def _kiosk() -> str:
    from modules.accounts.services import staff_create
    from modules.survei import services

    admin, _password = staff_create(
        username="jalan-survei-kios",
        full_name="Uji Admin",
        role="village_admin",
        password="x-uji-2026",
        actor=None,
    )
    _device, token = services.kiosk_register(
        actor=admin, name="Tablet loket", hourly_limit=1, service_name="Layanan loket"
    )
    return token


def test_the_office_kiosk_resets_for_the_next_resident_and_stops_at_its_limit(
    server, committed, page, clean_throttle
):
    page.goto(server + "/survei/kios/")
    expect(page.locator("main h1")).to_have_text("Perangkat ini bukan kios survei")

    token = committed(_kiosk)
    page.context.add_cookies([{"name": "balai_kiosk", "value": token, "url": server}])
    page.goto(server + "/survei/kios/")
    expect(page.get_by_label("Layanan yang Anda terima")).to_have_value("Layanan loket")
    for key in ELEMENT_KEYS:
        page.locator(f'input[name="{key}"][value="3"]').check()
    page.get_by_label("Laki-laki").check()
    page.get_by_label("50–59 tahun").check()
    page.get_by_label("SD/sederajat").check()
    page.get_by_label("Petani/nelayan/peternak").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".messages")).to_contain_text("silakan serahkan ke warga berikutnya")
    expect(page.locator("main input[type=radio]:checked")).to_have_count(0)
    _fits_the_phone(page)
    screenshot(page, "journey-survei-07-kiosk-next-resident")
    assert [row["service"] for row in committed(_stored)] == ["Layanan loket"]

    for key in ELEMENT_KEYS:
        page.locator(f'input[name="{key}"][value="4"]').check()
    page.get_by_label("Perempuan").check()
    page.get_by_label("20–29 tahun").check()
    page.get_by_label("D4/S1").check()
    page.get_by_label("Pelajar/mahasiswa").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".messages")).to_contain_text("sudah menerima 1 jawaban dalam satu jam terakhir")
    expect(page.locator("main input[type=radio]:checked")).to_have_count(0)
    screenshot(page, "journey-survei-08-kiosk-busy")
    assert len(committed(_stored)) == 1
