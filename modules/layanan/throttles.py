"""Limits of the counter's own public actions (the per-address limit is modules.throttling's)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection
from rest_framework.throttling import SimpleRateThrottle

from .models import ServiceRequest

logger = logging.getLogger(__name__)


class OwnerLinkResendThrottle(SimpleRateThrottle):
    """How often one request's private link may be sent again (``owner_link_resend`` rate), whoever
    asks: the contact on file is never flooded, however many addresses an abuser has. Unlike the
    submission limit it fails closed when Redis is down: a refused resend loses nothing."""

    scope = "owner_link_resend"

    def __init__(self, service_request: ServiceRequest) -> None:
        super().__init__()
        self.service_request = service_request

    def get_cache_key(self, request: Any, view: Any) -> str:
        schema_name = connection.schema_name  # type: ignore[attr-defined]
        return f"throttle_{self.scope}_{schema_name}_{self.service_request.pk}"

    def allow_request(self, request: Any, view: Any = None) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache (Redis) is unreachable
            logger.warning("owner link resend refused, cache unavailable (%s)", type(error).__name__)
            return False
