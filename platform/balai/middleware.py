"""Request routing: probes and metrics first, then the tenant chosen by the Host header through the
Domain table."""

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www

from modules.throttling.addresses import loggable_client_address
from tenants.db import tenant_connection as connection
from tenants.models import Domain, Tenant, TenantType, Village, VillageStatus
from tenants.routing import normalise_host, tenant_for_host

from .logging import mask_path, request_id
from .observability import LATENCY, REQUESTS

# One line per request, in place of gunicorn's access log: JSON in production, with the schema
# and request id, and without the secrets some paths carry.
access_log = logging.getLogger("balai.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ProbeMiddleware:
    """Answers Kubernetes probes for any Host header, before tenant resolution and host checks.

    `/healthz` says the process is alive and touches nothing; `/readyz` checks PostgreSQL and Redis.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/metrics":
            return _metrics(request)
        if request.path == "/readyz":
            checks = {"database": _database_ready(), "redis": _redis_ready()}
            status = 200 if all(checks.values()) else 503
            return JsonResponse(
                {"status": "ok" if status == 200 else "unavailable", "checks": checks}, status=status
            )
        return self.get_response(request)


def _metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for callers inside the cluster only: a request that came through the
    ingress (it carries X-Forwarded-For) or from outside METRICS_ALLOWED_NETWORKS gets 404."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    if "HTTP_X_FORWARDED_FOR" in request.META or not _from_allowed_network(
        request.META.get("REMOTE_ADDR", "")
    ):
        return HttpResponseNotFound()
    registry = REGISTRY
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _from_allowed_network(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


class RequestContextMiddleware:
    """A request id for log lines (taken from X-Request-ID when it is sane), and request metrics
    labelled by tenant type (never by schema: hundreds of villages would explode the series)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id_value = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware returns,
        # and those lines should carry the id too. The next request sets its own.
        request_id.set(request_id_value)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id_value
        tenant = getattr(request, "tenant", None)
        tenant_type = getattr(tenant, "type", "none")
        seconds = time.perf_counter() - started
        REQUESTS.labels(request.method, str(response.status_code), tenant_type).inc()
        LATENCY.labels(tenant_type).observe(seconds)
        access_log.info(
            "%s %s %s %.1f ms",
            request.method,
            mask_path(request.path),
            response.status_code,
            seconds * 1000,
            extra={
                "schema": getattr(tenant, "schema_name", "-"),
                "request_id": request_id_value,
                "client": loggable_client_address(request),
            },
        )
        return response


def _database_ready() -> bool:
    try:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_ready() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except Exception:
        return False


def _render_in_visitors_language(
    request: HttpRequest, template: str, context: dict[str, object] | None = None, *, status: int
) -> HttpResponse:
    """These pages answer before LocaleMiddleware has run: pick the visitor's language (cookie,
    Accept-Language) here, so that an English visitor gets them in English too."""
    with translation.override(translation.get_language_from_request(request)):
        return render(request, template, context, status=status)


class TenantMiddleware(TenantMainMiddleware):
    """django-tenants' host routing, with the lookup cached briefly and friendly pages for
    unknown hosts and for villages that are not (yet, or any more) open."""

    @staticmethod
    def hostname_from_request(request: HttpRequest) -> str:
        # Django's split_domain_port lower-cases the host and drops a trailing dot (and the port);
        # django-tenants' own version keeps both, so LAMBARO.…. would miss its Domain row.
        domain, _port = split_domain_port(request.get_host())
        return remove_www(normalise_host(domain))

    def get_tenant(self, domain_model: type[Domain], hostname: str) -> Tenant:
        return tenant_for_host(hostname)

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        # Names no tenant: the page must not help anyone enumerate villages.
        return _render_in_visitors_language(request, "errors/unknown_host.html", status=404)

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        response = super().process_request(request)
        if response is not None:
            return response
        tenant: Tenant = request.tenant  # type: ignore[attr-defined]
        if tenant.type == TenantType.VILLAGE:
            village = tenant.village
            if village.status == VillageStatus.PENDING:
                connection.set_schema_to_public()
                return _render_in_visitors_language(
                    request, "errors/village_pending.html", {"village": village}, status=503
                )
            if village.status == VillageStatus.SUSPENDED and request.path != _SET_LANGUAGE:
                # Every path, the staff sign-in and the API included: nobody works in a suspended
                # portal, and its data stays as it is until it is resumed.
                connection.set_schema_to_public()
                return _maintenance(request, village)
            if village.status == VillageStatus.ARCHIVED:
                connection.set_schema_to_public()
                request.tenant = None  # type: ignore[attr-defined]  # the page must not name the village
                return _render_in_visitors_language(request, "errors/unknown_host.html", status=404)
        return None


_SET_LANGUAGE = "/i18n/setlang/"  # the maintenance page's language button still works


def _maintenance(request: HttpRequest, village: Village) -> HttpResponse:
    """A suspended village: 503 with Retry-After, naming the village in its district's words; the
    staff's paths say that signing in is closed too; the API answers JSON."""
    staff = request.path.startswith("/staf/")
    if request.path.startswith("/api/"):
        with translation.override(translation.get_language_from_request(request)):
            response: HttpResponse = JsonResponse(
                {"detail": _("Portal %(name)s sedang dalam pemeliharaan.") % {"name": village.display_name}},
                status=503,
            )
    else:
        # Rendered as the platform's page (the connection is on public, so no context processor
        # reads the village's tables), naming the village from its registry row.
        tenant = request.tenant  # type: ignore[attr-defined]
        request.tenant = None  # type: ignore[attr-defined]
        try:
            response = _render_in_visitors_language(
                request,
                "errors/village_suspended.html",
                {
                    "village": village,
                    "district": village.district,
                    "village_noun": village.district.village_noun,
                    "staff": staff,
                },
                status=503,
            )
        finally:
            request.tenant = tenant  # type: ignore[attr-defined]  # the access line names the schema
    response["Retry-After"] = "3600"
    response["Cache-Control"] = "no-store"
    return response
