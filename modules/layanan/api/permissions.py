"""Who may call the staff endpoints. The roles come from the services; the services check them again."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from ..services import SIGNING_ROLES, STAFF_ROLES


class _HasRole(BasePermission):
    """A visitor who has not signed in gets 403 "Masuk sebagai staf desa terlebih dahulu." (see
    modules.api_errors.handler.exception_handler); a signed-in account without one of the roles gets
    this message."""

    roles: tuple[str, ...] = ()
    message = _("Peran Anda tidak berwenang melakukan ini.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*self.roles))


class IsCounterStaff(_HasRole):
    """Operators and village admins: the request queue, workflow transitions, the walk-in queue."""

    roles = tuple(STAFF_ROLES)


class IsLetterSigner(_HasRole):
    """Village admins: signing and revoking letters."""

    roles = tuple(SIGNING_ROLES)
    message = _("Hanya admin desa yang dapat menandatangani atau mencabut surat.")
