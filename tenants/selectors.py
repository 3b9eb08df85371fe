"""Reads of the registry that other apps need."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from .models import Tenant, TenantType, Village, VillageStatus


def current_village() -> Village:
    """The registry row of the village whose schema this connection is in (set by the request's
    routing or an explicit tenant_context)."""
    return Village.objects.select_related("district").get(
        tenant__schema_name=connection.schema_name  # type: ignore[attr-defined]
    )


def active_village_tenants() -> QuerySet[Tenant]:
    """Every active village's tenant, for work that visits each village in turn (beat tasks)."""
    return (
        Tenant.objects.filter(type=TenantType.VILLAGE, village__status=VillageStatus.ACTIVE)
        .exclude(schema_name__in=list(settings.TEMPLATE_SCHEMAS.values()))
        .order_by("schema_name")
    )
