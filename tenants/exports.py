"""A village's export and its restore into a new schema (issue 13, the lifecycle).

The export (`export_run`, run by the task `tenants.export_village`) reads the village's schema in one
read-only REPEATABLE READ transaction on a connection of its own, whose snapshot it hands to
`pg_dump --snapshot`, so the tables, the dump and the manifest show one moment of the village while
its portal keeps working. It is generic over the schema: every table there (whatever module owns it)
goes into the archive as CSV (`COPY … TO STDOUT`, the exact text PostgreSQL reads back) and JSON
(`json_agg` of the rows), ordered by primary key; the files named by the FileFields of the models
whose tables are there (found through the app registry, so `tenants` imports no feature module) are
read through their own storage (decrypted) into `files/`; `schema.sql` is `pg_dump --schema` of it;
`manifest.json` lists the tables with their row counts and sha256s, the files with theirs, the
migration state and the village. The zip is stored in the `berkas` storage (encrypted at rest, under
a random name in the public prefix); its sha256 and size go on the `VillageExport` row. Progress is
written in short transactions of the default connection while the work goes on, never under a lock.

Encrypted columns (NIK, phone…) stay the ciphertext they are in the database: the archive is the
village's data as Balai holds it, restorable with the platform's keys.

The restore (`tenants.services.village_restore`) refuses an export taken at another migration
state, then in one transaction registers the new village, replays the village blueprint into the
new schema, empties its tables, copies every table's CSV back (`COPY … FROM STDIN`; foreign
keys are deferred to commit), moves each identity sequence past the copied ids, saves the files
again through their storage under the new schema's prefix and points the rows at their new names;
then the portal opens.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg2
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, quote_schema_name, schema_context, schema_exists

from . import schemas
from .models import ExportStatus, SchemaBlueprint, VillageExport

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
# The archive's storage: files holding personal data, encrypted at rest (modules.berkas), reached by
# its alias so that the registry imports no shared app.
ARCHIVE_STORAGE = "berkas"
ARCHIVE_FOLDER = "ekspor"
# The steps of an export, in order, for the progress page; "tabel" grows with the tables copied.
STEPS = (
    ("mulai", _("Memulai")),
    ("tabel", _("Menyalin tabel (JSON dan CSV)")),
    ("berkas", _("Menyalin berkas unggahan")),
    ("pg_dump", _("Membuat salinan basis data (pg_dump)")),
    ("simpan", _("Menyimpan arsip terenkripsi")),
)
_TABLES_SHARE = (5, 75)  # the percent range the table copies fill


# --- progress ------------------------------------------------------------------------------------


def _progress(export_id: int, key: str | None = None, *, percent: int | None = None, **fields: Any) -> None:
    """One short transaction, so the progress page sees it while the work goes on."""
    with transaction.atomic():
        export = VillageExport.objects.select_for_update().get(pk=export_id)
        if key and key not in export.progress:
            export.progress = [*export.progress, key]
        if percent is not None:
            export.percent = max(export.percent, min(100, percent))
        for name, value in fields.items():
            setattr(export, name, value)
        export.save(update_fields=["progress", "percent", *fields])


# --- the export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileColumn:
    table: str
    column: str
    field: models.FileField


def _file_columns(tables: set[str]) -> list[FileColumn]:
    """The FileFields (and ImageFields) of the installed models whose tables are in the schema."""
    found = []
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.append(FileColumn(model._meta.db_table, field.column or field.name, field))
    return sorted(found, key=lambda item: (item.table, item.column))


def _connection_params() -> dict[str, Any]:
    params = dict(connection.get_connection_params())
    params.pop("cursor_factory", None)
    return params


def _pg_env() -> dict[str, str]:
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }


def schema_tables(cursor: Any, schema_name: str) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [schema_name],
    )
    return [row[0] for row in cursor.fetchall()]


def _columns(cursor: Any, schema_name: str, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum",
        [f'{quote_schema_name(schema_name)}."{table}"'],
    )
    return [row[0] for row in cursor.fetchall()]


def _primary_key(cursor: Any, schema_name: str, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)",
        [f'{quote_schema_name(schema_name)}."{table}"'],
    )
    return [row[0] for row in cursor.fetchall()]


def order_clause(cursor: Any, schema_name: str, table: str) -> str:
    """ORDER BY the primary key (every column where a table has none), so two copies of a table
    list their rows in the same order."""
    keys = _primary_key(cursor, schema_name, table) or _columns(cursor, schema_name, table)
    return ", ".join(f'"{key}"' for key in keys)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _snapshot_cursor() -> Iterator[tuple[Any, str]]:
    """A cursor of a connection of its own in a read-only REPEATABLE READ transaction, and the
    snapshot's id for pg_dump."""
    raw = psycopg2.connect(**_connection_params())
    try:
        raw.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor, cursor.fetchone()[0]
        raw.rollback()
    finally:
        raw.close()


