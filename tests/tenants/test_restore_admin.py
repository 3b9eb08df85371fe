"""Platform operators' exports in the Django admin: the list, the "Ekspor data" action on villages,
the download (decrypted, a neutral name, no-store) and the "Pulihkan…" page, which calls
tenants.services.village_restore once and shows its refusals next to the fields.

The full restore (a village exported, archived, exported again, deleted, then restored through the
page) needs committed rows (the export reads on connections of its own), so it runs on a thread
with its own connection on a scratch village, as tests/tenants/test_export_restore.py does, and
removes everything it made. The refusals use a finished export whose archive holds only a manifest
of the current migration state: each refusal comes before any table is copied."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessLog
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists, tenant_context

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.audit.models import AuditEvent
from modules.portal.models import VillageProfile
from tenants import exports, schemas, services, tasks
from tenants.models import (
    Domain,
    ExportStatus,
    ReservedAddress,
    Tenant,
    Village,
    VillageExport,
    VillageStatus,
)
from tenants.routing import village_host
from tests.conftest import host_of, sign_in
from tests.threads import in_own_connection

CODE, SLUG = "11.06.10.2013", "pasie-lubuk"  # Pasie Lubuk, Ingin Jaya: made and removed here
OTHER_CODE, OTHER_SLUG = "11.06.10.2014", "bung-ceukok"
SCHEMAS = ("v_1106102013", "v_1106102014")
EXPORTS = "/admin/tenants/villageexport/"


def restore_url(export: VillageExport) -> str:
    return f"{EXPORTS}{export.pk}/pulihkan/"


def download_url(export: VillageExport) -> str:
    return f"{EXPORTS}{export.pk}/unduh/"


@pytest.fixture(autouse=True)
def files_removed_here(monkeypatch):
    """A deletion (and a failed restore) queues the removal of the schema's files: done at once."""
    monkeypatch.setattr(tasks.remove_schema_files, "delay", tasks.remove_schema_files)


@pytest.fixture
def operator(db) -> Client:
    user, _ = staff_create(username="ops-pulih", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None)
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    client.force_login(user)
    return client


