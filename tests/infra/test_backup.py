"""infra/backup: the scripts run against the session's test database, as an operator runs them.

They talk to PostgreSQL over their own connections, so every change a test makes to a schema is
real (not inside the test's transaction) and every test puts back what it changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from tenants.models import Village

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "infra" / "backup"
SCRIPTS = ["backup-all.sh", "restore-all.sh", "backup-village.sh", "restore-village.sh"]


def database_url(name: str | None = None) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = quote(settings["HOST"] or "localhost", safe="")  # a socket directory is percent-encoded
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgresql://{user}{password}@{host}{port}/{quote(name or settings['NAME'], safe='')}"


def client_major(directory: Path) -> int:
    version = subprocess.run([directory / "pg_dump", "--version"], capture_output=True, text=True, check=True)
    return int(re.search(r"(\d+)(?:\.\d+)+", version.stdout).group(1))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def client_path(django_db_setup: None, django_db_blocker: object) -> str:
    """PATH with a pg_dump/pg_restore/psql at least as new as the server (pg_dump refuses newer
    servers): pgserver's bundled client, Debian's, or whatever is on PATH."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        connection.ensure_connection()
        server_major = connection.pg_version // 10000
    candidates = [Path(p).parent for p in [shutil.which("pg_dump")] if p]
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    usable = [d for d in candidates if (d / "pg_dump").exists() and client_major(d) >= server_major]
    if not usable:
        pytest.fail(
            f"no pg_dump of version {server_major} or newer: install postgresql-client-{server_major}"
        )
    newest = max(usable, key=client_major)
    return f"{newest}{os.pathsep}{os.environ['PATH']}"


