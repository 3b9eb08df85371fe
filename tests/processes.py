"""Real server processes that tests start (Celery workers, gunicorn) on this test database."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def process_env(
    *, settings_module: str = "balai.settings.test", extra_path: str = "", **extra: str
) -> dict[str, str]:
    """The environment of a child process that must use the database this test session created."""
    database = settings.DATABASES["default"]
    python_path = f"{ROOT}:{ROOT / 'platform'}" + (f":{extra_path}" if extra_path else "")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": python_path,
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database["NAME"],
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def start_celery_worker(
    queue: str, *, env: dict[str, str], output: IO[Any] | int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    """A solo-pool worker that consumes only `queue`, so parallel test processes never share one."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "balai",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT / "platform",
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn (one worker) on a free loopback port with `env`; returns once the port answers (or
    after 30 s, when the test's first request will say what went wrong)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "balai.wsgi:application",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=Path(__file__).resolve().parents[1] / "platform",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    return process, port
