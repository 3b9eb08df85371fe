import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = {
    "SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://balai@db/balai",
    "REDIS_URL": "redis://redis:6379/0",
    "BASE_DOMAIN": "balai.acehbesarkab.go.id",
    "PERSONAL_DATA_KEYS": "dGVzdC1vbmx5LXBlcnNvbmFsLWRhdGEta2V5LTAwMDA=",
}


def _load_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in COMPLETE}
    return subprocess.run(
        [sys.executable, "-c", "import balai.settings.production"],
        env={**clean, **env, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}

    result = _load_production_settings(env)

    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_production_starts_with_every_required_variable():
    result = _load_production_settings(COMPLETE)

    assert result.returncode == 0, result.stderr
