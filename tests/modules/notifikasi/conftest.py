"""Fixtures of the notifikasi tests: a tiny real HTTP gateway on 127.0.0.1, and database access
outside the test transaction for the tests whose rows a Celery worker process must see."""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.notifikasi.models import Notification, PhoneContact
from modules.notifikasi.services import phone_hash
from tenants.models import Tenant, TenantType, Village


@dataclass
class Gateway:
    """What the gateway received, and the status it answers with."""

    url: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Seconds the next answers wait before they are sent, one per request (a slow gateway).
    delays: list[float] = field(default_factory=list)


@contextmanager
def serving(gateway: Gateway) -> Iterator[Gateway]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            gateway.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "content_type": self.headers.get("Content-Type"),
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            if gateway.delays:
                time.sleep(gateway.delays.pop(0))
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if gateway.status < 300 else b'{"error": "down"}')

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield gateway
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    """A gateway answering 200, configured as NOTIFY_GATEWAY_URL/NOTIFY_GATEWAY_TOKEN."""
    with serving(Gateway()) as running:
        settings.NOTIFY_GATEWAY_URL = running.url
        settings.NOTIFY_GATEWAY_TOKEN = "test-gateway-token"
        yield running


@pytest.fixture(scope="module")
def module_gateway() -> Iterator[Gateway]:
    """One gateway for a module's worker process, which reads its URL at start."""
    with serving(Gateway()) as running:
        yield running


def confirm_phone(phone: str) -> PhoneContact:
    """The holder of ``phone`` has confirmed through the first message's link (in the current schema):
    for the tests about delivery, which send several messages to one number."""
    return PhoneContact.objects.create(phone_hash=phone_hash(phone), confirmed_at=timezone.now())


@pytest.fixture
def confirmed_test_phone(in_village_a: object) -> PhoneContact:
    return confirm_phone("+6281234567890")


@dataclass(frozen=True)
class Committed:
    village_a: Village
    village_b: Village
    reference_prefix: str

    def reference(self, name: str) -> str:
        return f"{self.reference_prefix}{name}"


@pytest.fixture
def committed(db: None, village_a: Village, village_b: Village) -> Iterator[Committed]:
    """The test talks to the database through a second connection, outside the test transaction
    that `db` opens: what it writes is committed, as in production, and a worker process sees it.
    The notifications whose reference starts with `reference_prefix` are deleted afterwards."""
    prefix = f"test.notifikasi.{uuid.uuid4().hex[:8]}:"
    started = timezone.now()
    in_test_transaction = connections[DEFAULT_DB_ALIAS]
    autocommit = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = autocommit
    try:
        yield Committed(village_a, village_b, prefix)
        tenants = Tenant.objects.filter(type__in=[TenantType.VILLAGE, TenantType.DISTRICT]).exclude(
            schema_name__in=list(settings.TEMPLATE_SCHEMAS.values())
        )
        for tenant in tenants:
            with tenant_context(tenant):
                Notification.objects.filter(reference__startswith=prefix).delete()
                PhoneContact.objects.filter(created_at__gte=started).delete()
    finally:
        autocommit.close()
        connections[DEFAULT_DB_ALIAS] = in_test_transaction
