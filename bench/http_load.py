"""HTTP load on one village's home page and on /healthz, against gunicorn on 127.0.0.1 (run by
`make bench` after bench/run.py has built the scratch database). Bounded: a fixed number of
requests per target and a time cap. Figures go to bench/results/http.json."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
TIME_CAP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def load(port: int, host: str, path: str) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = REQUESTS // THREADS
    deadline = time.monotonic() + TIME_CAP_SECONDS

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(per_thread):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_second": round(len(latencies) / wall, 1),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 2),
        "latency_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
    }


def main() -> None:
    port = free_port()
    workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", "2"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balai.settings.test",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/balai_bench",
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "balai.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT / "platform",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        village_host = "g1106102001.aceh-besar.balai.test"
        load(port, village_host, "/")  # warm-up: connections, template caches
        result = {
            "benchmark": "HTTP load, gunicorn on 127.0.0.1",
            "gunicorn_workers": workers,
            "client_threads": THREADS,
            "machine": {"cores": os.cpu_count()},
            "village_home": load(port, village_host, "/"),
            "village_catalogue": load(port, village_host, "/layanan/"),
            "healthz": load(port, "10.1.2.3", "/healthz"),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "http.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
