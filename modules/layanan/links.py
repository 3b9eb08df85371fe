"""Absolute links into a village's portal, for what leaves the site: the QR on a letter, the
resident's private link in a notification. Pages use `reverse` and relative URLs instead."""

from __future__ import annotations

from tenants.models import Village
from tenants.routing import public_url, village_host
from tenants.routing import village_page_url as _page_url

from .models import Letter, ServiceRequest


def village_url(village: Village, path: str) -> str:
    """With the development server's port in development (tenants.routing.public_url)."""
    return public_url(village_host(village.slug, village.district.slug), path)


def verification_url(letter: Letter, village: Village) -> str:
    return verification_code_url(letter.verification_code, village)


def verification_code_url(verification_code: str, village: Village) -> str:
    """The verification page of the letter with this code (e.g. the one that replaced a letter)."""
    return village_url(village, f"/verifikasi/{verification_code}/")


def owner_url(request: ServiceRequest, village: Village) -> str:
    """The resident's private page (tracking, documents, the letter). The secret is a random token,
    not personal data; whoever holds the link can act for the applicant, so it travels only to the
    contact the applicant gave."""
    return _page_url(village, "layanan:owner", code=request.tracking_code, secret=request.download_secret)


def staff_request_url(request: ServiceRequest, village: Village) -> str:
    """The request's staff page (staff sign in to open it)."""
    return _page_url(village, "layanan:staff_request", code=request.tracking_code)
