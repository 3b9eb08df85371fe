"""Limits of the polls' public actions. A code request and an answer share the counter's
``submission`` limit per client address per village (modules.throttling); on top of it one phone
number may be sent at most POLL_CODES_PER_PHONE codes an hour in a village, whatever the address,
so that nobody floods a resident's phone with SMS. The counter is keyed by a keyed hash of the
number, never the number itself."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from modules.privasi.crypto import keyed_hash
from modules.throttling.throttles import submission_allowed

__all__ = ["POLL_CODES_PER_PHONE", "code_to_phone_allowed", "submission_allowed"]

POLL_CODES_PER_PHONE = "3/hour"
logger = logging.getLogger(__name__)


class PollCodePhoneThrottle(SimpleRateThrottle):
    scope = "poll_code_phone"
    rate = POLL_CODES_PER_PHONE

    def __init__(self, phone: str) -> None:
        super().__init__()
        self.phone_key = keyed_hash(phone, purpose="survei.poll-code-throttle")

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.phone_key}

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache (Redis) is unreachable: let the resident through
            logger.warning("poll code throttle skipped, cache unavailable (%s)", type(error).__name__)
            return True


def code_to_phone_allowed(request: Any, phone: str) -> bool:
    """Whether one more code may be sent to `phone` (normalised, E.164) this hour; counts it."""
    return PollCodePhoneThrottle(phone).allow_request(Request(request), None)
