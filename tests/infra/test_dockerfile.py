"""The Dockerfile cannot be built here (no docker engine). Its instructions are parsed with
dockerfile-parse, the shell commands of its RUN lines split with shlex, and what can be checked
without an engine is run against the repository: the files it copies, the settings module it
names, the entrypoint it starts and the collectstatic step of the build."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[2]
CHECKOV = ROOT / ".venv-chart" / "bin" / "checkov"
PARSED = DockerfileParser(str(ROOT / "Dockerfile"))
INSTRUCTIONS = [i for i in PARSED.structure if i["instruction"] != "COMMENT"]


def stages() -> dict[str, list[dict[str, Any]]]:
    """The instructions of each build stage, by the stage's name (FROM ... AS name)."""
    named: dict[str, list[dict[str, Any]]] = {}
    current: list[dict[str, Any]] = []
    for instruction in INSTRUCTIONS:
        if instruction["instruction"] == "FROM":
            current = named.setdefault(instruction["value"].split()[-1], [])
        current.append(instruction)
    return named


def values(stage: str, kind: str) -> list[str]:
    return [i["value"] for i in stages()[stage] if i["instruction"] == kind]


def commands(stage: str) -> list[list[str]]:
    """Every shell command of the stage's RUN lines, as words, ARG defaults substituted."""
    found = []
    for run in values(stage, "RUN"):
        for arg, default in PARSED.args.items():
            run = run.replace(f"${{{arg}}}", default)
        for command in run.split("&&"):
            words = shlex.split(command)
            if words:
                found.append(words)
    return found


def environment(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """`A=1 B=2 program args` → ({A: 1, B: 2}, [program, args])."""
    env = {}
    while words and "=" in words[0] and not words[0].startswith("-"):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def test_two_stages_from_the_pinned_slim_bookworm_image_and_the_runtime_is_last() -> None:
    assert [(i["value"]) for i in INSTRUCTIONS if i["instruction"] == "FROM"] == [
        "python:3.11-slim-bookworm AS builder",
        "python:3.11-slim-bookworm AS runtime",
    ]
    assert values("runtime", "COPY")[0] == "--from=builder /opt/venv /opt/venv"
    assert values("builder", "RUN")[0] == "python -m venv /opt/venv"


def test_the_runtime_runs_as_the_system_user_it_creates() -> None:
    [useradd] = [words for words in commands("runtime") if words[0] == "useradd"]
    [groupadd] = [words for words in commands("runtime") if words[0] == "groupadd"]
    uid = useradd[useradd.index("--uid") + 1]
    gid = useradd[useradd.index("--gid") + 1]

    assert groupadd[groupadd.index("--gid") + 1] == gid
    assert "--system" in useradd
    assert useradd[useradd.index("--shell") + 1] == "/usr/sbin/nologin"
    assert values("runtime", "USER") == [f"{uid}:{gid}"]
    assert uid != "0"
    # the uploads folder is the only one the user owns
    [chown] = [words for words in commands("runtime") if words[0] == "chown"]
    assert chown == ["chown", f"{uid}:{gid}", PARSED.envs["MEDIA_ROOT"]]


def test_the_entrypoint_and_the_healthcheck_run_the_repositorys_script() -> None:
    [entrypoint] = values("runtime", "ENTRYPOINT")
    [healthcheck] = values("runtime", "HEALTHCHECK")
    script = json.loads(entrypoint)
    health = json.loads(healthcheck[healthcheck.index("CMD") + len("CMD") :])

    assert script == ["/app/infra/docker-entrypoint.sh"]
    assert health == [*script, "healthcheck"]
    assert json.loads(values("runtime", "CMD")[0]) == ["web"]
    assert os.access(ROOT / script[0].removeprefix("/app/"), os.X_OK)


def test_the_runtime_installs_the_debian_packages_for_pdfs_and_backups() -> None:
    installed = set()
    for words in commands("runtime"):
        if words[:2] == ["apt-get", "install"]:
            installed |= {word for word in words[2:] if not word.startswith("-")}

    # pg_dump must be at least the server's major version: PostgreSQL's own repository, 14 or newer.
    assert int(PARSED.args["PG_CLIENT_MAJOR"]) >= 14
    assert {
        f"postgresql-client-{PARSED.args['PG_CLIENT_MAJOR']}",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-liberation2",
        "fontconfig",
        "tzdata",
    } <= installed
    # curl fetched the repository key only; it leaves the image.
    assert ["apt-get", "purge", "-y", "curl"] in commands("runtime")


def test_the_files_the_build_copies_exist_and_are_not_ignored() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    [copy_sources] = values("builder", "COPY")
    sources = copy_sources.split()[:-1]

    assert sources == ["pyproject.toml", "README.md"]
    for source in sources:
        assert (ROOT / source).is_file()
        assert source not in ignored
    assert {".venv", ".balai", ".git", "tests", "**/__pycache__"} <= ignored


def test_the_image_settings_module_and_python_path_exist_in_the_repository() -> None:
    module = PARSED.envs["DJANGO_SETTINGS_MODULE"]
    paths = PARSED.envs["PYTHONPATH"].split(":")

    assert paths == ["/app", "/app/platform"]
    assert (ROOT / "platform" / (module.replace(".", "/") + ".py")).is_file()
    assert PARSED.envs["MEDIA_ROOT"] == "/var/lib/balai/media"


def test_the_build_steps_collectstatic_runs_with_the_values_it_gives(tmp_path: Path) -> None:
    [collect] = [words for words in commands("runtime") if "collectstatic" in words]
    env, program = environment(list(collect))

    assert program == ["python", "platform/manage.py", "collectstatic", "--noinput"]
    assert env["DJANGO_SETTINGS_MODULE"] == "balai.settings.production"
    # The same command with the same values, here: the production settings load from them alone.
    completed = subprocess.run(
        [sys.executable, *program[1:], "--dry-run"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "static files copied" in completed.stdout


@pytest.mark.chart
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
