"""Platform operators' side of the lifecycle in the Django admin: suspend and resume as actions,
archive and delete on their own pages with the address typed, the status field refusing archived,
and no plain delete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from modules.accounts.models import Role
from modules.accounts.services import staff_create
from tenants import services
from tenants.models import Village, VillageStatus
from tests.tenants.exports_data import finished_export
from tests.tenants.test_lifecycle import CODE


@pytest.fixture
def operator_client(db) -> Client:
    user, _ = staff_create(username="ops-siklus", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None)
    client = Client(HTTP_HOST="balai.test")
    client.force_login(user)
    return client


@pytest.fixture
def lamteh(district) -> Village:
    services.village_create(district=district, code=CODE, slug="lamteh")
    return Village.objects.select_related("tenant", "district").get(code=CODE)


def test_suspend_and_resume_as_admin_actions(operator_client, village_a, village_b):
    changelist = "/admin/tenants/village/"

    operator_client.post(changelist, {"action": "suspend_selected", "_selected_action": [village_a.pk]})
    assert Village.objects.get(pk=village_a.pk).status == VillageStatus.SUSPENDED
    response = operator_client.post(
        changelist,
        {"action": "resume_selected", "_selected_action": [village_a.pk, village_b.pk]},
        follow=True,
    )

    body = response.content.decode()
    assert Village.objects.get(pk=village_a.pk).status == VillageStatus.ACTIVE
    assert "Portal Gampong Lambaro dibuka kembali." in body
    assert "Hanya portal yang ditangguhkan atau diarsipkan" in body  # Siron was open


def test_the_status_field_does_not_archive(operator_client, lamteh):
    finished_export(lamteh)
    form = {"name": lamteh.name, "kecamatan": lamteh.kecamatan, "slug": lamteh.slug, "status": "archived"}

    response = operator_client.post(f"/admin/tenants/village/{lamteh.pk}/change/", form)

    assert response.status_code == 200
    assert "Arsipkan atau buka kembali lewat tombolnya" in response.content.decode()
    assert Village.objects.get(pk=lamteh.pk).status == VillageStatus.ACTIVE


def test_archive_page_refuses_without_export_then_archives_and_delete_follows(operator_client, lamteh):
    change = operator_client.get(f"/admin/tenants/village/{lamteh.pk}/change/").content.decode()
    assert "Belum ada ekspor yang selesai." in change and "Arsipkan…" in change
    address = services.village_address(lamteh)
    archive_url = f"/admin/tenants/village/{lamteh.pk}/arsipkan/"

    refused = operator_client.post(archive_url, {"confirmation": address})
    assert refused.status_code == 400
    assert "setelah ekspor data gampong ini selesai" in refused.content.decode()

    finished_export(lamteh)
    mistyped = operator_client.post(archive_url, {"confirmation": "lamteh"})
    assert mistyped.status_code == 400 and "persis seperti tertulis" in mistyped.content.decode()
    assert operator_client.post(archive_url, {"confirmation": address}).status_code == 302
    assert Village.objects.get(pk=lamteh.pk).status == VillageStatus.ARCHIVED

    delete_url = f"/admin/tenants/village/{lamteh.pk}/hapus-permanen/"
    assert operator_client.post(delete_url, {"confirmation": address}).status_code == 400  # no newer export
    finished_export(Village.objects.select_related("tenant", "district").get(pk=lamteh.pk))
    assert operator_client.post(delete_url, {"confirmation": address}).status_code == 302
    connection.set_schema_to_public()
    assert not Village.objects.filter(code=CODE).exists()


def test_no_plain_delete_and_a_bad_id_is_404(operator_client, village_a):
    assert operator_client.get(f"/admin/tenants/village/{village_a.pk}/delete/").status_code == 403
    assert operator_client.get("/admin/tenants/village/999999/arsipkan/").status_code == 404
