"""Limits of the complaint pages' public actions, per client address per village
(modules.throttling.addresses.client_address: the peer, or what our own proxies vouch for).
Submissions share the counter's ``submission`` limit and lookups its ``lookup`` limit; a support
("dukung") has its own, ``complaint_support``."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from modules.throttling.throttles import QueueTicketThrottle, lookup_allowed, submission_allowed

__all__ = ["SupportThrottle", "lookup_allowed", "submission_allowed", "support_allowed"]


class SupportThrottle(QueueTicketThrottle):
    """Supports per client address per village (``COMPLAINT_SUPPORT_RATE``, 20 per 10 minutes): a
    family supports a few complaints, a script cannot inflate a count (one support per session is
    the service's own rule)."""

    scope = "complaint_support"


def support_allowed(request: Any) -> bool:
    return SupportThrottle().allow_request(Request(request), None)
