"""Host -> tenant, as the Domain table decides, with the host -> tenant id mapping kept in Django's
cache (Redis), so that every web process shares it and one write forgets it for all of them.

The cache holds ids, never Tenant objects: a request loads its tenant (with its village or
district) by primary key, so a status or a name is always read fresh. What can go stale is only
which tenant a host belongs to, and the writes that change that (a domain, a slug) call
`forget_hosts()` after they commit; `CACHE_SECONDS` bounds what a missed invalidation (Redis down
at that moment) can cost. With Redis down, routing reads the Domain table (never a 500).

Keys live in the `routing` cache alias, whose keys do not depend on the schema the connection is
on (they belong to the public registry): `public:1:balai.routing.host:<host>`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from .models import Domain, Tenant, Village

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
CACHE_ALIAS = "routing"
_RELATED = ("village", "village__district", "district")


def normalise_host(hostname: str) -> str:
    """`LAMBARO.aceh-besar.balai.localhost.` and `lambaro.aceh-besar.balai.localhost` are one host:
    host names are case-insensitive and a trailing dot only says the name is fully qualified."""
    return hostname.strip().lower().removesuffix(".")


def _key(hostname: str) -> str:
    return f"balai.routing.host:{hostname}"


def tenant_for_host(hostname: str) -> Tenant:
    """The tenant that `hostname` reaches. Raises Domain.DoesNotExist for an unknown host."""
    host = normalise_host(hostname)
    cache = caches[CACHE_ALIAS]
    try:
        tenant_id = cache.get(_key(host))
    except Exception as error:  # Redis unreachable: the Domain table answers alone
        logger.warning("host cache unavailable, routing from the database (%s)", type(error).__name__)
        return _from_domain_table(host)
    if tenant_id is not None:
        tenant = Tenant.objects.select_related(*_RELATED).filter(pk=tenant_id).first()
        if tenant is not None:
            return tenant
    tenant = _from_domain_table(host)
    try:
        cache.set(_key(host), tenant.pk, CACHE_SECONDS)
    except Exception as error:
        logger.warning("host cache unavailable, tenant of a host not kept (%s)", type(error).__name__)
    return tenant


def _from_domain_table(host: str) -> Tenant:
    domain = Domain.objects.select_related(*(f"tenant__{name}" for name in _RELATED)).get(domain=host)
    return domain.tenant


def forget_hosts(hostnames: Iterable[str]) -> None:
    """Every process routes these hosts from the Domain table again. Call it after the write that
    moved them has committed (`transaction.on_commit`), or a request in between caches the old
    answer again."""
    keys = [_key(normalise_host(host)) for host in hostnames if host]
    if not keys:
        return
    try:
        caches[CACHE_ALIAS].delete_many(keys)
    except Exception as error:  # the entries expire after CACHE_SECONDS
        logger.warning("host cache unavailable, %d hosts not forgotten (%s)", len(keys), type(error).__name__)


def district_host(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def village_host(village_slug: str, district_slug: str) -> str:
    return f"{village_slug}.{district_slug}.{settings.BASE_DOMAIN}"


def public_url(host: str, path: str) -> str:
    """An absolute link to `path` on `host` as a resident's browser reaches it, for links made
    outside a request (a letter's QR code, a message): https in production, plain http when DEBUG
    is on; with the port `PUBLIC_PORT` when that is set (development: runserver's)."""
    scheme = "http" if settings.DEBUG else "https"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{scheme}://{host}{port}{path}"


def village_page_url(village: Village, url_name: str, **kwargs: str) -> str:
    """An absolute link to a named page of the village URLconf, for links made outside a request
    (a message, a letter, a DIP entry): the URLconf is named, since no request chose it."""
    path = reverse(url_name, kwargs=kwargs, urlconf=str(settings.TENANT_TYPES["village"]["URLCONF"]))
    return public_url(village_host(village.slug, village.district.slug), path)
