"""Limits on anonymous submissions (requests, later complaints and PPID requests), per village and
per client address (``addresses.client_address``: the peer, or what our own proxies vouch for, never a
forged ``X-Forwarded-For``). The counters live in Redis; when Redis is down the limit is not applied,
because a failure of Redis must never cost a resident their submission."""

import logging
from typing import Any

from rest_framework.throttling import AnonRateThrottle

from .addresses import client_address

logger = logging.getLogger(__name__)


class SubmissionThrottle(AnonRateThrottle):
    scope = "submission"

    def get_ident(self, request: Any) -> str:
        return client_address(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache (Redis) is unreachable: let the submission through
            logger.warning("submission throttle skipped, cache unavailable (%s)", type(error).__name__)
            return True


def submission_allowed(request: Any) -> bool:
    """The same limit for the server-rendered forms."""
    from rest_framework.request import Request

    return SubmissionThrottle().allow_request(Request(request), None)
