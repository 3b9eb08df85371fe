"""Export → restore round trip (issue 13's "Done when"): a village with content in every module is
exported by the task's own code, restored into a new schema, and every table's rows (ordered by
primary key) and every file are compared between the two schemas.

The export reads the village on a connection of its own (and pg_dump on another), which cannot see
what a test writes inside its transaction; so the work runs on a thread with its own connection
(tests.threads), on a scratch village of the session's district that the test builds and removes
with its restored copy, their files and their registry rows. The session's villages A and B are
not touched."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists, tenant_context

from modules.accounts.models import Role
from modules.berkas.models import StagedUpload
from modules.portal.models import VillageProfile
from tenants import exports, services
from tenants.models import Domain, ExportStatus, Tenant, Village, VillageExport
from tests.conftest import staff_of
from tests.factories import (
    DayOverrideFactory,
    NotificationFactory,
    OfficialFactory,
    ServiceStandardFactory,
    SopDocumentFactory,
)
from tests.modules.layanan.data import NIK_WOMAN, new_request_data, signed_letter
from tests.platform.test_routes import (
    complaint_objects_of_a,
    plan_objects_of_a,
    ppid_objects_of_a,
    survey_objects_of_a,
)
from tests.threads import in_own_connection

SOURCE = {"code": "11.06.10.2011", "slug": "lubok-sukon"}
TARGET = {"code": "11.06.10.2012", "slug": "lubok-gapuy"}
SCHEMAS = ("v_1106102011", "v_1106102012")


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _content_in_every_module(village: Village) -> None:
    """What the route test gives village A (tests.platform.test_routes), in this village: a request
    with a scanned document and its signed letter, an official, an adopted SOP document, a complaint
    with a photo, PPID requests, items and an objection, a survey, a kiosk and a poll, a published
    plan with a photo; and a logo and a local day off."""
    staff = staff_of(village)
    with tenant_context(village.tenant):
        standard = ServiceStandardFactory(service__slug="surat-khusus-lubok", service__name="Surat Khusus")
        service = standard.service
        letter = signed_letter(
            village=village,
            service=service,
            operator=staff[Role.OPERATOR],
            signer=staff[Role.VILLAGE_ADMIN],
            data=new_request_data(applicant_name="Pocut Baren Lubok", nik=NIK_WOMAN, phone="081377770001"),
            attachments=[("KTP", SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp", "application/pdf"))],
        )
        OfficialFactory(name="Ampon Sulaiman Lubok")
        SopDocumentFactory(decree_number="7/KPTS-LUBOK/2026")
        complaint_objects_of_a(village, staff)
        ppid_objects_of_a(village, staff)
        survey_objects_of_a(village, staff, letter)
        plan_objects_of_a(staff)
        DayOverrideFactory(day=datetime.date(2026, 12, 24), is_working_day=False, reason="Kenduri gampong")
        profile = VillageProfile.objects.get()
        profile.logo.save("logo.png", ContentFile(_png()), save=True)
        # The shared apps: a message in the outbox, a file kept for a form's next try, a staff
        # session and a refused sign-in.
        NotificationFactory()
        staged = StagedUpload(token="t" * 64, owner_hash="o" * 64, content_type="application/pdf", size=12)
        staged.file.save("kk.pdf", ContentFile(b"%PDF-1.4 kk"), save=True)
        session = SessionStore()
        session["_auth_user_id"] = str(staff[Role.VILLAGE_ADMIN].pk)
        session.create()
        AccessAttempt.objects.create(
            username="tamu", ip_address="192.0.2.7", user_agent="uji", failures_since_start=1
        )


def _file_columns(schema: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        tables = set(exports.schema_tables(cursor, schema))
    found: dict[str, list[str]] = {}
    for item in exports._file_columns(tables):
        found.setdefault(item.table, []).append(item.column)
    return found


def _columns_of(schema: str, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return exports._columns(cursor, schema, table)


def _compare(source: str, target: str) -> dict[str, Any]:
    """Every table's rows, file columns aside (their names carry the schema), must be equal; the
    files behind them must hold the same bytes."""
    with connection.cursor() as cursor:
        tables = exports.schema_tables(cursor, source)
        assert exports.schema_tables(cursor, target) == tables
    file_columns = _file_columns(source)
    differences: dict[str, Any] = {}
    files_compared = 0
    for table in tables:
        columns = _columns_of(source, table)
        file_positions = [columns.index(column) for column in file_columns.get(table, [])]
        left, right = exports.table_rows(source, table), exports.table_rows(target, table)
        if len(left) != len(right):
            differences[table] = f"{len(left)} rows against {len(right)}"
            continue
        for row_left, row_right in zip(left, right, strict=True):
            plain_left = [value for index, value in enumerate(row_left) if index not in file_positions]
            plain_right = [value for index, value in enumerate(row_right) if index not in file_positions]
            if plain_left != plain_right:
                differences[table] = (plain_left, plain_right)
                break
            for position in file_positions:
                if not row_left[position]:
                    assert not row_right[position]
                    continue
                assert row_right[position].startswith(f"{target}/"), row_right[position]
                field = next(
                    item.field for item in exports._file_columns({table}) if item.column == columns[position]
                )
                with schema_context(source), field.storage.open(row_left[position]) as stored:
                    original = stored.read()
                with schema_context(target), field.storage.open(row_right[position]) as stored:
                    copied = stored.read()
                assert original == copied, (table, columns[position])
                files_compared += 1
    return {"differences": differences, "files_compared": files_compared, "tables": tables}


def _tables_with_rows_by_app(schema: str) -> dict[str, int]:
    by_table = {model._meta.db_table: model._meta.app_label for model in apps.get_models()}
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in exports.schema_tables(cursor, schema):
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 (names from pg_catalog)
            rows = cursor.fetchone()[0]
            label = by_table.get(table, table)
            counts[label] = counts.get(label, 0) + rows
    return counts


def _remove_everything() -> None:
    for export in VillageExport.objects.filter(village_code__in=[SOURCE["code"], TARGET["code"]]):
        if export.archive_name:
            storages["berkas"].inner.delete(export.archive_name)  # type: ignore[attr-defined]
        export.delete()
    with connection.cursor() as cursor:
        for schema in SCHEMAS:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    Domain.objects.filter(tenant__schema_name__in=SCHEMAS).delete()
    Village.objects.filter(tenant__schema_name__in=SCHEMAS).delete()
    Tenant.objects.filter(schema_name__in=SCHEMAS).delete()
    media = Path(settings.MEDIA_ROOT)
    for schema in SCHEMAS:
        for path in sorted((media / schema).rglob("*"), reverse=True) if (media / schema).exists() else []:
            path.unlink() if path.is_file() else path.rmdir()
        if (media / schema).exists():
            (media / schema).rmdir()


@pytest.mark.django_db
def test_export_then_restore_round_trips_every_row_and_file(district, monkeypatch):
    queued: list[int] = []
    monkeypatch.setattr(services, "export_queue", queued.append)  # the test runs the task's work itself
    public = Tenant.objects.get(schema_name="public")

    def work() -> dict[str, Any]:
        try:
            village = services.village_create(district=district, **SOURCE).tenant.village
            _content_in_every_module(village)
            export = services.village_export_request(village=village, actor=None, tier="platform")
            assert export.status == ExportStatus.QUEUED
            assert queued == [export.pk]
            export = exports.export_run(export_id=export.pk)
            with zipfile.ZipFile(exports.archive_open(export)) as archive:
                names = set(archive.namelist())
                manifest = json.loads(archive.read("manifest.json"))
                json_rows = {
                    table: len(json.loads(archive.read(entry["json"]["path"])))
                    for table, entry in manifest["tables"].items()
                }
                dump = archive.read("schema.sql").decode()
            restored = services.village_restore(export=export, actor=None, **TARGET)
            comparison = _compare(village.tenant.schema_name, restored.tenant.schema_name)
            # What the restored portal answers: its own rows, in its own schema.
            with tenant_context(restored.tenant):
                logo = VillageProfile.objects.get().logo
                logo_bytes = logo.read()
            return {
                "export": export,
                "names": names,
                "manifest": manifest,
                "json_rows": json_rows,
                "dump": dump,
                "restored": restored,
                "comparison": comparison,
                "source_counts": _tables_with_rows_by_app(village.tenant.schema_name),
                "logo": logo_bytes,
                "archive_name": export.archive_name,
                "ciphertext": storages["berkas"].inner.open(export.archive_name).read(),  # type: ignore[attr-defined]
            }
        finally:
            _remove_everything()

    result = in_own_connection(public, work)
    export, manifest, comparison = result["export"], result["manifest"], result["comparison"]

    assert export.status == ExportStatus.DONE and export.percent == 100
    assert [key for key, _label in exports.STEPS] == export.progress
    assert len(export.sha256) == 64 and export.size > 0
    assert export.download_name == f"ekspor-lubok-sukon-{timezone.localdate():%Y-%m-%d}.zip"
    # Stored encrypted, under a random name of the public prefix that says nothing of the village.
    assert result["archive_name"].startswith("public/ekspor/") and "lubok" not in result["archive_name"]
    assert not result["ciphertext"].startswith(b"PK")
    # Every table as CSV and JSON, the files, the dump and the manifest.
    tables = comparison["tables"]
    assert {f"tables/{table}.csv" for table in tables} <= result["names"]
    assert {f"tables/{table}.json" for table in tables} <= result["names"]
    assert {"manifest.json", "schema.sql"} <= result["names"]
    assert {table: entry["rows"] for table, entry in manifest["tables"].items()} == result["json_rows"]
    assert "CREATE TABLE v_1106102011.layanan_servicerequest (" in result["dump"]
    assert "COPY v_1106102011.layanan_servicerequest " in result["dump"]
    assert manifest["migration_state"] == export.migration_state
    assert all(not entry.get("missing") for entry in manifest["files"])
    # Content in every module with village tables.
    village_apps = {
        config.label
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_TYPES["village"]["APPS"] and list(config.get_models())
    }
    empty = sorted(label for label in village_apps if not result["source_counts"].get(label))
    assert empty == [], f"modules without content: {empty}"
    # The round trip: every row equal, every file equal.
    assert comparison["differences"] == {}
    assert comparison["files_compared"] >= 8
    assert result["logo"] == _png()
    assert result["restored"].status == "active" and result["restored"].name == "Lubok Sukon"
    assert not schema_exists(SCHEMAS[0]) and not schema_exists(SCHEMAS[1])


@pytest.mark.django_db
def test_an_export_of_another_migration_state_is_refused_with_a_clear_message(district):
    manifest = {"format": exports.FORMAT_VERSION, "migration_state": "0" * 64}
    blueprint = exports.schemas.current_blueprint("village")
    with pytest.raises(ValidationError) as refused:
        exports.check_restorable(manifest, blueprint)
    assert refused.value.code == "migration_state"
    assert "versi basis data yang lain" in refused.value.messages[0]


@pytest.mark.django_db
def test_an_unfinished_export_cannot_be_opened_or_restored(district, village_a):
    export = VillageExport.objects.create(
        village=village_a,
        district=district,
        village_code=village_a.code,
        village_slug=village_a.slug,
        village_name=village_a.name,
        schema_name=village_a.tenant.schema_name,
    )
    with pytest.raises(ValidationError) as refused:
        services.village_restore(export=export, actor=None, **TARGET)
    assert refused.value.code == "export_not_done"
    assert not Village.objects.filter(code=TARGET["code"]).exists()
