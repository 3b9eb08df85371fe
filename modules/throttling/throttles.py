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


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_window_rate(rate: str) -> tuple[int, int]:
    """DRF's rates ("30/hour") plus a window of several units: "5/10m" is 5 per 10 minutes."""
    number, period = rate.split("/")
    digits = "".join(character for character in period if character.isdigit())
    unit = period[len(digits) :][:1]
    return int(number), int(digits or 1) * _PERIODS[unit]


class QueueTicketThrottle(SubmissionThrottle):
    """Queue tickets taken per client address per village (``QUEUE_TICKET_RATE``, 5 per 10 minutes):
    a family takes a few, a script cannot fill the day's queue."""

    scope = "queue_ticket"

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        if rate is None:
            return (None, None)
        return parse_window_rate(rate)


def queue_ticket_allowed(request: Any) -> bool:
    from rest_framework.request import Request

    return QueueTicketThrottle().allow_request(Request(request), None)


class LookupThrottle(QueueTicketThrottle):
    """Tracking-code lookups per client address per village (``LOOKUP_RATE``, 60 per 10 minutes), on
    the tracking page and the API alike: a resident checks a few times, a script guessing codes is
    stopped. Limits in windows of several units ("60/10m"), as QueueTicketThrottle."""

    scope = "lookup"


def lookup_allowed(request: Any) -> bool:
    from rest_framework.request import Request

    return LookupThrottle().allow_request(Request(request), None)
