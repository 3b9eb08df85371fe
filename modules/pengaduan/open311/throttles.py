"""Limits of Open311 POSTs, per API key (``OPEN311_KEY_RATE``) and per client address
(``OPEN311_ADDRESS_RATE``, counted by ``modules.throttling.client_address``, so a forged
X-Forwarded-For moves nothing). Counters live in the default cache, whose keys carry the schema: each
village counts its own. Like the submission limit they fail open when Redis is down."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from modules.throttling.addresses import client_address
from modules.throttling.throttles import parse_window_rate

from ..models import Open311Key

logger = logging.getLogger(__name__)


class _Open311Throttle(SimpleRateThrottle):
    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        return (None, None) if rate is None else parse_window_rate(rate)

    def allow_request(self, request: Any, view: Any = None) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache (Redis) is unreachable: let the report through
            logger.warning("open311 throttle skipped, cache unavailable (%s)", type(error).__name__)
            return True


class AddressThrottle(_Open311Throttle):
    """Counted before the key is checked, so guessing keys is limited too."""

    scope = "open311_address"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class KeyThrottle(_Open311Throttle):
    scope = "open311_key"

    def __init__(self, key: Open311Key) -> None:
        super().__init__()
        self.api_key = key  # not `key`: SimpleRateThrottle keeps its cache key there

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": f"key{self.api_key.pk}"}
