"""The signup wizard in Debian's Chromium against a real gunicorn and a real Celery worker: on the
test district with auto-approval, an applicant completes every step on a desktop (the village from
the list, the address, the administrator with the code from the e-mail, the profile, the modules, the
review), watches the progress page finish, follows the button and lands on the new portal's staff
home as its administrator, with the first-steps checklist. A 360 px phone goes through the first two
steps. Screenshots: tests/e2e/artifacts/journey-signup-*.png.

The journey commits a new village (registry rows, a schema) and rows in the district's schema; all
of them are removed afterwards."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from kombu import Exchange, Queue
from playwright.sync_api import expect

from balai.celery import app as celery_app
from tenants.routing import district_host
from tests.browser.conftest import (
    CHROMIUM,
    PHONE,
    _keys_by_model,
    _remove_rows_added_since,
    screenshot,
)
from tests.browser.test_accessibility import missing_described_by_ids, serious_violations, small_tap_targets
from tests.conftest import DISTRICT_SLUG
from tests.processes import process_env, start_celery_worker, start_gunicorn, stop
from tests.threads import in_schema_connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

CODE = "11.06.10.2019"  # Gani, Ingin Jaya: on the platform in no other test
SLUG = "gani"
EMAIL = "keuchik.gani@example.id"
PASSWORD = "Kopi-Ulee-Kareng-88"
HERE = Path(__file__).resolve().parent


@pytest.fixture
def signup_server(
    django_db_setup: None, _media_in_a_temporary_folder: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """gunicorn and a Celery worker on this test database and a queue of this test's own; yields the
    district's base URL."""
    queue = f"test-signup-{uuid.uuid4().hex[:8]}"
    env = process_env(
        settings_module="signup_journey_settings", extra_path=str(HERE), SIGNUP_JOURNEY_QUEUE=queue
    )
    server, port = start_gunicorn(env)
    log = tmp_path_factory.mktemp("signup-worker") / "worker.log"
    with log.open("wb") as output:
        worker = start_celery_worker(queue, env=env, output=output)
    yield f"http://{district_host(DISTRICT_SLUG)}:{port}"
    print(log.read_text(errors="replace")[-4000:])  # shown when the journey fails
    stop(server)
    stop(worker)
    with celery_app.connection_for_write() as broker:
        bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(broker.default_channel)
        bound.declare()
        bound.delete()


@pytest.fixture
def auto_approving_district(district: Any) -> Iterator[Any]:
    """The district approves applications itself; every row the journey commits (in the registry, in
    the district's schema) and the new village's schema are removed afterwards."""
    from tenants.models import District

    district_schema = district.tenant.schema_name
    before_public = in_schema_connection("public", _keys_by_model)
    before_district = in_schema_connection(district_schema, _keys_by_model)
    in_schema_connection(
        "public", lambda: District.objects.filter(pk=district.pk).update(signup_auto_approve=True)
    )
    yield district

    def remove_the_village() -> None:
        from tenants.models import Village

        for village in Village.objects.filter(code=CODE).select_related("tenant"):
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{village.tenant.schema_name}" CASCADE')

    in_schema_connection("public", remove_the_village)
    in_schema_connection(district_schema, lambda: _remove_rows_added_since(before_district))
    in_schema_connection("public", lambda: _remove_rows_added_since(before_public))
    in_schema_connection(
        "public", lambda: District.objects.filter(pk=district.pk).update(signup_auto_approve=False)
    )


def _latest_code_mail(district_schema: str) -> str:
    from modules.notifikasi.models import Notification

    return str(
        in_schema_connection(
            district_schema,
            lambda: Notification.objects.filter(reference__startswith="signup:").latest("pk").body,
        )
    )


