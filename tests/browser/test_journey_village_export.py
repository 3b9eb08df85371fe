"""The district admin exports a village, in Debian's Chromium against a real gunicorn: signs in on
the district's host, opens "Ekspor data gampong", presses "Ekspor sekarang" for Lambaro, sees the
export waiting on its progress page; the export task runs (its body called here, as the worker
would run it); the page then reads "Selesai" with the archive's size and fingerprint, and the
download is ekspor-lambaro-<date>.zip holding the manifest, the tables and the dump. Village A is
only read; the rows the journey commits are removed. Screenshots go to
tests/e2e/artifacts/journey-village-export-*.png."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tenants.models import Tenant
from tenants.routing import district_host
from tests.browser.conftest import (
    CHROMIUM,
    JOURNEY_PASSWORD,
    _keys_by_model,
    _remove_rows_added_since,
    screenshot,
)
from tests.conftest import DISTRICT_SLUG
from tests.threads import in_own_connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


@pytest.fixture
def public_tenant(district: Any) -> Iterator[Tenant]:
    public = Tenant.objects.get(schema_name="public")
    before_public = in_own_connection(public, _keys_by_model)
    before_district = in_own_connection(district.tenant, _keys_by_model)
    yield public
    in_own_connection(public, lambda: _remove_rows_added_since(before_public))
    in_own_connection(district.tenant, lambda: _remove_rows_added_since(before_district))


def _district_admin() -> str:
    from modules.accounts.models import Role
    from modules.accounts.services import staff_create

    staff_create(
        username="ekspor-kabupaten",
        full_name="Fitri Handayani",
        role=Role.DISTRICT_ADMIN,
        password=JOURNEY_PASSWORD,
        actor=None,
    )
    return "ekspor-kabupaten"


def test_the_district_admin_exports_a_village_and_downloads_it(server, district, public_tenant, desktop_page):
    from tenants import exports
    from tenants.models import VillageExport

    port = server.rsplit(":", 1)[1]
    district_url = f"http://{district_host(DISTRICT_SLUG)}:{port}"
    username = in_own_connection(district.tenant, _district_admin)
    page = desktop_page

    page.goto(district_url + "/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(JOURNEY_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(district_url + "/staf/")
    page.get_by_role("link", name="Ekspor data gampong").first.click()
    expect(page.get_by_role("heading", name="Ekspor data gampong")).to_be_visible()
    row = page.get_by_role("row", name="Lambaro")
    expect(row).to_contain_text("Belum pernah")
    screenshot(page, "journey-village-export-1-list")

    row.get_by_role("button", name="Ekspor sekarang").click()
    expect(page.get_by_role("heading", name="Ekspor Gampong Lambaro")).to_be_visible()
    expect(page.get_by_text("Status: Dalam antrean")).to_be_visible()
    screenshot(page, "journey-village-export-2-queued")

    public = public_tenant
    export_id = in_own_connection(public, lambda: VillageExport.objects.get(village_slug="lambaro").pk)
    in_own_connection(public, lambda: exports.export_run(export_id=export_id))  # the worker's work

    page.reload()
    expect(page.get_by_text("Status: Selesai")).to_be_visible()
    expect(page.get_by_text("100%", exact=True)).to_be_visible()
    screenshot(page, "journey-village-export-3-done")

    name = f"ekspor-lambaro-{timezone.localdate():%Y-%m-%d}.zip"
    with page.expect_download() as waiting:
        page.get_by_role("link", name=f"Unduh {name}").click()
    download = waiting.value
    assert download.suggested_filename == name
    content = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["schema"] == "v_1106102001"
        assert "tables/portal_villageprofile.csv" in archive.namelist()
        assert b"CREATE TABLE v_1106102001." in archive.read("schema.sql")