def _manifest_only_archive(**village: str) -> bytes:
    """A zip the restore opens and accepts up to its tables: the current migration state, no tables."""
    manifest = {
        "format": exports.FORMAT_VERSION,
        "migration_state": schemas.current_blueprint("village").migration_state,
        "schema": SCHEMAS[0],
        "village": {"code": CODE, "slug": SLUG, "name": "Pasie Lubuk", "kecamatan": "Ingin Jaya", **village},
        "tables": {},
        "files": [],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


@pytest.fixture
def deleted_villages_export(district) -> Iterator[VillageExport]:
    """A finished export of Pasie Lubuk, a village no longer on the platform (its address reserved)."""
    content = _manifest_only_archive()
    with schema_context("public"):
        name = storages["berkas"].save("ekspor/arsip", ContentFile(content))
    export = VillageExport.objects.create(
        district=district,
        village_code=CODE,
        village_slug=SLUG,
        village_name="Pasie Lubuk",
        schema_name=SCHEMAS[0],
        status=ExportStatus.DONE,
        percent=100,
        archive_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )
    ReservedAddress.objects.create(
        district=district,
        slug=SLUG,
        village_code=CODE,
        village_name="Pasie Lubuk",
        until=timezone.now() + datetime.timedelta(days=180),
    )
    yield export
    storages["berkas"].inner.delete(name)  # type: ignore[attr-defined]


# --- the list, the action, the download ---------------------------------------------------------------


def test_the_list_is_read_only_and_names_what_an_operator_needs(operator, deleted_villages_export):
    listing = operator.get(EXPORTS)
    body = listing.content.decode()
    assert listing.status_code == 200
    assert "Pasie Lubuk" in body and CODE in body and "Aceh Besar" in body and "Selesai" in body
    assert "Unduh" in body and "Pulihkan…" in body
    assert deleted_villages_export.archive_name not in body
    assert operator.get(f"{EXPORTS}add/").status_code == 403
    assert operator.get(f"{EXPORTS}{deleted_villages_export.pk}/delete/").status_code == 403
    detail = operator.get(f"{EXPORTS}{deleted_villages_export.pk}/change/")
    assert detail.status_code == 200 and deleted_villages_export.archive_name not in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()  # nothing to save: a view


def test_the_export_action_queues_an_export_per_village(operator, village_a, monkeypatch):
    queued: list[int] = []
    monkeypatch.setattr(services, "export_queue", queued.append)
    response = operator.post(
        "/admin/tenants/village/",
        {"action": "export_selected", "_selected_action": [village_a.pk]},
        follow=True,
    )
    export = VillageExport.objects.get(village=village_a)
    assert export.status == ExportStatus.QUEUED and export.requested_by == "platform:ops-pulih"
    body = response.content.decode()
    assert "Ekspor Gampong Lambaro dimulai." in body
    assert f"{EXPORTS}{export.pk}/change/" in body
    assert AuditEvent.objects.filter(action="village.export", target_id=str(village_a.pk)).exists()
    # The village's page links to its exports, a list filtered by its code.
    change = operator.get(f"/admin/tenants/village/{village_a.pk}/change/").content.decode()
    link = f"{EXPORTS}?village_code={village_a.code}"
    assert f'href="{link}">Ekspor desa ini</a>' in change
    filtered = operator.get(link)
    assert filtered.status_code == 200 and "Lambaro" in filtered.content.decode()


def test_the_download_is_decrypted_under_a_neutral_name_and_not_stored(operator, deleted_villages_export):
    download = operator.get(download_url(deleted_villages_export))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == _manifest_only_archive()  # type: ignore[attr-defined]
    assert download["Content-Disposition"] == (
        f'attachment; filename="ekspor-{SLUG}-{timezone.localdate():%Y-%m-%d}.zip"'
    )
    assert "no-store" in download["Cache-Control"]
    assert deleted_villages_export.archive_name not in str(download.headers)


def test_a_damaged_archive_or_an_unfinished_export_gives_no_file(operator, deleted_villages_export):
    VillageExport.objects.filter(pk=deleted_villages_export.pk).update(sha256="0" * 64)
    refused = operator.get(download_url(deleted_villages_export), follow=True)
    assert refused.status_code == 200 and "rusak" in refused.content.decode()

    VillageExport.objects.filter(pk=deleted_villages_export.pk).update(status=ExportStatus.RUNNING)
    assert operator.get(download_url(deleted_villages_export)).status_code == 404
    assert operator.get(restore_url(deleted_villages_export)).status_code == 404


def test_a_district_admin_reaches_none_of_these_pages(district, district_staff, deleted_villages_export):
    client = Client(HTTP_HOST=host_of(district))
    sign_in(client, district.tenant, district_staff[Role.DISTRICT_ADMIN])
    for path in (EXPORTS, download_url(deleted_villages_export), restore_url(deleted_villages_export)):
        assert client.get(path).status_code == 404  # no admin on a district's host
    # The district's session means nothing on the platform's host: the admin asks for a sign-in.
    platform = Client(HTTP_HOST=settings.BASE_DOMAIN)
    platform.cookies = client.cookies
    for path in (download_url(deleted_villages_export), restore_url(deleted_villages_export)):
        answer = platform.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
    assert (
        platform.post(restore_url(deleted_villages_export), {"code": CODE, "slug": SLUG}).status_code == 302
    )
    assert not Village.objects.filter(code=CODE).exists()


def test_a_public_account_without_the_operators_rights_is_refused(db, deleted_villages_export):
    user = User.objects.create(
        username="bukan-ops", full_name="Bukan", role=Role.PLATFORM_OPERATOR, is_staff=True
    )
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    client.force_login(user)
    assert client.get(download_url(deleted_villages_export)).status_code == 403
    assert client.get(restore_url(deleted_villages_export)).status_code == 403


# --- the restore page's refusals ---------------------------------------------------------------------


def test_the_page_is_prefilled_with_the_exports_code_and_address(operator, deleted_villages_export):
    page = operator.get(restore_url(deleted_villages_export))
    body = page.content.decode()
    assert page.status_code == 200
    assert f'value="{CODE}"' in body and f'value="{SLUG}"' in body
    assert f'<option value="{OTHER_CODE}">Bung Ceukok</option>' in body  # a free code of the district
    assert '<option value="11.06.10.2001">' not in body  # Lambaro is on the platform
    assert "masih ada di platform" not in body


def test_the_export_of_a_village_still_on_the_platform_says_its_code_is_taken(operator, village_a):
    export = VillageExport.objects.create(
        village=village_a,
        district=village_a.district,
        village_code=village_a.code,
        village_slug=village_a.slug,
        village_name=village_a.name,
        schema_name=village_a.tenant.schema_name,
        status=ExportStatus.DONE,
        archive_name="public/ekspor/tidak-dibuka.enc",
        finished_at=timezone.now(),
    )
    body = operator.get(restore_url(export)).content.decode()
    assert "Gampong Lambaro masih ada di platform (aktif)" in body


@pytest.mark.parametrize(
    ("code", "slug", "field", "message"),
    [
        ("11.06.10.9999", SLUG, "code", "tidak ada dalam daftar wilayah Kemendagri"),
        ("11.71.01.2001", SLUG, "code", "harus diawali kode kabupatennya (11.06)"),
        ("11.06.10.2001", "lambaro-baru", "code", "sudah dipakai Gampong Lambaro (aktif)"),
        (OTHER_CODE, SLUG, "slug", "dicadangkan untuk gampong yang sudah dihapus sampai"),
        (OTHER_CODE, "lambaro", "slug", "Alamat lambaro sudah dipakai gampong lain"),
        (OTHER_CODE, "Bukan Alamat!", "slug", "Gunakan huruf kecil"),
    ],
)
def test_a_bad_or_taken_code_and_a_taken_or_reserved_address_are_refused_next_to_the_field(
    operator, village_a, deleted_villages_export, code, slug, field, message
):
    refused = operator.post(restore_url(deleted_villages_export), {"code": code, "slug": slug})

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    assert message in refused.content.decode().replace("&#x27;", "'")
    assert not Village.objects.filter(code=OTHER_CODE).exists()
    assert not schema_exists(SCHEMAS[1])


def test_a_restore_that_fails_half_way_leaves_no_village_behind(operator, deleted_villages_export):
    # The archive holds no tables: the copy is refused after the village was registered and its
    # schema built, in the same transaction.
    refused = operator.post(restore_url(deleted_villages_export), {"code": OTHER_CODE, "slug": OTHER_SLUG})

    assert refused.status_code == 400
    assert "Tabel dalam ekspor tidak sama" in " ".join(refused.context["form"].non_field_errors())
    assert not Village.objects.filter(code=OTHER_CODE).exists()
    assert not Tenant.objects.filter(schema_name=SCHEMAS[1]).exists()
    assert not Domain.objects.filter(domain__startswith=f"{OTHER_SLUG}.").exists()
    assert not schema_exists(SCHEMAS[1])


# --- the whole way: export, archive, export, delete, restore through the page -----------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), (10, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def _remove_everything(audit_before: int, clients: list[Client]) -> None:
    for client in clients:
        client.logout()  # its session row, on the public schema
    for export in VillageExport.objects.filter(village_code__in=[CODE, OTHER_CODE]):
        if export.archive_name:
            storages["berkas"].inner.delete(export.archive_name)  # type: ignore[attr-defined]
        export.delete()
    with connection.cursor() as cursor:
        for schema in SCHEMAS:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    Domain.objects.filter(tenant__schema_name__in=SCHEMAS).delete()
    Village.objects.filter(tenant__schema_name__in=SCHEMAS).delete()
    Tenant.objects.filter(schema_name__in=SCHEMAS).delete()
    ReservedAddress.objects.filter(village_code__in=[CODE, OTHER_CODE]).delete()
    User.objects.filter(username="ops-pulih-semua").delete()
    AccessLog.objects.filter(username="ops-pulih-semua").delete()  # axes notes the sign-in
    AuditEvent.objects.filter(pk__gt=audit_before).delete()
    media = Path(settings.MEDIA_ROOT)
    for schema in SCHEMAS:
        folder = media / schema
        for path in sorted(folder.rglob("*"), reverse=True) if folder.exists() else []:
            path.unlink() if path.is_file() else path.rmdir()
        if folder.exists():
            folder.rmdir()


def _export_now(village: Village) -> VillageExport:
    export = services.village_export_request(village=village, actor=None, tier="platform")
    return exports.export_run(export_id=export.pk)


@pytest.mark.django_db
def test_an_operator_restores_a_deleted_villages_export_through_the_admin(district, monkeypatch):
    monkeypatch.setattr(services, "export_queue", lambda export_id: None)  # the test runs the work
    public = Tenant.objects.get(schema_name="public")

    def work() -> dict[str, Any]:
        audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        clients: list[Client] = []
        try:
            village = services.village_create(district=district, code=CODE, slug=SLUG).tenant.village
            with tenant_context(village.tenant):
                profile = VillageProfile.objects.get()
                profile.logo.save("logo.png", ContentFile(_png()), save=True)
            _export_now(village)
            village = Village.objects.select_related("district", "tenant").get(pk=village.pk)
            address = services.village_address(village)
            services.village_archive(village=village, actor=None, confirmation=address)
            village.refresh_from_db()
            covering = _export_now(village)
            services.village_delete(village=village, actor=None, confirmation=address)
            gone = not Village.objects.filter(code=CODE).exists() and not schema_exists(SCHEMAS[0])

            user, _ = staff_create(
                username="ops-pulih-semua", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None
            )
            client = Client(HTTP_HOST=settings.BASE_DOMAIN)
            client.force_login(user)
            clients.append(client)
            page = client.get(restore_url(covering))
            restored = client.post(restore_url(covering), {"code": CODE, "slug": SLUG}, follow=True)
            village = Village.objects.select_related("district", "tenant").get(code=CODE)
            with tenant_context(village.tenant):
                logo = VillageProfile.objects.get().logo.read()
            portal = Client(HTTP_HOST=village_host(SLUG, district.slug)).get("/")
            download = client.get(download_url(covering))
            event = AuditEvent.objects.filter(action="village.restore").order_by("-pk").first()
            return {
                "gone": gone,
                "page": page.status_code,
                "restored": restored,
                "village": village,
                "schema": schema_exists(SCHEMAS[0]),
                "logo": logo,
                "portal": portal.status_code,
                "download": download,
                "download_bytes": b"".join(download.streaming_content),  # type: ignore[attr-defined]
                "event": (event.actor_id, event.detail) if event else None,
                "user": user.pk,
                "covering": covering,
            }
        finally:
            _remove_everything(audit_before, clients)

    result = in_own_connection(public, work)
    covering = result["covering"]

    assert result["gone"] and result["page"] == 200
    restored = result["restored"]
    assert restored.redirect_chain[-1][0] == f"/admin/tenants/village/{result['village'].pk}/change/"
    body = restored.content.decode()
    address = f"{SLUG}.{district.slug}.{settings.BASE_DOMAIN}"
    assert "Ekspor dipulihkan menjadi Gampong Pasie Lubuk (11.06.10.2013); portalnya aktif:" in body
    assert f'<a href="//{address}/">{address}</a>' in body
    assert result["village"].status == VillageStatus.ACTIVE and result["schema"]
    assert result["logo"] == _png()
    assert result["portal"] == 200
    download = result["download"]
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"] == f'attachment; filename="{covering.download_name}"'
    assert result["download_bytes"].startswith(b"PK")
    assert hashlib.sha256(result["download_bytes"]).hexdigest() == covering.sha256
    assert result["event"] == (
        result["user"],
        {"export": covering.pk, "from": SCHEMAS[0], "to": SCHEMAS[0]},
    )
    # Everything made here is gone again.
    assert not Village.objects.filter(code__in=[CODE, OTHER_CODE]).exists()
    assert not VillageExport.objects.filter(village_code=CODE).exists()
    assert not schema_exists(SCHEMAS[0]) and not schema_exists(SCHEMAS[1])
