"""The counter's staff pages and the roles that may open each (see modules/accounts/staff_pages.py):
the views' checks and the staff home's menu both read these declarations."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import Role, User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import FirstStep, Waiting, first_step_source, staff_page, waiting_source

from . import selectors, services
from .models import RequestStatus

WORKLIST = staff_page(
    "layanan:staff_worklist",
    label=gettext_lazy("Daftar permohonan layanan"),
    roles=services.STAFF_ROLES,
    order=10,
)
WALK_IN = staff_page(
    "layanan:staff_walk_in_pick",
    label=gettext_lazy("Catat permohonan di loket"),
    roles=services.STAFF_ROLES,
    order=20,
)
# Pages of one request (its letter, its files, its counter form) open to the worklist's roles.
REQUEST = staff_page(
    "layanan:staff_request", label=gettext_lazy("Permohonan"), roles=services.STAFF_ROLES, in_menu=False
)
QUEUE_CALL = staff_page(
    "layanan:staff_call_next",
    label=gettext_lazy("Panggil nomor antrian"),
    roles=services.STAFF_ROLES,
    in_menu=False,
)
CATALOGUE = staff_page(
    "layanan:staff_catalogue",
    label=gettext_lazy("Katalog layanan dan standar"),
    roles=services.CATALOGUE_ROLES,
    order=30,
)
SETTINGS = staff_page(
    "layanan:staff_settings",
    label=gettext_lazy("Pengaturan surat dan maklumat"),
    roles=services.CATALOGUE_ROLES,
    order=40,
)
SOP = staff_page(
    "layanan:staff_sop",
    label=gettext_lazy("Dokumen SOP Layanan Publik"),
    roles=services.SOP_ROLES,
    order=45,
)


@waiting_source
def requests_waiting(user: User) -> list[Waiting]:
    """New and overdue requests for the worklist's roles; letters to sign for the signing roles."""
    if not has_role(user, WORKLIST.roles):
        return []
    counts = selectors.worklist_counts(today=timezone.localdate())
    url = reverse(WORKLIST.url_name)
    waiting = [
        Waiting(
            label=_("permohonan baru"), count=counts["new"], url=f"{url}?status={RequestStatus.SUBMITTED}"
        ),
        Waiting(label=_("melewati batas waktu"), count=counts["overdue"], url=f"{url}?terlambat=1"),
    ]
    if has_role(user, services.SIGNING_ROLES):
        waiting.append(
            Waiting(
                label=_("menunggu tanda tangan"),
                count=counts["awaiting_signature"],
                url=f"{url}?status={RequestStatus.AWAITING_SIGNATURE}",
            )
        )
    return waiting


@first_step_source
def layanan_first_steps(user: User) -> list[FirstStep]:
    """A new portal's first steps: its service standards reviewed (one saved by its staff)."""
    if not has_role(user, CATALOGUE.roles) or not has_role(user, (Role.VILLAGE_ADMIN,)):
        return []
    return [
        FirstStep(
            label=gettext_lazy("Periksa standar pelayanan"),
            url=reverse(CATALOGUE.url_name),
            done=selectors.standards_reviewed(),
            order=30,
        )
    ]
