"""A village's module switches: `Village.modules_off` lists the app labels of optional modules it
has switched off (pengaduan, survei, rencana; `modules.pendaftaran.services.OPTIONAL_MODULES`).

The project layer enforces them, since it is the layer that may know the modules:
- `ModuleSwitchMiddleware` answers 404 for every route a switched-off module owns (its public and
  staff pages and its API routes), whether the route is named by the module's URL namespace or
  served by a view of the module's app (open311 is pengaduan's);
- `module_on` is the check the staff home calls (`settings.STAFF_MODULE_CHECK`, read by
  `modules.accounts.staff_pages` without importing any module): the menu and the waiting items of
  a switched-off module leave;
- `modules_context` gives every template `modules_off`, so the portal home shows only the cards of
  modules that are on.

The village row is loaded with the tenant on each request (tenants.routing caches ids only), so a
switch takes effect on the next request in every process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import ResolverMatch

from tenants.db import tenant_connection as connection
from tenants.models import TenantType


def modules_off_of(tenant: object) -> frozenset[str]:
    """The app labels switched off on a village's tenant; none elsewhere (district, platform)."""
    if getattr(tenant, "type", None) != TenantType.VILLAGE:
        return frozenset()
    try:
        village = tenant.village  # type: ignore[attr-defined]
    except Exception:  # a tenant without its registry row: nothing is switched off
        return frozenset()
    return frozenset(village.modules_off or ())


def module_on(label: str) -> bool:
    """Whether the module (an app label or a URL namespace) is on in the current schema's tenant."""
    return label not in modules_off_of(getattr(connection, "tenant", None))


def route_modules(match: ResolverMatch) -> set[str]:
    """The modules a route belongs to: its URL namespaces and the app of its view."""
    labels = set(match.namespaces)
    view: Any = match.func
    module = getattr(
        getattr(view, "view_class", None) or getattr(view, "cls", None) or view, "__module__", ""
    )
    config = apps.get_containing_app_config(module) if module else None
    if config is not None:
        labels.add(config.label)
    return labels


class ModuleSwitchMiddleware:
    """404 for a route of a module the village has switched off (after the tenant is chosen)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        off = modules_off_of(getattr(request, "tenant", None))
        match = request.resolver_match
        if off and match is not None and route_modules(match) & off:
            raise Http404("module switched off")
        return None


def modules_context(request: HttpRequest) -> dict[str, Any]:
    """`modules_off` for every template (the portal home's cards, any link to an optional module)."""
    return {"modules_off": modules_off_of(getattr(request, "tenant", None))}
