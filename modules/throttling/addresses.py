"""The address of the client that sent a request, as far as the proxies in front of us vouch for it.

A client can put anything in ``X-Forwarded-For``; only the entries appended by our own proxies are
true. ``NUM_PROXIES`` (DRF's setting, ``REST_FRAMEWORK["NUM_PROXIES"]``) says how many proxies
stand between the client and the application: with 0 the peer address (``REMOTE_ADDR``) is the
client; with N the N-th entry from the right of ``X-Forwarded-For`` is the one the outermost of our
proxies saw. Throttles, log lines and sign-in lockouts (``AXES_CLIENT_IP_CALLABLE``) all count by
this one function, so a forged header can move none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from rest_framework.request import Request
from rest_framework.settings import api_settings


def client_address(request: HttpRequest | Request) -> str:
    meta = request.META
    remote_address = str(meta.get("REMOTE_ADDR") or "")
    num_proxies = api_settings.NUM_PROXIES or 0
    forwarded_for = meta.get("HTTP_X_FORWARDED_FOR")
    if num_proxies <= 0 or not forwarded_for:
        return remote_address
    addresses = [address.strip() for address in str(forwarded_for).split(",")]
    # Fewer entries than proxies: the outermost proxy's view is still the leftmost entry.
    return addresses[-min(num_proxies, len(addresses))] or remote_address


_UNLOGGED = "balai.client_address_unlogged"


def address_kept_out_of_logs(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For the pages of people whom an address could identify against their choice (an anonymous
    complaint, the reporter's own page): the access log line of such a request carries no client
    address. Throttles still count by it, in their short-lived keys."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.META[_UNLOGGED] = True
        return view(request, *args, **kwargs)

    return wrapped


def loggable_client_address(request: HttpRequest) -> str:
    """What the access log records of the client: its address, or "-" where the view keeps it out."""
    return "-" if request.META.get(_UNLOGGED) else client_address(request)
