"""The serta-merta banner: the announcements in force, for every page of a village's portal."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from tenants.models import TenantType

from . import selectors

logger = logging.getLogger(__name__)


def serta_merta(request: HttpRequest) -> dict[str, Any]:
    """`serta_merta`: the active announcements on a village's host (district and platform hosts
    have no PPID tables). Never raises: a failed read must not break every page of the portal."""
    current = getattr(request, "tenant", None)
    if current is None or current.type != TenantType.VILLAGE:
        return {}
    try:
        return {"serta_merta": selectors.active_announcements()}
    except Exception:
        logger.exception("ppid.serta_merta_banner_failed")
        return {}
