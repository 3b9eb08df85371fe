"""The deploy path: shared schema, then the template schemas (and their blueprints), then every
tenant schema that has something to apply, in parallel with a bounded number of processes."""

import multiprocessing
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from tenants import schemas
from tenants.models import Tenant
from tenants.services import platform_ensure


def _migrate_one(job: tuple[str, int]) -> tuple[str, str]:
    schema_name, verbosity = job
    try:
        call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=verbosity)
        return schema_name, ""
    except Exception as error:  # reported per schema; the others go on
        return schema_name, f"{type(error).__name__}: {error}"
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Migrates the shared schema, the templates, then the tenant schemas that lag (in parallel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--processes", type=int, default=2, help="parallel tenant migrations (default 2)")

    def handle(self, *args: Any, processes: int, verbosity: int, **options: Any) -> None:
        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        platform_ensure()

        for tenant_type in settings.TEMPLATE_SCHEMAS:
            template = schemas.ensure_template_schema(tenant_type)
            if schemas.pending_migrations(template, tenant_type):
                call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=verbosity)
            schemas.current_blueprint(tenant_type)  # captured now, not at the first signup
            self.stdout.write(f"template {template}: up to date")

        lagging = schemas.lagging_tenant_schemas()
        total = Tenant.objects.exclude(schema_name__in=schemas.non_tenant_schemas()).count()
        self.stdout.write(f"{total} tenant schemas, {len(lagging)} with migrations to apply")
        failures: list[tuple[str, str]] = []
        if lagging:
            connections.close_all()  # the children must not share the parent's socket
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=max(1, processes)) as pool:
                for index, (name, error) in enumerate(
                    pool.imap_unordered(_migrate_one, [(n, max(0, verbosity - 1)) for n in lagging]), 1
                ):
                    state = "FAILED " + error if error else "ok"
                    self.stdout.write(f"[{index}/{len(lagging)}] {name}: {state}")
                    if error:
                        failures.append((name, error))
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
        if failures:
            raise CommandError(
                f"{len(failures)} schemas failed to migrate: " + ", ".join(n for n, _ in failures)
            )
