"""Sentry and Prometheus.

Sentry: every event, from a web request or a Celery task, is tagged with the tenant's schema and
type, read from the connection at the moment the event is captured (tenant-schemas-celery has
already switched it for tasks). Personal data is scrubbed before an event leaves the process:
known field names are filtered and NIK/KK numbers, phone numbers and e-mail addresses are cut out
of every string, messages and exception values included.
"""

from __future__ import annotations

import re
from typing import Any

import sentry_sdk
from django.db import connection as tenant_connection  # read with getattr: no import of tenants
from prometheus_client import Counter, Histogram
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .logging import mask_path

PERSONAL_FIELDS = [
    "nik",
    "kk",
    "kk_number",
    "phone",
    "telepon",
    "hp",
    "email",
    "surel",
    "address",
    "alamat",
    "applicant_name",
    "nama",
    "recipient",
    "penerima",
]
_PATTERNS = [
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[NIK/KK]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[surel]"),
    (re.compile(r"(?<!\d)(?:\+62|62|0)8\d{7,12}(?!\d)"), "[telepon]"),
]


def scrub_text(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return mask_path(text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            key: "[Filtered]" if str(key).lower() in PERSONAL_FIELDS else _scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_scrub(item) for item in value)
    return value


def tenant_tags() -> dict[str, str]:
    schema = getattr(tenant_connection, "schema_name", None) or "public"
    tenant = getattr(tenant_connection, "tenant", None)
    tenant_type = getattr(tenant, "type", None) or getattr(tenant, "tenant_type", None)
    return {
        "tenant.schema": schema,
        "tenant.type": str(tenant_type or ("public" if schema == "public" else "-")),
    }


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    event.setdefault("tags", {}).update(tenant_tags())
    return _scrub(event)


def init_sentry(*, dsn: str, environment: str, release: str | None, transport: Any = None) -> None:
    """Called from settings when SENTRY_DSN is set, and by tests with a local transport."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No user identity, no request bodies (forms carry NIKs), no local variables of frames.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        before_send=before_send,  # type: ignore[arg-type]
        before_send_transaction=before_send,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
        transport=transport,
    )


# --- Prometheus ----------------------------------------------------------------------------------------

REQUESTS = Counter("balai_http_requests_total", "HTTP requests", ["method", "status", "tenant_type"])
LATENCY = Histogram(
    "balai_http_request_duration_seconds",
    "HTTP request latency",
    ["tenant_type"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASKS = Counter("balai_celery_tasks_total", "Celery tasks by outcome", ["task", "outcome"])
TASK_DURATION = Histogram("balai_celery_task_duration_seconds", "Celery task run time", ["task"])
