"""Limits of the signup wizard: its start and every step's POST per client address (the peer, or
what our own proxies vouch for: modules.throttling.addresses.client_address) and for the whole
district (a script rotating addresses still meets the district's limit), and the live address checks
per client address. The cache keys carry the district's schema (django-tenants' key function), so
each district counts on its own."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from modules.throttling.throttles import QueueTicketThrottle


class SignupThrottle(QueueTicketThrottle):
    scope = "signup"


class SignupDistrictThrottle(QueueTicketThrottle):
    """One counter for every applicant of the district."""

    scope = "signup_district"

    def get_ident(self, request: Any) -> str:
        return "district"


class SignupCheckThrottle(QueueTicketThrottle):
    scope = "signup_check"


def signup_write_allowed(request: Any) -> bool:
    wrapped = Request(request)
    return SignupThrottle().allow_request(wrapped, None) and SignupDistrictThrottle().allow_request(
        wrapped, None
    )


def signup_check_allowed(request: Any) -> bool:
    return SignupCheckThrottle().allow_request(Request(request), None)
