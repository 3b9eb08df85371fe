"""Default content of a new tenant comes from the apps that own it, not from the registry.

An app whose tables live in village schemas gives its ``AppConfig`` a method
``seed_village(self, village: Village) -> None`` (and one in district schemas
``seed_district(self, district: District) -> None``). Provisioning calls every such hook of the
apps installed for that tenant type (``TENANT_TYPES[type]["APPS"]``), in ``INSTALLED_APPS`` order,
inside the new schema and inside the transaction that built it, so a failing seeder leaves no
half-built tenant. A hook must be idempotent: it fills what is missing and never overwrites what
the tenant has changed, because a re-run of provisioning seeds again.

So a new module adds its defaults without touching ``tenants/``, and ``tenants/`` imports no
feature module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings

from .models import District, TenantType, Village


def _hooks(tenant_type: str, name: str) -> list[Callable[[Any], None]]:
    installed = set(settings.TENANT_TYPES[tenant_type]["APPS"])
    configs: list[AppConfig] = [config for config in apps.get_app_configs() if config.name in installed]
    return [getattr(config, name) for config in configs if callable(getattr(config, name, None))]


def village_seeders() -> list[Callable[[Village], None]]:
    return _hooks(TenantType.VILLAGE, "seed_village")


def district_seeders() -> list[Callable[[District], None]]:
    return _hooks(TenantType.DISTRICT, "seed_district")


def seed_village(village: Village) -> None:
    """Callers must already be inside the village's schema."""
    for seeder in village_seeders():
        seeder(village)


def seed_district(district: District) -> None:
    """Callers must already be inside the district's schema."""
    for seeder in district_seeders():
        seeder(district)
