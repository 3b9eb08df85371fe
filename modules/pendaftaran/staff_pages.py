"""The district's pages of the signup (see modules/accounts/staff_pages.py): the applications, one
application with its decision and, for a failed one, a retry, and the auto-approval setting. The
district admin decides and edits the setting; the facilitator (pendamping desa) reads."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import Waiting, staff_page, waiting_source
from tenants.words import current_district, village_noun

from . import selectors_staff
from .models import ApplicationStatus
from .services import APPROVER_ROLES, READER_ROLES


def _applications_label() -> str:
    """ "Pendaftaran portal gampong" on Aceh Besar's host: the district's word, read when shown."""
    return _("Pendaftaran portal %(noun)s") % {"noun": village_noun(current_district())}


APPLICATIONS = staff_page(
    "pendaftaran_staff:applications",
    label=lazy(_applications_label, str)(),
    roles=READER_ROLES,
    order=20,
)
APPLICATION = staff_page(
    "pendaftaran_staff:application",
    label=gettext_lazy("Pendaftaran"),
    roles=READER_ROLES,
    in_menu=False,
)
DECIDE = staff_page(
    "pendaftaran_staff:decide",
    label=gettext_lazy("Setujui atau tolak pendaftaran"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
RETRY = staff_page(
    "pendaftaran_staff:retry",
    label=gettext_lazy("Ulangi penyiapan portal"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
SETTINGS = staff_page(
    "pendaftaran_staff:settings",
    label=gettext_lazy("Pengaturan pendaftaran"),
    roles=APPROVER_ROLES,
    order=21,
)


@waiting_source
def applications_waiting(user: User) -> list[Waiting]:
    """Applications waiting for the district admin's decision, and failed ones to retry."""
    district = current_district()
    if district is None or not has_role(user, APPROVER_ROLES):
        return []
    counts = selectors_staff.status_counts(district)
    url = reverse(APPLICATIONS.url_name)
    items = [
        Waiting(
            label=_("pendaftaran menunggu persetujuan"),
            count=counts.get(ApplicationStatus.SUBMITTED, 0),
            url=f"{url}?status={ApplicationStatus.SUBMITTED}",
        )
    ]
    if counts.get(ApplicationStatus.FAILED):
        items.append(
            Waiting(
                label=_("pendaftaran gagal disiapkan"),
                count=counts[ApplicationStatus.FAILED],
                url=f"{url}?status={ApplicationStatus.FAILED}",
            )
        )
    return items


# --- village exports (issue 13, lifecycle): residents' data, so the district's admins only ---------


def _exports_label() -> str:
    return _("Ekspor data %(noun)s") % {"noun": village_noun(current_district())}


EXPORTS = staff_page(
    "pendaftaran_staff:exports",
    label=lazy(_exports_label, str)(),
    roles=APPROVER_ROLES,
    order=22,
)
EXPORT_START = staff_page(
    "pendaftaran_staff:export_start",
    label=gettext_lazy("Mulai ekspor"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
EXPORT = staff_page(
    "pendaftaran_staff:export",
    label=gettext_lazy("Ekspor"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
EXPORT_DOWNLOAD = staff_page(
    "pendaftaran_staff:export_download",
    label=gettext_lazy("Unduh ekspor"),
    roles=APPROVER_ROLES,
    in_menu=False,
)


# --- The district's villages: suspend, resume, archive, delete (issue 13's lifecycle) --------------


def _villages_label() -> str:
    """ "Portal gampong" on Aceh Besar's host."""
    return _("Portal %(noun)s") % {"noun": village_noun(current_district())}


VILLAGES = staff_page(
    "pendaftaran_staff:villages", label=lazy(_villages_label, str)(), roles=READER_ROLES, order=21
)
VILLAGE = staff_page(
    "pendaftaran_staff:village", label=gettext_lazy("Portal"), roles=READER_ROLES, in_menu=False
)
VILLAGE_SUSPEND = staff_page(
    "pendaftaran_staff:village_suspend",
    label=gettext_lazy("Tangguhkan portal"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
VILLAGE_RESUME = staff_page(
    "pendaftaran_staff:village_resume",
    label=gettext_lazy("Buka kembali portal"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
VILLAGE_ARCHIVE = staff_page(
    "pendaftaran_staff:village_archive",
    label=gettext_lazy("Arsipkan portal"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
VILLAGE_DELETE = staff_page(
    "pendaftaran_staff:village_delete",
    label=gettext_lazy("Hapus portal"),
    roles=APPROVER_ROLES,
    in_menu=False,
)
