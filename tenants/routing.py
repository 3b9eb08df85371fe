"""Host -> tenant, as the Domain table decides, with the lookup kept briefly per process.

The cache saves one query per request on repeat hosts (DESIGN.md: the domain lookup is the next
cost after connections). Writes that change a host or a village's status call
`forget_cached_hosts()`; other processes see the change within `CACHE_SECONDS`.
"""

import time

from django.conf import settings

from .models import Domain, Tenant

CACHE_SECONDS = 30.0
_tenant_by_host: dict[str, tuple[Tenant, float]] = {}


def tenant_for_host(hostname: str) -> Tenant:
    """Raises Domain.DoesNotExist for an unknown host."""
    cached = _tenant_by_host.get(hostname)
    if cached and time.monotonic() - cached[1] < CACHE_SECONDS:
        return cached[0]
    domain = Domain.objects.select_related(
        "tenant", "tenant__village", "tenant__village__district", "tenant__district"
    ).get(domain=hostname)
    _tenant_by_host[hostname] = (domain.tenant, time.monotonic())
    return domain.tenant


def district_host(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def village_host(village_slug: str, district_slug: str) -> str:
    return f"{village_slug}.{district_slug}.{settings.BASE_DOMAIN}"


def forget_cached_hosts() -> None:
    _tenant_by_host.clear()
