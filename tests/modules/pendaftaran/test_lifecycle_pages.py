"""The district's village pages (/staf/pendaftaran/desa/): the list, one village, and suspend,
resume, archive and delete through them (POST only; refusals next to the field, never a 500). The
villages archived or deleted are made by the test; A is only suspended, in the test's transaction."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from modules.accounts.models import Role
from tenants import services
from tenants.models import ExportStatus, Village, VillageExport, VillageStatus
from tests.conftest import host_of, sign_in
from tests.tenants.exports_data import finished_export
from tests.tenants.test_lifecycle import CODE

URLCONF = "balai.urls_district"


def url(name: str, **kwargs: int) -> str:
    return reverse(f"pendaftaran_staff:{name}", kwargs=kwargs, urlconf=URLCONF)


@pytest.fixture
def admin(district, district_staff) -> Client:
    client = Client(HTTP_HOST=host_of(district))
    sign_in(client, district.tenant, district_staff[Role.DISTRICT_ADMIN])
    return client


@pytest.fixture
def facilitator(district, district_staff) -> Client:
    client = Client(HTTP_HOST=host_of(district))
    sign_in(client, district.tenant, district_staff[Role.FACILITATOR])
    return client


@pytest.fixture
def lamteh(district) -> Village:
    services.village_create(district=district, code=CODE, slug="lamteh")
    return Village.objects.select_related("tenant", "district").get(code=CODE)


def status_of(village: Village) -> str:
    connection.set_schema_to_public()
    return Village.objects.get(pk=village.pk).status


def test_the_list_names_each_village_with_its_status_and_export(admin, village_a, village_b):
    finished_export(village_a)

    response = admin.get(url("villages"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Portal gampong</h1>" in body
    assert f'href="{url("village", village_id=village_a.pk)}">Lambaro</a>' in body
    assert "Siron" in body and "belum ada" in body and "Aktif" in body


def test_the_district_admin_suspends_and_resumes_a_village(admin, village_a, client_a):
    page = admin.get(url("village", village_id=village_a.pk))
    assert 'value="tangguhkan"' in page.content.decode()

    suspended = admin.post(
        url("village_suspend", village_id=village_a.pk), {"step": "tangguhkan"}, follow=True
    )

    assert "Portal Gampong Lambaro ditangguhkan" in suspended.content.decode()
    assert status_of(village_a) == VillageStatus.SUSPENDED
    assert client_a.get("/").status_code == 503

    resumed = admin.post(url("village_resume", village_id=village_a.pk), {"step": "buka"}, follow=True)

    assert "Portal Gampong Lambaro dibuka kembali" in resumed.content.decode()
    assert status_of(village_a) == VillageStatus.ACTIVE


def test_an_empty_or_wrong_step_changes_nothing(admin, village_a):
    empty = admin.post(url("village_suspend", village_id=village_a.pk))
    wrong = admin.post(url("village_suspend", village_id=village_a.pk), {"step": "buka"}, follow=True)

    assert empty.status_code == 302
    assert "Pilih tindakan dengan tombolnya." in wrong.content.decode()
    assert status_of(village_a) == VillageStatus.ACTIVE


def test_actions_are_post_only_and_the_facilitator_only_reads(admin, facilitator, village_a):
    assert admin.get(url("village_suspend", village_id=village_a.pk)).status_code == 405
    page = facilitator.get(url("village", village_id=village_a.pk))
    assert page.status_code == 200
    assert "Tangguhkan portal" not in page.content.decode()
    assert (
        facilitator.post(url("village_suspend", village_id=village_a.pk), {"step": "tangguhkan"}).status_code
        == 403
    )
    assert status_of(village_a) == VillageStatus.ACTIVE


def test_archive_without_an_export_is_refused_on_the_page(admin, lamteh):
    response = admin.post(
        url("village_archive", village_id=lamteh.pk), {"arsip-confirmation": services.village_address(lamteh)}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Arsipkan hanya setelah ekspor data gampong ini selesai" in body
    assert "Belum ada ekspor yang selesai" in body
    assert status_of(lamteh) == VillageStatus.ACTIVE


def test_a_wrong_address_is_shown_next_to_the_field(admin, lamteh):
    finished_export(lamteh)

    response = admin.post(url("village_archive", village_id=lamteh.pk), {"arsip-confirmation": "lamteh"})

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_arsip-confirmation_error"' in body
    assert "Ketik alamat lamteh.aceh-besar.balai.test persis seperti tertulis" in body


def test_archive_then_delete_through_the_pages(admin, lamteh, client):
    finished_export(lamteh)
    address = services.village_address(lamteh)

    archived = admin.post(
        url("village_archive", village_id=lamteh.pk), {"arsip-confirmation": address}, follow=True
    )
    assert "Portal Gampong Lamteh diarsipkan" in archived.content.decode()
    assert "Belum ada ekspor yang selesai sesudah portal diarsipkan." in archived.content.decode()
    refused = admin.post(url("village_delete", village_id=lamteh.pk), {"hapus-confirmation": address})
    assert refused.status_code == 400
    connection.set_schema_to_public()
    finished_export(Village.objects.select_related("tenant", "district").get(pk=lamteh.pk))

    deleted = admin.post(
        url("village_delete", village_id=lamteh.pk), {"hapus-confirmation": address}, follow=True
    )

    assert "Portal Gampong Lamteh dihapus. Alamat lamteh dicadangkan sampai" in deleted.content.decode()
    connection.set_schema_to_public()
    assert not Village.objects.filter(code=CODE).exists()
    assert admin.get(url("village", village_id=lamteh.pk)).status_code == 404


def test_another_districts_village_or_a_bad_id_is_404(admin):
    assert admin.get(url("village", village_id=999999)).status_code == 404
    assert (
        admin.post(url("village_delete", village_id=999999), {"hapus-confirmation": "x"}).status_code == 404
    )


def _export_start_form(village: Village) -> str:
    return f'action="{url("export_start", village_id=village.pk)}"'


def _finish(export_id: int) -> None:
    connection.set_schema_to_public()
    VillageExport.objects.filter(pk=export_id).update(
        status=ExportStatus.DONE, percent=100, finished_at=timezone.now()
    )


def test_archive_export_delete_can_be_walked_through_the_pages(admin, facilitator, lamteh, monkeypatch):
    monkeypatch.setattr(services, "export_queue", lambda export_id: None)  # the task is not run here
    page = admin.get(url("village", village_id=lamteh.pk)).content.decode()
    assert "Belum ada ekspor data gampong ini." in page and _export_start_form(lamteh) in page
    assert (
        _export_start_form(lamteh)
        not in facilitator.get(url("village", village_id=lamteh.pk)).content.decode()
    )

    started = admin.post(url("export_start", village_id=lamteh.pk))
    connection.set_schema_to_public()
    first = VillageExport.objects.get(village=lamteh)
    assert started["Location"] == url("export", export_id=first.pk)
    export_page = admin.get(started["Location"]).content.decode()
    assert f'href="{url("village", village_id=lamteh.pk)}">Portal Gampong Lamteh</a>' in export_page
    queued = admin.get(url("village", village_id=lamteh.pk)).content.decode()
    assert f'href="{url("export", export_id=first.pk)}"' in queued and "Dalam antrean" in queued
    assert _export_start_form(lamteh) not in queued  # one is waiting

    _finish(first.pk)
    address = services.village_address(lamteh)
    archived = admin.post(
        url("village_archive", village_id=lamteh.pk), {"arsip-confirmation": address}, follow=True
    ).content.decode()
    assert "Portal Gampong Lamteh diarsipkan" in archived
    # Delete waits for an export taken after archiving: the page offers it.
    assert "Hapus memerlukan ekspor yang dibuat sesudah portal diarsipkan." in archived
    assert _export_start_form(lamteh) in archived

    again = admin.post(url("export_start", village_id=lamteh.pk))
    connection.set_schema_to_public()
    second = VillageExport.objects.filter(village=lamteh).exclude(pk=first.pk).get()
    assert again["Location"] == url("export", export_id=second.pk)
    _finish(second.pk)
    ready = admin.get(url("village", village_id=lamteh.pk)).content.decode()
    assert f'href="{url("export", export_id=second.pk)}"' in ready and _export_start_form(lamteh) not in ready

    deleted = admin.post(url("village_delete", village_id=lamteh.pk), {"hapus-confirmation": address})
    assert deleted.status_code == 302 and deleted["Location"] == url("villages")
    connection.set_schema_to_public()
    assert not Village.objects.filter(code=CODE).exists()
    # The export page stays (the archive outlives the village) without a link to a page that is gone.
    after = admin.get(url("export", export_id=second.pk)).content.decode()
    assert "Portal Gampong Lamteh</a>" not in after and "Selesai" in after
