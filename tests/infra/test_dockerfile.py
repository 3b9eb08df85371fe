"""The Dockerfile cannot be built here (no docker engine); it is read and scanned instead."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
CHECKOV = ROOT / ".venv-chart" / "bin" / "checkov"


def test_both_stages_start_from_the_pinned_slim_bookworm_image() -> None:
    assert re.findall(r"^FROM (\S+) AS (\w+)$", DOCKERFILE, flags=re.MULTILINE) == [
        ("python:3.11-slim-bookworm", "builder"),
        ("python:3.11-slim-bookworm", "runtime"),
    ]


def test_the_runtime_runs_as_uid_10001_through_the_entrypoint() -> None:
    assert "useradd --system --uid 10001 --gid 10001" in DOCKERFILE
    assert re.findall(r"^USER (.+)$", DOCKERFILE, flags=re.MULTILINE) == ["10001:10001"]
    assert 'ENTRYPOINT ["/app/infra/docker-entrypoint.sh"]' in DOCKERFILE
    assert 'CMD ["/app/infra/docker-entrypoint.sh", "healthcheck"]' in DOCKERFILE


def test_the_runtime_has_the_debian_packages_for_pdfs_and_backups() -> None:
    # pg_dump must be at least the server's version: the client comes from the PostgreSQL
    # project's repository, its major version a build argument.
    assert re.search(r"^ARG PG_CLIENT_MAJOR=(1[4-9])$", DOCKERFILE, re.MULTILINE)
    assert "bookworm-pgdg main" in DOCKERFILE
    for package in (
        "postgresql-client-${PG_CLIENT_MAJOR}",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-liberation2",
    ):
        assert re.search(rf"\s{re.escape(package)}\s", DOCKERFILE), package


def test_static_files_are_collected_at_build_time_with_production_settings() -> None:
    build = DOCKERFILE[DOCKERFILE.index("RUN DJANGO_SETTINGS_MODULE=balai.settings.production") :]

    assert "python platform/manage.py collectstatic --noinput" in build
    assert "BASE_DOMAIN=build.invalid" in build


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()

    assert {".venv", ".balai", ".git", "tests", "**/__pycache__"} <= set(ignored)


def test_checkov_finds_nothing_in_the_dockerfile() -> None:
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV.relative_to(ROOT)} is missing: `make test` creates it.")
    completed = subprocess.run(
        [
            CHECKOV,
            "--file",
            ROOT / "Dockerfile",
            "--framework",
            "dockerfile",
            "--output",
            "json",
            "--quiet",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(completed.stdout)

    assert (report["summary"]["failed"], report["summary"]["parsing_errors"]) == (0, 0)
    assert report["summary"]["passed"] > 0