def _fits_the_phone(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []
    assert missing_described_by_ids(page) == []


def test_an_applicant_signs_a_village_up_and_lands_in_its_new_staff_home(
    signup_server, auto_approving_district, browser
):
    base = signup_server
    district_schema = auto_approving_district.tenant.schema_name
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()

    page.goto(base + "/daftar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daftarkan portal gampong")
    screenshot(page, "journey-signup-1-start")
    page.get_by_role("button", name="Mulai").click()

    # 1. The village: typed into the filter, picked from the list.
    expect(page.get_by_text("Langkah 1 dari 6")).to_be_visible()
    page.get_by_label("Cari nama gampong atau kecamatan").fill("gani")
    expect(page.locator("option", has_text="Lambaro (sudah terdaftar)")).to_be_disabled()
    page.get_by_role("combobox", name="Nama gampong").select_option(CODE)
    screenshot(page, "journey-signup-2-desa")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 2. The address: suggested, checked live (a taken one first).
    expect(page.get_by_text("Langkah 2 dari 6")).to_be_visible()
    slug = page.get_by_label("Alamat portal")
    expect(slug).to_have_value(SLUG)
    slug.fill("lambaro")
    expect(page.locator("[data-address-status]")).to_contain_text("sudah dipakai gampong lain")
    slug.fill(SLUG)
    expect(page.locator("[data-address-status]")).to_contain_text("Alamat ini dapat dipakai.")
    expect(page.locator("[data-host-preview]")).to_contain_text(f"{SLUG}.{DISTRICT_SLUG}.")
    screenshot(page, "journey-signup-3-alamat")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 3. The administrator, and the code from the e-mail.
    expect(page.get_by_text("Langkah 3 dari 6")).to_be_visible()
    page.get_by_label("Nama lengkap").fill("Teuku Gani")
    page.get_by_label("Jabatan", exact=False).first.select_option("Keuchik")
    page.get_by_label("E-mail", exact=False).first.fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Simpan dan kirim kode").click()
    expect(page.get_by_role("heading", name="Masukkan kode verifikasi")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", _latest_code_mail(district_schema)).group(1)  # type: ignore[union-attr]
    page.get_by_role("textbox", name="Kode verifikasi").fill(code)
    screenshot(page, "journey-signup-4-admin")
    page.get_by_role("button", name="Verifikasi").click()

    # 4. The profile and the officials.
    expect(page.get_by_text("Langkah 4 dari 6")).to_be_visible()
    page.get_by_label("Alamat kantor").fill("Jalan Bandara Sultan Iskandar Muda, Gani")
    page.get_by_label("Jam layanan").fill("Senin–Jumat 08.00–16.00")
    page.get_by_label("Nama perangkat 1").fill("Teuku Gani")
    page.get_by_label("Jabatan perangkat 1").fill("Keuchik")
    page.locator("input[name=head][value='0']").check()
    page.get_by_label("Nama perangkat 2").fill("Cut Nyak Gani")
    page.get_by_label("Jabatan perangkat 2").fill("Sekretaris gampong")
    screenshot(page, "journey-signup-5-profil")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 5. The modules and services: all on by default.
    expect(page.get_by_text("Langkah 5 dari 6")).to_be_visible()
    expect(page.get_by_label("Pengaduan masyarakat")).to_be_checked()
    screenshot(page, "journey-signup-6-modul")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 6. The review, and submit.
    expect(page.get_by_text("Langkah 6 dari 6")).to_be_visible()
    expect(page.get_by_text(f"{SLUG}.{DISTRICT_SLUG}.")).to_be_visible()
    screenshot(page, "journey-signup-7-periksa")
    page.get_by_role("button", name="Ajukan").click()

    # The progress page follows the worker and ends with the button into the new portal.
    expect(page.get_by_role("heading", level=1)).to_have_text("Portal siap", timeout=60_000)
    expect(page.locator("ol.wizard-provision li.done")).to_have_count(5)
    screenshot(page, "journey-signup-8-siap")
    page.get_by_role("link", name="Masuk ke ruang staf portal baru").click()
    page.wait_for_url(re.compile(rf"^http://{SLUG}\.{DISTRICT_SLUG}\.[^/]+/staf/$"))
    expect(page.get_by_role("heading", name="Ruang staf")).to_be_visible()
    expect(page.get_by_text("Teuku Gani")).to_be_visible()
    expect(page.get_by_role("heading", name="Langkah pertama portal baru")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Lengkapi profil"))).to_be_visible()
    screenshot(page, "journey-signup-9-ruang-staf")
    page.context.close()


def test_the_first_two_steps_on_a_phone(signup_server, auto_approving_district, browser):
    page = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    page.goto(signup_server + "/daftar/")
    _fits_the_phone(page)
    page.get_by_role("button", name="Mulai").click()
    expect(page.get_by_text("Langkah 1 dari 6")).to_be_visible()
    page.get_by_label("Cari nama gampong atau kecamatan").fill("gani")
    page.get_by_role("combobox", name="Nama gampong").select_option(CODE)
    _fits_the_phone(page)
    screenshot(page, "journey-signup-phone-1-desa")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_text("Langkah 2 dari 6")).to_be_visible()
    expect(page.locator("[data-address-status]")).to_contain_text("Alamat ini dapat dipakai.")
    _fits_the_phone(page)
    screenshot(page, "journey-signup-phone-2-alamat")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_text("Langkah 3 dari 6")).to_be_visible()
    page.context.close()