def run(
    script: str, *arguments: str | Path, url: str | None, path: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": path}
    environment.pop("DATABASE_URL", None)
    if url is not None:
        environment["DATABASE_URL"] = url
    return subprocess.run(
        [BACKUP / script, *map(str, arguments)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def execute(url: str, *statements: str) -> None:
    with psycopg2.connect(url) as outside, outside.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    outside.close()


def fingerprint(url: str, *schemas: str) -> dict[str, dict[str, int]]:
    """Row count of every table, per schema: what a restore must bring back exactly."""
    result: dict[str, dict[str, int]] = {}
    with psycopg2.connect(url) as outside, outside.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema = ANY(%s) ORDER BY 1, 2",
            [list(schemas)],
        )
        for schema, table in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
            result.setdefault(schema, {})[table] = cursor.fetchone()[0]
    outside.close()
    return result


def all_schemas(url: str) -> list[str]:
    with psycopg2.connect(url) as outside, outside.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' "
            "AND nspname NOT LIKE 'pg\\_%' ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    outside.close()
    return names


@pytest.fixture
def restored_database() -> Iterator[str]:
    """A new, empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    maintenance = psycopg2.connect(database_url("postgres"))
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()


@pytest.mark.slow
def test_restore_village_brings_back_that_village_and_touches_nothing_else(
    village_a: Village, village_b: Village, client_path: str, tmp_path: Path
) -> None:
    url = database_url()
    a, b = village_a.tenant.schema_name, village_b.tenant.schema_name
    before = fingerprint(url, a, b, "public")
    assert before[a]["django_migrations"] > 0

    backup = run("backup-village.sh", a, tmp_path / "a.dump", url=url, path=client_path, cwd=tmp_path)
    assert (backup.returncode, backup.stdout) == (0, f"{tmp_path / 'a.dump'}\n"), backup.stderr
    # After the backup: a table of A is lost, a table appears in A, and one in B.
    execute(
        url,
        f'DROP TABLE "{a}".django_migrations',
        f'CREATE TABLE "{a}".written_after_backup (id integer)',
        f'CREATE TABLE "{b}".written_after_backup (id integer)',
    )
    try:
        restore = run("restore-village.sh", a, tmp_path / "a.dump", url=url, path=client_path, cwd=tmp_path)

        assert (restore.returncode, restore.stdout) == (0, f"restored {a} from {tmp_path / 'a.dump'}\n"), (
            restore.stderr
        )
        after = fingerprint(url, a, b, "public")
        assert after[a] == before[a]
        assert after[b] == before[b] | {"written_after_backup": 0}
        assert after["public"] == before["public"]
    finally:
        execute(url, f'DROP TABLE IF EXISTS "{b}".written_after_backup')
        if fingerprint(url, a)[a] != before[a]:
            run("restore-village.sh", a, tmp_path / "a.dump", url=url, path=client_path, cwd=tmp_path)


@pytest.mark.slow
def test_restore_village_refuses_another_villages_file_and_changes_nothing(
    village_a: Village, village_b: Village, client_path: str, tmp_path: Path
) -> None:
    url = database_url()
    a, b = village_a.tenant.schema_name, village_b.tenant.schema_name
    backup = run("backup-village.sh", b, tmp_path / "b.dump", url=url, path=client_path, cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    before = fingerprint(url, a, b, "public")

    restore = run("restore-village.sh", a, tmp_path / "b.dump", url=url, path=client_path, cwd=tmp_path)

    assert restore.returncode == 1
    assert restore.stderr == (
        f"restore-village.sh: {tmp_path / 'b.dump'} holds the schemas [{b}], not just {a}; "
        f"use the file backup-village.sh {a} wrote\n"
    )
    assert fingerprint(url, a, b, "public") == before


@pytest.mark.slow
def test_backup_village_of_a_missing_schema_fails_and_leaves_no_file(
    client_path: str, tmp_path: Path, db: None
) -> None:
    backup = run(
        "backup-village.sh",
        "v_0000000000",
        tmp_path / "x.dump",
        url=database_url(),
        path=client_path,
        cwd=tmp_path,
    )

    assert backup.returncode == 1
    assert 'no matching schemas were found for pattern "v_0000000000"' in backup.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_backup_all_restores_into_an_empty_database_and_refuses_a_full_one(
    village_a: Village, client_path: str, tmp_path: Path, restored_database: str
) -> None:
    url = database_url()
    schemas = all_schemas(url)
    assert {"public", village_a.tenant.schema_name} <= set(schemas)
    backup = run("backup-all.sh", tmp_path / "all.dump", url=url, path=client_path, cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr

    restore = run(
        "restore-all.sh", tmp_path / "all.dump", url=restored_database, path=client_path, cwd=tmp_path
    )

    assert (restore.returncode, restore.stdout) == (0, f"restored {tmp_path / 'all.dump'}\n"), restore.stderr
    assert all_schemas(restored_database) == schemas
    assert fingerprint(restored_database, *schemas) == fingerprint(url, *schemas)
    again = run(
        "restore-all.sh", tmp_path / "all.dump", url=restored_database, path=client_path, cwd=tmp_path
    )
    assert again.returncode == 1
    assert "restore into a new, empty database (createdb), then point DATABASE_URL at it" in again.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_explains_its_usage(script: str, tmp_path: Path) -> None:
    completed = run(script, "--help", url=None, path=os.environ["PATH"], cwd=tmp_path)

    assert completed.returncode == 64
    assert completed.stderr.startswith("usage: DATABASE_URL=postgres://")
    assert script in completed.stderr.splitlines()[0]


@pytest.mark.parametrize("script", ["backup-all.sh", "backup-village.sh"])
def test_a_missing_database_url_is_named(script: str, tmp_path: Path) -> None:
    arguments = ["v_1106102001"] if script == "backup-village.sh" else []

    completed = run(script, *arguments, url=None, path=os.environ["PATH"], cwd=tmp_path)

    assert completed.returncode == 1
    assert (
        completed.stderr
        == f"{script}: set DATABASE_URL to the PostgreSQL URL, e.g. postgres://balai:password@db:5432/balai\n"
    )


@pytest.mark.parametrize("schema", ["public", "template_village", "v_1;drop", "V_1"])
def test_restore_village_refuses_what_is_not_a_village_schema(schema: str, tmp_path: Path) -> None:
    completed = run(
        "restore-village.sh",
        schema,
        tmp_path / "any.dump",
        url="postgres://unused",
        path=os.environ["PATH"],
        cwd=tmp_path,
    )

    assert completed.returncode == 1
    assert completed.stderr.startswith(f"restore-village.sh: '{schema}' is not")
