"""The district's approval of a signup, in Debian's Chromium against a real gunicorn: an application
(submitted through the services, without auto-approval) waits; the district admin signs in on the
district's host, sees it counted on the staff home and listed, opens it and approves it; the
provisioning task runs (called here, as the worker would run it); the application then reads "Portal
aktif" and the new portal's host answers with its home. Screenshots of every step go to
tests/e2e/artifacts/journey-signup-approval-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import expect

from tenants.models import Tenant
from tenants.routing import district_host, village_host
from tests.browser.conftest import (
    CHROMIUM,
    JOURNEY_PASSWORD,
    _keys_by_model,
    _remove_rows_added_since,
    screenshot,
)
from tests.conftest import DISTRICT_SLUG
from tests.modules.pendaftaran.submitted import CODE
from tests.threads import in_own_connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


def _drop_new_villages() -> None:
    """The schema provisioning built for the application's village (rows go with the public ones)."""
    from tenants.models import Village

    for village in Village.objects.filter(code=CODE).select_related("tenant"):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{village.tenant.schema_name}" CASCADE')


@pytest.fixture
def public_tenant(district: Any) -> Iterator[Tenant]:
    """The registry's tenant; yields it. What the journey commits there (the application, the new
    village's rows and schema) and in the district's schema (the account, its session, the e-mails,
    audit rows) is removed afterwards. Asked for before the browser starts: no query runs in the
    test's thread once Playwright holds its event loop."""
    public = Tenant.objects.get(schema_name="public")
    before_public = in_own_connection(public, _keys_by_model)
    before_district = in_own_connection(district.tenant, _keys_by_model)
    yield public
    in_own_connection(public, _drop_new_villages)
    in_own_connection(public, lambda: _remove_rows_added_since(before_public))
    in_own_connection(district.tenant, lambda: _remove_rows_added_since(before_district))


def _district_admin() -> str:
    from modules.accounts.models import Role
    from modules.accounts.services import staff_create

    staff_create(
        username="jalan-kabupaten",
        full_name="Fitri Handayani",
        role=Role.DISTRICT_ADMIN,
        password=JOURNEY_PASSWORD,
        actor=None,
    )
    return "jalan-kabupaten"


def test_the_district_admin_approves_a_signup_and_the_new_portal_answers(
    server, district, public_tenant, desktop_page
):
    from modules.pendaftaran.models import Application, ApplicationStatus
    from modules.pendaftaran.tasks import provision_application
    from tests.modules.pendaftaran.submitted import submitted_application

    port = server.rsplit(":", 1)[1]
    district_url = f"http://{district_host(DISTRICT_SLUG)}:{port}"
    username = in_own_connection(district.tenant, _district_admin)
    application = in_own_connection(district.tenant, lambda: submitted_application(district))
    assert application.status == ApplicationStatus.SUBMITTED
    page = desktop_page

    page.goto(district_url + "/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(JOURNEY_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(district_url + "/staf/")
    waiting = page.get_by_role("link", name="1 pendaftaran menunggu persetujuan")
    expect(waiting).to_be_visible()
    expect(page.get_by_role("link", name="Pendaftaran portal gampong")).to_be_visible()
    screenshot(page, "journey-signup-approval-1-staff-home")

    waiting.click()
    expect(page.get_by_role("heading", name="Pendaftaran portal gampong")).to_be_visible()
    row = page.get_by_role("row", name="Bakoy")
    expect(row).to_contain_text("Menunggu persetujuan kabupaten")
    expect(row).to_contain_text("Ingin Jaya")
    screenshot(page, "journey-signup-approval-2-list")

    row.get_by_role("link", name="Bakoy").click()
    expect(page.get_by_role("heading", name="Gampong Bakoy")).to_be_visible()
    expect(page.get_by_text("s***********@example.id")).to_be_visible()
    expect(page.get_by_text("Teuku Bakoy")).to_be_visible()
    screenshot(page, "journey-signup-approval-3-application")

    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Pendaftaran Bakoy disetujui; portal sedang disiapkan")).to_be_visible()
    expect(page.get_by_text("Disetujui, portal sedang disiapkan")).to_be_visible()
    screenshot(page, "journey-signup-approval-4-approved")

    # The worker's task body, on a connection of its own (gunicorn queued it for a worker).
    public = public_tenant
    in_own_connection(public, lambda: provision_application.apply(args=[application.pk]))
    assert in_own_connection(public, lambda: Application.objects.get(pk=application.pk).status) == "aktif"

    page.reload()
    expect(page.get_by_text("Status: Portal aktif")).to_be_visible()
    portal = page.get_by_role("link", name=village_host("bakoy", DISTRICT_SLUG))
    expect(portal).to_be_visible()
    screenshot(page, "journey-signup-approval-5-live")

    response = page.goto(f"http://{village_host('bakoy', DISTRICT_SLUG)}:{port}/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name="Gampong Bakoy")).to_be_visible()
    expect(page.get_by_text("Teuku Bakoy")).to_be_visible()
    expect(page.get_by_text("(belum diisi)")).to_have_count(0)
    screenshot(page, "journey-signup-approval-6-new-portal")
