"""Who may do what: one rule (`has_role`) that services, pages and the API all use.

`require_role` is the services' form of it, `role_required` the pages' and `RolePermission` the
API's; each is a thin adapter, so the three can never disagree about an account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from tenants.words import district_of, village_noun

from .models import User

View = Callable[..., HttpResponseBase]

FORBIDDEN_MESSAGE = gettext_lazy("Peran Anda tidak berwenang melakukan ini.")


def has_role(user: object, roles: Iterable[str]) -> bool:
    """True for a signed-in, active staff account whose role is one of `roles`; False for anyone
    else (an anonymous visitor, a resident acting without an account, a deactivated account)."""
    return isinstance(user, User) and user.is_authenticated and user.is_active and user.role in tuple(roles)


def require_role(actor: User | None, roles: Iterable[str]) -> User:
    """For services: the actor, when it may act; PermissionDenied otherwise."""
    if actor is None or not has_role(actor, roles):
        raise PermissionDenied(_("Peran Anda tidak berwenang melakukan ini."))
    return actor


def staff_user(request: HttpRequest) -> User:
    """The signed-in account of a staff page (its role check has let only staff in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def role_required(*roles: str) -> Callable[[View], View]:
    """Staff pages: anonymous visitors go to the sign-in page; a signed-in account without one of
    the roles gets 403; what the page shows is never cached."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(user, roles):
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            # Staff pages show personal data: no shared or browser cache keeps a copy.
            add_never_cache_headers(response)
            return response

        wrapped.allowed_roles = tuple(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


class RolePermission(BasePermission):
    """API views: `permission_classes = [RolePermission.of(*roles)]`. A visitor who has not signed
    in gets 403 "Masuk sebagai staf gampong terlebih dahulu." (the API's exception handler); a
    signed-in account without one of the roles gets `message`, where ``%(village_noun)s`` is the
    village as the host's district names it ("Hanya admin gampong ...")."""

    roles: tuple[str, ...] = ()
    message: Any = FORBIDDEN_MESSAGE

    @classmethod
    def of(cls, *roles: str, message: Any = FORBIDDEN_MESSAGE, name: str = "") -> type[RolePermission]:
        return type(name or "RolePermission", (cls,), {"roles": tuple(roles), "message": message})

    def has_permission(self, request: Request, view: Any) -> bool:
        if has_role(request.user, self.roles):
            return True
        # DRF reads the refusal from the instance after this returns.
        noun = village_noun(district_of(getattr(request, "tenant", None)))
        self.message = str(type(self).message) % {"village_noun": noun}
        return False
