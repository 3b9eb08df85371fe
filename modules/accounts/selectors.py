"""Reads of staff accounts that modules share."""

from __future__ import annotations

from collections.abc import Iterable

from .models import User


def staff_emails(roles: Iterable[str]) -> list[str]:
    """The e-mail addresses of the active accounts with one of `roles` (accounts without one left
    out): whom a module tells of new work."""
    return list(
        User.objects.filter(is_active=True, role__in=tuple(roles))
        .exclude(email="")
        .values_list("email", flat=True)
    )
