import json
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


def test_the_beat_schedule_is_assembled_from_what_the_apps_register_as_celery_beat_loads_them():
    """As `celery -A balai beat` does before it builds its scheduler: load the app's modules (the
    Django fix-up sets Django up, and the apps' ready() register their entries)."""
    script = (
        "import json; from balai.celery import app; app.loader.import_default_modules(); "
        "print(json.dumps(app.conf.beat_schedule, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "balai.settings.test",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
        },
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(result.stdout.splitlines()[-1]) == {
        "indikator.reconcile_nightly": {
            "task": "indikator.reconcile_nightly",
            "schedule": "<crontab: 30 2 * * * (m/h/dM/MY/d)>",
            "options": {"expires": 21600},
        },
        "notifikasi.flush_outbox": {
            "task": "notifikasi.flush_outbox",
            "schedule": 60.0,
            "options": {"expires": 55},
        },
        "pengaduan.daily_reminders": {
            "task": "pengaduan.daily_reminders",
            "schedule": "<crontab: 0 7 * * * (m/h/dM/MY/d)>",
            "options": {"expires": 21600},
        },
        "ppid.daily_reminders": {
            "task": "ppid.daily_reminders",
            "schedule": "<crontab: 15 7 * * * (m/h/dM/MY/d)>",
            "options": {"expires": 21600},
        },
    }
