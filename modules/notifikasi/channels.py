"""The ways a message reaches a resident: e-mail, a WhatsApp/SMS gateway, or the console.

Which backend serves which channel is a setting, ``NOTIFY_BACKENDS`` (channel -> dotted path),
laid over ``DEFAULT_BACKENDS``; development points WhatsApp and SMS at the console. A backend
either returns (delivered) or raises; the outbox records a failure and retries later.

Contract for backends: the message of a ``DeliveryError`` must never contain the recipient's
address; it is stored in ``Notification.last_error`` and written to logs.

Delivery is at least once: a worker killed after the gateway took a message, or a gateway that
answers after our timeout, leaves the row pending and it is sent again. Every attempt at one
notification therefore carries the same ``idempotency_key`` (``notification_idempotency_key``), which
the gateway receives as the ``Idempotency-Key`` header and uses to drop repeats (docs/operations.md,
"WhatsApp/SMS gateway").
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from modules.privasi.masking import mask_email, mask_phone

from .models import Channel

DEFAULT_BACKENDS: dict[str, str] = {
    Channel.EMAIL: "modules.notifikasi.channels.EmailBackend",
    Channel.WHATSAPP: "modules.notifikasi.channels.GatewayBackend",
    Channel.SMS: "modules.notifikasi.channels.GatewayBackend",
}
GATEWAY_TIMEOUT_SECONDS = 10.0


class DeliveryError(Exception):
    """The channel did not take the message. The text never holds the recipient's address."""


class Backend(Protocol):
    def send(
        self, *, channel: str, recipient: str, subject: str, body: str, idempotency_key: str
    ) -> None: ...


def notification_idempotency_key(*, schema_name: str, notification_id: int) -> str:
    """The same for every attempt at one notification, different for every other notification of
    the platform (ids repeat across schemas, so the schema is part of it)."""
    return f"balai:{schema_name}:notification:{notification_id}"


def backend_for(channel: str) -> Backend:
    paths = {**DEFAULT_BACKENDS, **getattr(settings, "NOTIFY_BACKENDS", {})}
    try:
        path = paths[channel]
    except KeyError:
        raise DeliveryError(f"no backend configured for channel {channel!r}") from None
    backend: Backend = import_string(path)()
    return backend


class ConsoleBackend:
    """Development only: prints the message to standard output, as Django's console e-mail
    backend does, with the address masked."""

    def send(self, *, channel: str, recipient: str, subject: str, body: str, idempotency_key: str) -> None:
        masked = mask_email(recipient) if channel == Channel.EMAIL else mask_phone(recipient)
        sys.stdout.write(f"[notifikasi {channel} -> {masked}] {subject}\n{body}\n{'-' * 72}\n")
        sys.stdout.flush()


class EmailBackend:
    """Django's mail (``EMAIL_BACKEND``): SMTP in production, the console in development."""

    def send(self, *, channel: str, recipient: str, subject: str, body: str, idempotency_key: str) -> None:
        # SMTP errors name the refused address; keep only their type.
        try:
            delivered = send_mail(subject, body, None, [recipient], fail_silently=False)
        except Exception as error:
            raise DeliveryError(f"e-mail not sent: {type(error).__name__}") from None
        if delivered != 1:
            raise DeliveryError("e-mail not sent: the mail backend accepted no message")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would be replayed as a GET without its body: treat it as a failure.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class GatewayBackend:
    """An HTTP gateway for WhatsApp and SMS: ``POST NOTIFY_GATEWAY_URL`` with the JSON body
    ``{"to": ..., "message": ..., "channel": "whatsapp"|"sms"}`` and
    ``Authorization: Bearer NOTIFY_GATEWAY_TOKEN`` and ``Idempotency-Key: <key>`` (the same on every
    attempt at one notification). Any answer other than 2xx is a failure."""

    def __init__(self) -> None:
        self.url: str = getattr(settings, "NOTIFY_GATEWAY_URL", "") or ""
        self.token: str = getattr(settings, "NOTIFY_GATEWAY_TOKEN", "") or ""
        self.timeout: float = getattr(settings, "NOTIFY_GATEWAY_TIMEOUT", GATEWAY_TIMEOUT_SECONDS)

    def send(self, *, channel: str, recipient: str, subject: str, body: str, idempotency_key: str) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("NOTIFY_GATEWAY_URL is not set to an http(s) URL")
        message = f"{subject}\n\n{body}" if subject else body
        payload = json.dumps({"to": recipient, "message": message, "channel": channel}).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")  # noqa: S310 (scheme checked above)
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
                response.read(65536)
        except urllib.error.HTTPError as error:
            raise DeliveryError(f"gateway answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DeliveryError(f"gateway unreachable: {type(reason).__name__}: {reason}") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"gateway answered HTTP {status}")