def export_run(*, export_id: int) -> VillageExport:
    """Builds and stores the archive of a queued export. Idempotent: a finished export is left as it
    is; a failed or interrupted one starts again. Callers are on the public schema."""
    export = VillageExport.objects.get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    _progress(
        export_id,
        "mulai",
        percent=1,
        status=ExportStatus.RUNNING,
        started_at=timezone.now(),
        error="",
    )
    try:
        stored = _build_archive(export)
    except Exception as error:
        logger.exception("export %s of %s failed", export_id, export.schema_name)
        _progress(export_id, status=ExportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    with transaction.atomic():  # a file saved here is removed again if the row is not written
        storage = storages[ARCHIVE_STORAGE]
        with stored.path.open("rb") as handle:
            name = storage.save(f"{ARCHIVE_FOLDER}/arsip", File(handle))
        _progress(
            export_id,
            "simpan",
            percent=100,
            status=ExportStatus.DONE,
            archive_name=name,
            size=stored.size,
            sha256=stored.sha256,
            migration_state=stored.migration_state,
            finished_at=timezone.now(),
        )
    stored.path.unlink(missing_ok=True)
    logger.info("export %s of %s done (%d bytes)", export_id, export.schema_name, stored.size)
    return VillageExport.objects.get(pk=export_id)


@dataclass(frozen=True)
class _Built:
    path: Path
    size: int
    sha256: str
    migration_state: str


def _build_archive(export: VillageExport) -> _Built:
    schema = export.schema_name
    if not schema_exists(schema):
        raise RuntimeError(f"schema {schema} does not exist")
    quoted = quote_schema_name(schema)
    handle, name = tempfile.mkstemp(prefix="balai-ekspor-", suffix=".zip")
    os.close(handle)
    path = Path(name)
    try:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
            _snapshot_cursor() as (cursor, snap),
        ):
            cursor.execute(f"SELECT app, name FROM {quoted}.django_migrations")
            applied = {(app, migration) for app, migration in cursor.fetchall()}
            state = schemas.migration_state(applied)
            tables = schema_tables(cursor, schema)
            manifest_tables: dict[str, Any] = {}
            low, high = _TABLES_SHARE
            for index, table in enumerate(tables):
                manifest_tables[table] = _copy_table(cursor, archive, schema, table)
                _progress(export.pk, percent=low + (high - low) * (index + 1) // max(1, len(tables)))
            _progress(export.pk, "tabel")
            files = _copy_files(cursor, archive, schema, set(tables))
            _progress(export.pk, "berkas", percent=high + 5)
            dump_sha = _copy_dump(archive, schema, snap)
            _progress(export.pk, "pg_dump", percent=high + 15)
            village = export.village
            manifest = {
                "format": FORMAT_VERSION,
                "made_at": timezone.now().isoformat(),
                "village": {
                    "code": export.village_code,
                    "slug": export.village_slug,
                    "name": export.village_name,
                    "kecamatan": village.kecamatan if village else "",
                    "modules_off": list(village.modules_off or []) if village else [],
                    "district_code": export.district.code,
                },
                "schema": schema,
                "migration_state": state,
                "migrations": sorted(f"{app}.{migration}" for app, migration in applied),
                "tables": manifest_tables,
                "files": files,
                "pg_dump": {"path": "schema.sql", "sha256": dump_sha},
                "notes": (
                    "tables/<tabel>.csv and .json: every row ordered by primary key; encrypted "
                    "columns are kept as stored (Fernet). files/: the uploaded files, decrypted. "
                    "schema.sql: pg_dump --schema of the village's schema."
                ),
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        return _Built(path=path, size=path.stat().st_size, sha256=_sha256_file(path), migration_state=state)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _copy_table(cursor: Any, archive: zipfile.ZipFile, schema: str, table: str) -> dict[str, Any]:
    quoted_table = f'{quote_schema_name(schema)}."{table}"'
    order = order_clause(cursor, schema, table)
    columns = _columns(cursor, schema, table)
    with tempfile.TemporaryFile() as scratch:
        cursor.copy_expert(
            f"COPY (SELECT * FROM {quoted_table} ORDER BY {order}) TO STDOUT WITH (FORMAT csv, HEADER)",
            scratch,
        )
        scratch.seek(0)
        csv_sha = hashlib.sha256()
        with archive.open(f"tables/{table}.csv", "w") as target:
            for chunk in iter(lambda: scratch.read(1 << 20), b""):
                csv_sha.update(chunk)
                target.write(chunk)
    cursor.execute(
        f"SELECT count(*), COALESCE(json_agg(t ORDER BY {order}), '[]'::json)::text FROM {quoted_table} t"
    )
    rows, body = cursor.fetchone()
    data = body.encode()
    archive.writestr(f"tables/{table}.json", data)
    return {
        "rows": rows,
        "columns": columns,
        "primary_key": _primary_key(cursor, schema, table),
        "csv": {"path": f"tables/{table}.csv", "sha256": csv_sha.hexdigest()},
        "json": {"path": f"tables/{table}.json", "sha256": hashlib.sha256(data).hexdigest()},
    }


def _copy_files(cursor: Any, archive: zipfile.ZipFile, schema: str, tables: set[str]) -> list[dict[str, Any]]:
    """Every file a row of the schema names, read through its field's storage inside the village's
    schema (the encrypted storage decrypts it and refuses another schema's)."""
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    prefix = f"{schema}/"
    for item in _file_columns(tables):
        cursor.execute(
            f'SELECT DISTINCT "{item.column}" FROM {quote_schema_name(schema)}."{item.table}" '
            f"WHERE \"{item.column}\" <> '' ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            relative = name[len(prefix) :] if name.startswith(prefix) else name
            target = f"files/{item.table}/{item.column}/{relative}"
            entry: dict[str, Any] = {"table": item.table, "column": item.column, "name": name, "path": target}
            with schema_context(schema):
                try:
                    with item.field.storage.open(name, "rb") as stored:
                        content = stored.read()
                except (FileNotFoundError, PermissionError) as error:
                    entry.update(missing=True, error=type(error).__name__)
                    entries.append(entry)
                    continue
            if target not in seen:
                archive.writestr(target, content)
                seen.add(target)
            entry.update(size=len(content), sha256=hashlib.sha256(content).hexdigest())
            entries.append(entry)
    return entries


def _copy_dump(archive: zipfile.ZipFile, schema: str, snapshot: str) -> str:
    command = [
        schemas.pg_dump_binary(),
        "--no-owner",
        "--no-privileges",
        f"--schema={schema}",
        f"--snapshot={snapshot}",
    ]
    with tempfile.TemporaryFile() as scratch:
        result = subprocess.run(
            command, env=_pg_env(), stdout=scratch, stderr=subprocess.PIPE, check=False, timeout=1800
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"pg_dump of {schema} failed: {result.stderr.decode(errors='replace').strip()}"
            )
        scratch.seek(0)
        digest = hashlib.sha256()
        with archive.open("schema.sql", "w") as target:
            for chunk in iter(lambda: scratch.read(1 << 20), b""):
                digest.update(chunk)
                target.write(chunk)
    return digest.hexdigest()


# --- reading an archive back -----------------------------------------------------------------------


def archive_open(export: VillageExport) -> IO[bytes]:
    """The decrypted archive (a file object), checked against its sha256. Callers are on the
    public schema."""
    if export.status != ExportStatus.DONE or not export.archive_name:
        raise ValidationError(_("Ekspor ini belum selesai."), code="export_not_done")
    with (
        schema_context(get_public_schema_name()),
        storages[ARCHIVE_STORAGE].open(export.archive_name, "rb") as stored,
    ):
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != export.sha256:
        raise ValidationError(_("Arsip ekspor ini rusak (sidik sha256 tidak cocok)."), code="export_corrupt")
    return io.BytesIO(content)


# --- the restore ---------------------------------------------------------------------------------


def _storage_target(storage: Storage, relative: str, new_schema: str) -> str:
    """The name to save a restored file under: the berkas storage puts the schema in front itself
    (`prefixes_schema`); the default storage is given names that already carry it."""
    if getattr(storage, "prefixes_schema", False):
        return relative
    return f"{new_schema}/{relative}"


def manifest_read(archive: zipfile.ZipFile) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return manifest


def check_restorable(manifest: dict[str, Any], blueprint: SchemaBlueprint) -> None:
    """Refuses an export taken at another migration state than the code's."""
    if (
        manifest.get("format") != FORMAT_VERSION
        or manifest.get("migration_state") != blueprint.migration_state
    ):
        raise ValidationError(
            _(
                "Ekspor ini diambil pada versi basis data yang lain (%(theirs)s, sekarang %(ours)s): "
                "pulihkan dengan versi Balai yang membuatnya, lalu perbarui."
            )
            % {
                "theirs": str(manifest.get("migration_state", ""))[:12],
                "ours": blueprint.migration_state[:12],
            },
            code="migration_state",
        )


def load_archive(archive: zipfile.ZipFile, manifest: dict[str, Any], schema: str) -> None:
    """Every table's rows and every file of the archive into a schema just built from the blueprint.
    Callers hold the transaction."""
    _load_rows(archive, manifest, schema)
    _load_files(archive, manifest, schema)


def _load_rows(archive: zipfile.ZipFile, manifest: dict[str, Any], schema: str) -> None:
    quoted = quote_schema_name(schema)
    with connection.cursor() as cursor:
        tables = schema_tables(cursor, schema)
        if set(tables) != set(manifest["tables"]):
            raise ValidationError(
                _("Tabel dalam ekspor tidak sama dengan tabel versi ini."), code="tables_differ"
            )
        # The blueprint's reference rows (content types, permissions, migrations) give way to the
        # export's own, so ids stay what the rows refer to.
        # TRUNCATE refuses tables with foreign-key checks pending: they are run (the blueprint's
        # rows pass) before it, and deferred again to the commit for the copies.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE " + ", ".join(f'{quoted}."{table}"' for table in tables))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            entry = manifest["tables"][table]
            columns = ", ".join(f'"{column}"' for column in entry["columns"])
            with archive.open(entry["csv"]["path"]) as source:
                cursor.copy_expert(
                    f'COPY {quoted}."{table}" ({columns}) FROM STDIN WITH (FORMAT csv, HEADER)', source
                )
        for table in tables:
            cursor.execute(
                "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attnum > 0 "
                "AND NOT a.attisdropped AND pg_get_serial_sequence(%s, a.attname) IS NOT NULL",
                [f'{quoted}."{table}"'] * 2,
            )
            for (column,) in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f'(SELECT COALESCE(MAX("{column}"), 0) + 1 FROM {quoted}."{table}"), false)',
                    [f'{quoted}."{table}"', column],
                )


def _load_files(archive: zipfile.ZipFile, manifest: dict[str, Any], schema: str) -> None:
    fields = {(item.table, item.column): item.field for item in _file_columns(set(manifest["tables"]))}
    old_prefix = f"{manifest['schema']}/"
    quoted = quote_schema_name(schema)
    renamed: dict[tuple[str, str, str], str] = {}
    with schema_context(schema):
        for entry in manifest["files"]:
            if entry.get("missing"):
                continue
            field = fields.get((entry["table"], entry["column"]))
            if field is None:
                continue
            key = (entry["table"], entry["column"], entry["name"])
            if key in renamed:
                continue
            name = entry["name"]
            relative = name[len(old_prefix) :] if name.startswith(old_prefix) else name
            content = archive.read(entry["path"])
            saved = field.storage.save(_storage_target(field.storage, relative, schema), ContentFile(content))
            renamed[key] = saved
        with connection.cursor() as cursor:
            for (table, column, old), new in renamed.items():
                cursor.execute(
                    f'UPDATE {quoted}."{table}" SET "{column}" = %s WHERE "{column}" = %s', [new, old]
                )


# --- comparing two schemas (the round-trip test, and an operator's check after a restore) -----------


def table_rows(schema: str, table: str) -> list[tuple[Any, ...]]:
    """Every row of a table, ordered by primary key, as PostgreSQL's text of each column."""
    quoted = quote_schema_name(schema)
    with connection.cursor() as cursor:
        order = order_clause(cursor, schema, table)
        buffer = io.BytesIO()
        cursor.copy_expert(
            f'COPY (SELECT * FROM {quoted}."{table}" ORDER BY {order}) TO STDOUT WITH (FORMAT csv)', buffer
        )
    text = buffer.getvalue().decode()
    return [tuple(row) for row in csv.reader(io.StringIO(text))]
