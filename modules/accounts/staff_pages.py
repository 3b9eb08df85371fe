"""The one table of staff pages and the roles that may open each.

Every staff view is guarded by `page_required(PAGE)` with the page it declared here, and the staff
home builds its menu from the same declarations, so the menu can never offer a page that its check
refuses, nor hide one that the check allows.

A module declares its pages in its own ``staff_pages.py`` (found by `autodiscover_modules`, as the
Django admin finds ``admin.py``), and may register a source of counts of what waits for a role
(new requests, overdue, awaiting signature), shown on the staff home with links to the filtered
lists. This module imports no feature module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules, import_string
from django.utils.translation import gettext_lazy as _

from .models import Role, User
from .permissions import View, has_role, role_required


@dataclass(frozen=True)
class StaffPage:
    """A staff page: its URL name, its label in the menu, and the roles that may open it.

    Pages that need URL arguments (one request, one attachment) have ``in_menu=False``; their check
    still comes from here."""

    url_name: str
    label: str | Promise
    roles: tuple[str, ...]
    in_menu: bool = True
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    """A count of what waits for the signed-in role, linking to the list that shows it."""

    label: str
    count: int
    url: str


WaitingSource = Callable[[User], Iterable[Waiting]]


@dataclass(frozen=True)
class FirstStep:
    """One item of a new village's first-steps checklist (complete the profile, add the officials...),
    ticked from the real state of the module that owns it."""

    label: str | Promise
    url: str
    done: bool
    order: int = 100


FirstStepSource = Callable[[User], Iterable[FirstStep]]

_pages: dict[str, StaffPage] = {}
_waiting_sources: list[WaitingSource] = []
_first_step_sources: list[FirstStepSource] = []
_discovered = False


def staff_page(
    url_name: str, *, label: str | Promise, roles: Iterable[str], in_menu: bool = True, order: int = 100
) -> StaffPage:
    """Declares a staff page (at import time of the module's ``staff_pages.py``)."""
    page = StaffPage(url_name=url_name, label=label, roles=tuple(roles), in_menu=in_menu, order=order)
    declared = _pages.setdefault(url_name, page)
    if declared != page:
        raise ImproperlyConfigured(f"staff page {url_name} is declared twice with different roles")
    return page


def waiting_source(source: WaitingSource) -> WaitingSource:
    """Registers a function that tells a user what waits for them (it returns nothing for a role
    that may not open the list it links to)."""
    if source not in _waiting_sources:
        _waiting_sources.append(source)
    return source


def first_step_source(source: FirstStepSource) -> FirstStepSource:
    """Registers a function that gives the staff home's first-steps checklist its items for a user
    (nothing for a role that may not do them)."""
    if source not in _first_step_sources:
        _first_step_sources.append(source)
    return source


def page_required(page: StaffPage) -> Callable[[View], View]:
    """The permission check of a staff view: anonymous visitors sign in, other roles get 403."""
    return role_required(*page.roles)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("staff_pages")
        _discovered = True


def declared_pages() -> list[StaffPage]:
    _discover()
    return sorted(_pages.values(), key=lambda page: (page.order, page.url_name))


def may_open(user: object, url_name: str) -> bool:
    """Whether `user` passes the check of the page named `url_name` (False for undeclared pages)."""
    _discover()
    page = _pages.get(url_name)
    return page is not None and has_role(user, page.roles)


def module_shown(label: str) -> bool:
    """Whether the module named `label` (a URL namespace or an app label) is on in the current
    tenant, as the project's check says (`settings.STAFF_MODULE_CHECK`: a village may switch
    optional modules off); every module is on without such a check."""
    check = getattr(settings, "STAFF_MODULE_CHECK", "")
    return True if not check else bool(import_string(check)(label))


def _source_module(source: WaitingSource) -> str:
    config = apps.get_containing_app_config(getattr(source, "__module__", "") or "")
    return config.label if config is not None else ""


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url: str


def menu_for(user: User) -> list[MenuEntry]:
    """The pages `user` may open on this host, in menu order (pages of another kind of tenant are
    not routed here and are left out)."""
    entries = []
    for page in declared_pages():
        if not page.in_menu or not has_role(user, page.roles):
            continue
        if not module_shown(page.url_name.partition(":")[0]):
            continue
        try:
            url = reverse(page.url_name)
        except NoReverseMatch:
            continue
        entries.append(MenuEntry(label=page.label, url=url))
    return entries


def waiting_for(user: User) -> list[Waiting]:
    _discover()
    return [
        item for source in _waiting_sources if module_shown(_source_module(source)) for item in source(user)
    ]


def first_steps_for(user: User) -> list[FirstStep]:
    """The checklist of first steps, in order; empty once every step is done (the checklist is for a
    new portal and goes away when it has served)."""
    _discover()
    steps = sorted(
        (step for source in _first_step_sources for step in source(user)), key=lambda step: step.order
    )
    return [] if all(step.done for step in steps) else steps


# --- the pages of accounts itself -------------------------------------------------------------------

EVERY_STAFF_ROLE = tuple(role for role in Role if role != Role.PLATFORM_OPERATOR)
HOME = staff_page("accounts:home", label=_("Ruang staf"), roles=EVERY_STAFF_ROLE, in_menu=False)
PASSWORD_CHANGE = staff_page(
    "accounts:password_change", label=_("Ganti kata sandi"), roles=EVERY_STAFF_ROLE, order=900
)
