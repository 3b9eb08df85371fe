"""Benchmarks, run by `make bench`; figures go to bench/results/*.json (not timed assertions).

provisioning: creating one village with Balai's provisioning service (blueprint replay + seed)
against django-tenants' default create (CREATE SCHEMA + migrate every app), measured the same way:
wall time of the call, N villages each, on a scratch database `balai_bench` on the same server.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
RESULTS = ROOT / "bench" / "results"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))

# Gampong of Kecamatan Ingin Jaya (11.06.10), real codes from the region list.
CODES = [f"11.06.10.{2001 + i}" for i in range(2 * ROUNDS + 2)]


def scratch_database() -> str:
    import psycopg2
    from environ import Env

    url = os.environ["DATABASE_URL"]
    config = Env.db_url_config(url)
    from urllib.parse import unquote

    admin = psycopg2.connect(
        host=unquote(str(config["HOST"])) or None,
        port=config["PORT"] or None,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS balai_bench WITH (FORCE)")
        cursor.execute("CREATE DATABASE balai_bench")
    admin.close()
    return url.rsplit("/", 1)[0] + "/balai_bench"


def main() -> None:
    os.environ["DATABASE_URL"] = scratch_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.models import District, Tenant, TenantType
    from tenants.services import district_create, village_create

    call_command("balai_migrate", verbosity=0)
    district_create(code="11.06", slug="aceh-besar", village_noun="gampong", village_head_title="keuchik")
    district = District.objects.get(code="11.06")

    codes = iter(CODES)
    service_seconds = []
    for _ in range(ROUNDS):
        code = next(codes)
        started = time.perf_counter()
        village_create(district=district, code=code, slug=f"g{code.replace('.', '')}")
        service_seconds.append(time.perf_counter() - started)

    # The schema alone, without registry rows or default content: the like-for-like comparison
    # with django-tenants' create below, which builds the schema and nothing else.
    from django.db import connection, transaction

    from tenants import schemas

    blueprint = schemas.current_blueprint("village")
    replay_seconds = []
    for index in range(ROUNDS):
        started = time.perf_counter()
        with transaction.atomic():
            schemas.build_schema(f"bench_replay_{index}", blueprint)
        replay_seconds.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        for index in range(ROUNDS):
            cursor.execute(f"DROP SCHEMA bench_replay_{index} CASCADE")

    default_seconds = []
    for index in range(ROUNDS):
        tenant = Tenant.objects.create(
            schema_name=f"bench_default_{index}", type=TenantType.VILLAGE, name=f"bench {index}"
        )
        started = time.perf_counter()
        tenant.create_schema(check_if_exists=True, verbosity=0)  # django-tenants: migrate every app
        default_seconds.append(time.perf_counter() - started)

    result = {
        "benchmark": "village provisioning",
        "rounds": ROUNDS,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "balai_village_create_seconds (registry rows, schema, default catalogue and profile)": summary(
            service_seconds
        ),
        "balai_blueprint_replay_seconds (schema only)": summary(replay_seconds),
        "django_tenants_default_create_seconds (schema only, migrate every app)": summary(default_seconds),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "provisioning.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 4),
        "min": round(min(samples), 4),
        "max": round(max(samples), 4),
    }


if __name__ == "__main__":
    main()
