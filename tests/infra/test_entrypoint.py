"""infra/docker-entrypoint.sh: each role execs the right command, with the arguments passed on.

gunicorn, celery and python are replaced by stand-ins on PATH that print what they were given.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "infra" / "docker-entrypoint.sh"
USAGE = (
    "usage: docker-entrypoint.sh web | worker [ARGS...] | beat | migrate [ARGS...] | manage ARGS... "
    "| healthcheck\n"
)


@pytest.fixture
def stand_ins(tmp_path: Path) -> str:
    for program in ("gunicorn", "celery", "python"):
        stand_in = tmp_path / program
        stand_in.write_text(f'#!/bin/sh\necho {program} "$@"\n')
        stand_in.chmod(0o755)
    return f"{tmp_path}{os.pathsep}{os.environ['PATH']}"


def run(*arguments: str, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTRYPOINT, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        check=False,
    )


@pytest.mark.parametrize(
    ("arguments", "command"),
    [
        (["web"], "gunicorn balai.wsgi:application --bind 0.0.0.0:8000"),
        (["worker", "--concurrency", "2"], "celery -A balai worker -l INFO --concurrency 2"),
        (["beat"], "celery -A balai beat -l INFO --schedule /tmp/celerybeat-schedule"),
        (["migrate", "--processes", "4"], "python platform/manage.py balai_migrate --processes 4"),
        (
            ["manage", "create_district", "11.06", "aceh-besar"],
            "python platform/manage.py create_district 11.06 aceh-besar",
        ),
    ],
)
def test_each_role_runs_its_command(arguments: list[str], command: str, stand_ins: str) -> None:
    completed = run(*arguments, path=stand_ins)

    assert (completed.returncode, completed.stdout, completed.stderr) == (0, command + "\n", "")


@pytest.mark.parametrize("arguments", [[], ["manage"], ["shell"]])
def test_an_unknown_or_missing_role_prints_the_usage(arguments: list[str], stand_ins: str) -> None:
    completed = run(*arguments, path=stand_ins)

    assert (completed.returncode, completed.stdout) == (64, "")
    assert completed.stderr.endswith(USAGE)


def test_web_starts_with_an_empty_metrics_directory(stand_ins: str, tmp_path: Path) -> None:
    metrics = tmp_path / "prometheus"
    metrics.mkdir()
    (metrics / "counter_1234.db").write_bytes(b"left by a previous start")

    completed = subprocess.run(
        [ENTRYPOINT, "web"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": stand_ins, "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert (metrics.is_dir(), list(metrics.iterdir())) == (True, [])


def test_healthcheck_passes_where_gunicorn_is_not_the_main_process(stand_ins: str) -> None:
    completed = run("healthcheck", path=stand_ins)

    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")
