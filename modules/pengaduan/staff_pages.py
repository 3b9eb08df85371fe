"""The complaint register's staff pages and the roles that may open each (see
modules/accounts/staff_pages.py): the views' checks and the staff home's menu both read these
declarations. The village council (anggota BPD) reads the register and the book, never an identity
and never an action."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import Waiting, staff_page, waiting_source

from . import selectors, services
from .models import Status

QUEUE = staff_page(
    "pengaduan:staff_queue",
    label=gettext_lazy("Daftar pengaduan"),
    roles=services.REGISTER_ROLES,
    order=46,
)
RECORD = staff_page(
    "pengaduan:staff_record",
    label=gettext_lazy("Catat pengaduan dari saluran lain"),
    roles=services.HANDLER_ROLES,
    order=47,
)
# One complaint's page: the register's readers open it; only handlers act on it (the services check).
COMPLAINT = staff_page(
    "pengaduan:staff_complaint",
    label=gettext_lazy("Pengaduan"),
    roles=services.REGISTER_ROLES,
    in_menu=False,
)
# The reporter's photos may show a face or a house: handlers only.
PHOTO = staff_page(
    "pengaduan:staff_photo",
    label=gettext_lazy("Foto pengaduan"),
    roles=services.HANDLER_ROLES,
    in_menu=False,
)
CATEGORIES = staff_page(
    "pengaduan:staff_categories",
    label=gettext_lazy("Kategori pengaduan"),
    roles=services.SETTINGS_ROLES,
    order=49,
)
CATEGORY_EDIT = staff_page(
    "pengaduan:staff_category_edit",
    label=gettext_lazy("Ubah kategori pengaduan"),
    roles=services.SETTINGS_ROLES,
    in_menu=False,
)
SETTINGS = staff_page(
    "pengaduan:staff_settings",
    label=gettext_lazy("Batas waktu pengaduan"),
    roles=services.SETTINGS_ROLES,
    order=49,
)
BOOK = staff_page(
    "pengaduan:staff_book",
    label=gettext_lazy("Buku Catatan Aduan Masyarakat"),
    roles=services.REGISTER_ROLES,
    order=48,
)
# The book's files (PDF, CSV, XLSX) and the monthly summary: the book's readers.
BOOK_PDF, BOOK_CSV, BOOK_XLSX = (
    staff_page(
        f"pengaduan:staff_book_{kind}",
        label=gettext_lazy("Unduh buku pengaduan"),
        roles=services.REGISTER_ROLES,
        in_menu=False,
    )
    for kind in ("pdf", "csv", "xlsx")
)
SUMMARY = staff_page(
    "pengaduan:staff_summary",
    label=gettext_lazy("Rekap bulanan pengaduan"),
    roles=services.REGISTER_ROLES,
    in_menu=False,
)


@waiting_source
def complaints_waiting(user: User) -> list[Waiting]:
    """New, overdue and nearly-due complaints, for the handlers (selectors.due_state, the one rule)."""
    if not has_role(user, services.HANDLER_ROLES):
        return []
    counts = selectors.queue_counts(today=timezone.localdate())
    url = reverse(QUEUE.url_name)
    return [
        Waiting(label=_("pengaduan baru"), count=counts["new"], url=f"{url}?status={Status.RECEIVED}"),
        Waiting(label=_("pengaduan terlambat"), count=counts["overdue"], url=f"{url}?tenggat=terlambat"),
        Waiting(
            label=_("pengaduan hampir jatuh tempo"), count=counts["nearly_due"], url=f"{url}?tenggat=hampir"
        ),
    ]


# Open311 API keys: issued and revoked by the village admin (open311/keys.py).
API_KEYS = staff_page(
    "pengaduan:staff_api_keys",
    label=gettext_lazy("Kunci API Open311 pengaduan"),
    roles=services.SETTINGS_ROLES,
    order=78,
)
