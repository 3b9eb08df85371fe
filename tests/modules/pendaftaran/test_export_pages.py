"""The district admin's export pages: the villages with an "Ekspor sekarang" button (POST), the
export's progress (refreshed while it runs), and the download of a finished one, decrypted and
served under a neutral name; nothing of the stored archive's name reaches a page or a header; the
facilitator opens none of them. The export's own work is tested in tests/tenants/test_export_restore."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from tenants.models import ExportStatus, VillageExport
from tests.conftest import host_of, sign_in
from tests.tenants.exports_data import finished_export

pytestmark = pytest.mark.django_db
LIST = "/staf/pendaftaran/ekspor/"


@pytest.fixture
def as_district(district, district_staff):
    def make(role: str) -> Client:
        client = Client(HTTP_HOST=host_of(district))
        sign_in(client, district.tenant, district_staff[role])
        return client

    return make


def test_the_district_admin_starts_an_export_and_follows_its_progress(district, village_a, as_district):
    client = as_district(Role.DISTRICT_ADMIN)
    listing = client.get(LIST)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Ekspor data gampong" in body and "Lambaro" in body and "Ekspor sekarang" in body

    assert client.get(f"{LIST}desa/{village_a.pk}/mulai/").status_code == 405  # POST only
    started = client.post(f"{LIST}desa/{village_a.pk}/mulai/")
    export = VillageExport.objects.get(village=village_a)
    assert started.status_code == 302 and started["Location"] == f"{LIST}{export.pk}/"
    assert export.status == ExportStatus.QUEUED and export.requested_by.startswith("kabupaten:")
    with tenant_context(district.tenant):
        assert AuditEvent.objects.filter(action="village.export", target_id=str(village_a.pk)).exists()

    # A second press while it waits gives the same export, not a second one.
    client.post(f"{LIST}desa/{village_a.pk}/mulai/")
    assert VillageExport.objects.filter(village=village_a).count() == 1

    progress = client.get(f"{LIST}{export.pk}/")
    page = progress.content.decode()
    assert progress.status_code == 200
    assert "Dalam antrean" in page and 'http-equiv="refresh"' in page and "Menyalin tabel" in page
    assert client.get(f"{LIST}{export.pk}/unduh/").status_code == 404  # nothing to download yet


def test_a_finished_export_downloads_under_a_neutral_name(village_a, as_district):
    export = finished_export(village_a, archive=b"PK isi arsip")
    client = as_district(Role.DISTRICT_ADMIN)
    page = client.get(f"{LIST}{export.pk}/").content.decode()
    assert "Unduh ekspor-lambaro-" in page and 'http-equiv="refresh"' not in page
    assert export.archive_name not in page

    download = client.get(f"{LIST}{export.pk}/unduh/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK isi arsip"  # type: ignore[attr-defined]
    assert download["Content-Disposition"] == (
        f'attachment; filename="ekspor-lambaro-{timezone.localdate():%Y-%m-%d}.zip"'
    )
    assert "no-store" in download["Cache-Control"]
    assert export.archive_name not in str(download.headers)


def test_a_damaged_archive_is_refused_with_a_message_not_an_error(village_a, as_district):
    export = finished_export(village_a, archive=b"PK isi arsip")
    VillageExport.objects.filter(pk=export.pk).update(sha256="0" * 64)
    client = as_district(Role.DISTRICT_ADMIN)
    refused = client.get(f"{LIST}{export.pk}/unduh/", follow=True)
    assert refused.status_code == 200
    assert "rusak" in refused.content.decode()


def test_the_facilitator_and_unknown_ids_get_nothing(village_a, as_district):
    export = finished_export(village_a, archive=b"PK isi arsip")
    facilitator = as_district(Role.FACILITATOR)
    for path in (LIST, f"{LIST}{export.pk}/", f"{LIST}{export.pk}/unduh/"):
        assert facilitator.get(path).status_code == 403
    assert facilitator.post(f"{LIST}desa/{village_a.pk}/mulai/").status_code == 403
    admin = as_district(Role.DISTRICT_ADMIN)
    assert admin.get(f"{LIST}{export.pk + 1000}/").status_code == 404
    assert admin.post(f"{LIST}desa/999999/mulai/").status_code == 404
    assert not VillageExport.objects.exclude(pk=export.pk).exists()
