"""The district admin's lifecycle of a village, in Debian's Chromium against a real gunicorn: signed
in on the district's host, the admin opens "Portal gampong", suspends Lambaro, whose host then answers
the maintenance page naming it (503, also on the staff sign-in), resumes it, and is refused archiving
while no export has finished, with the reason next to the form. Screenshots go to
tests/e2e/artifacts/journey-village-lifecycle-*.png.

What the journey commits (the account, its session, audit rows in the district's schema; village A's
status) is put back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tenants.models import Tenant, Village
from tenants.routing import district_host, village_host
from tests.browser.conftest import (
    CHROMIUM,
    JOURNEY_PASSWORD,
    _keys_by_model,
    _remove_rows_added_since,
    screenshot,
)
from tests.conftest import DISTRICT_SLUG, VILLAGE_A
from tests.threads import in_own_connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


def _district_admin() -> str:
    from modules.accounts.models import Role
    from modules.accounts.services import staff_create

    staff_create(
        username="jalan-siklus",
        full_name="Fitri Handayani",
        role=Role.DISTRICT_ADMIN,
        password=JOURNEY_PASSWORD,
        actor=None,
    )
    return "jalan-siklus"


@pytest.fixture
def put_back(district: Any, village_a: Village) -> Iterator[Tenant]:
    """Village A's status as it was, and no row the journey wrote in public or the district's
    schema. Asked for before the browser starts (no query once Playwright holds the event loop)."""
    public = Tenant.objects.get(schema_name="public")
    before = Village.objects.values("status", "status_changed_at").get(pk=village_a.pk)
    before_public = in_own_connection(public, _keys_by_model)
    before_district = in_own_connection(district.tenant, _keys_by_model)
    yield public
    in_own_connection(public, lambda: Village.objects.filter(pk=village_a.pk).update(**before))
    in_own_connection(public, lambda: _remove_rows_added_since(before_public))
    in_own_connection(district.tenant, lambda: _remove_rows_added_since(before_district))
    from tenants.routing import forget_hosts

    forget_hosts([village_host(VILLAGE_A["slug"], DISTRICT_SLUG)])


def test_the_district_admin_suspends_and_resumes_a_village_and_cannot_archive_without_an_export(
    server, district, village_a, put_back, desktop_page
):
    port = server.rsplit(":", 1)[1]
    district_url = f"http://{district_host(DISTRICT_SLUG)}:{port}"
    portal_url = server  # village A's host
    username = in_own_connection(district.tenant, _district_admin)
    page = desktop_page

    page.goto(district_url + "/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(JOURNEY_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(district_url + "/staf/")
    page.get_by_role("link", name="Portal gampong", exact=True).click()
    expect(page.get_by_role("heading", name="Portal gampong")).to_be_visible()
    row = page.get_by_role("row", name="Lambaro")
    expect(row).to_contain_text("Aktif")
    expect(row).to_contain_text("belum ada")
    screenshot(page, "journey-village-lifecycle-1-list")

    row.get_by_role("link", name="Lambaro").click()
    expect(page.get_by_role("heading", name="Gampong Lambaro")).to_be_visible()
    screenshot(page, "journey-village-lifecycle-2-village")
    page.get_by_role("button", name="Tangguhkan portal").click()
    expect(page.get_by_text("Portal Gampong Lambaro ditangguhkan")).to_be_visible()
    expect(page.get_by_text("Status: Ditangguhkan")).to_be_visible()
    screenshot(page, "journey-village-lifecycle-3-suspended")

    visitor = page.context.new_page()
    response = visitor.goto(portal_url + "/")
    assert response is not None and response.status == 503
    expect(
        visitor.get_by_role("heading", name="Portal Gampong Lambaro sedang dalam pemeliharaan")
    ).to_be_visible()
    screenshot(visitor, "journey-village-lifecycle-4-maintenance")
    response = visitor.goto(portal_url + "/staf/masuk/")
    assert response is not None and response.status == 503
    expect(visitor.get_by_text("Staf tidak dapat masuk selama portal ditangguhkan")).to_be_visible()
    expect(visitor.get_by_label("Kata sandi")).to_have_count(0)
    screenshot(visitor, "journey-village-lifecycle-5-no-sign-in")

    page.get_by_role("button", name="Buka kembali portal").click()
    expect(page.get_by_text("Portal Gampong Lambaro dibuka kembali.")).to_be_visible()
    response = visitor.goto(portal_url + "/")
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("heading", name="Gampong Lambaro")).to_be_visible()
    screenshot(visitor, "journey-village-lifecycle-6-resumed")

    expect(
        page.get_by_text("Belum ada ekspor yang selesai: buat ekspor data gampong ini lebih dulu.")
    ).to_be_visible()
    page.get_by_label("Ketik alamat portal untuk mengonfirmasi").fill(village_host("lambaro", DISTRICT_SLUG))
    page.get_by_role("button", name="Arsipkan portal").click()
    expect(page.get_by_text("Arsipkan hanya setelah ekspor data gampong ini selesai.")).to_be_visible()
    expect(page.get_by_text("Status: Aktif")).to_be_visible()
    screenshot(page, "journey-village-lifecycle-7-archive-refused")
    assert in_own_connection(put_back, lambda: Village.objects.get(pk=village_a.pk).status) == "active"
