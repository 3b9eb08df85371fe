"""The PPID's staff pages and the roles that may open each (see modules/accounts/staff_pages.py):
the views' checks and the staff home's menu both read these declarations. The PPID officer (and a
small village's admin acting as PPID) keeps the DIP and answers requests; the superior (atasan
PPID) answers objections and reads the registers."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import Role, User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import FirstStep, Waiting, first_step_source, staff_page, waiting_source

from . import selectors
from .services import OFFICER_ROLES, REGISTER_ROLES, SUPERIOR_ROLES

# --- Requests and objections ---------------------------------------------------------------------------
REQUESTS = staff_page(
    "ppid:staff_requests", label=gettext_lazy("Permohonan informasi (PPID)"), roles=REGISTER_ROLES, order=61
)
REQUEST_RECORD = staff_page(
    "ppid:staff_request_record",
    label=gettext_lazy("Catat permohonan informasi lisan atau tertulis"),
    roles=OFFICER_ROLES,
    order=62,
)
# One request: the superior reads it (an objection is about it); only officers act on it.
REQUEST = staff_page(
    "ppid:staff_request", label=gettext_lazy("Permohonan informasi"), roles=REGISTER_ROLES, in_menu=False
)
REQUEST_LETTER = staff_page(
    "ppid:staff_request_letter",
    label=gettext_lazy("Surat keputusan PPID"),
    roles=REGISTER_ROLES,
    in_menu=False,
)
OBJECTION_RECORD = staff_page(
    "ppid:staff_objection_record",
    label=gettext_lazy("Catat keberatan tertulis"),
    roles=OFFICER_ROLES,
    in_menu=False,
)
OBJECTIONS = staff_page(
    "ppid:staff_objections", label=gettext_lazy("Keberatan informasi"), roles=REGISTER_ROLES, order=63
)
# One objection: the superior answers it; officers read it.
OBJECTION = staff_page(
    "ppid:staff_objection", label=gettext_lazy("Keberatan"), roles=REGISTER_ROLES, in_menu=False
)

# --- The DIP, its checklist, serta-merta announcements --------------------------------------------------
ITEMS = staff_page(
    "ppid:staff_items", label=gettext_lazy("Daftar Informasi Publik (DIP)"), roles=OFFICER_ROLES, order=64
)
ITEM_NEW = staff_page(
    "ppid:staff_item_new", label=gettext_lazy("Tambah informasi ke DIP"), roles=OFFICER_ROLES, in_menu=False
)
ITEM_EDIT = staff_page(
    "ppid:staff_item_edit", label=gettext_lazy("Ubah informasi DIP"), roles=OFFICER_ROLES, in_menu=False
)
ITEM_DELETE = staff_page(
    "ppid:staff_item_delete", label=gettext_lazy("Hapus informasi DIP"), roles=OFFICER_ROLES, in_menu=False
)
ITEM_FILE = staff_page(
    "ppid:staff_item_file", label=gettext_lazy("Berkas informasi DIP"), roles=OFFICER_ROLES, in_menu=False
)
CHECKLIST = staff_page(
    "ppid:staff_checklist",
    label=gettext_lazy("Daftar periksa informasi wajib berkala"),
    roles=REGISTER_ROLES,
    order=65,
)
ANNOUNCEMENTS = staff_page(
    "ppid:staff_announcements",
    label=gettext_lazy("Pengumuman serta-merta"),
    roles=OFFICER_ROLES,
    order=66,
)
ANNOUNCEMENT_WITHDRAW = staff_page(
    "ppid:staff_announcement_withdraw",
    label=gettext_lazy("Cabut pengumuman serta-merta"),
    roles=OFFICER_ROLES,
    in_menu=False,
)

# --- Registers and the annual report -------------------------------------------------------------------
REGISTERS = staff_page(
    "ppid:staff_registers",
    label=gettext_lazy("Register permohonan dan keberatan"),
    roles=REGISTER_ROLES,
    order=67,
)
REGISTER_FILES = {
    (register, kind): staff_page(
        f"ppid:staff_register_{register}_{kind}",
        label=gettext_lazy("Unduh register PPID"),
        roles=REGISTER_ROLES,
        in_menu=False,
    )
    for register in ("permohonan", "keberatan")
    for kind in ("csv", "xlsx", "pdf")
}
REPORT = staff_page(
    "ppid:staff_report", label=gettext_lazy("Laporan tahunan PPID"), roles=REGISTER_ROLES, order=68
)
REPORT_PDF = staff_page(
    "ppid:staff_report_pdf",
    label=gettext_lazy("Unduh laporan tahunan PPID"),
    roles=REGISTER_ROLES,
    in_menu=False,
)


@waiting_source
def ppid_waiting(user: User) -> list[Waiting]:
    """Open, overdue and nearly-due requests for the officers; waiting objections for the superior
    (selectors.due_state, the one rule)."""
    if has_role(user, OFFICER_ROLES):
        counts = selectors.staff_counts(today=timezone.localdate())
        url = reverse(REQUESTS.url_name)
        return [
            Waiting(
                label=_("permohonan informasi terbuka"), count=counts["open"], url=f"{url}?status=terbuka"
            ),
            Waiting(
                label=_("permohonan informasi terlambat"),
                count=counts["overdue"],
                url=f"{url}?tenggat=terlambat",
            ),
            Waiting(
                label=_("permohonan informasi hampir jatuh tempo"),
                count=counts["nearly_due"],
                url=f"{url}?tenggat=hampir",
            ),
        ]
    if has_role(user, SUPERIOR_ROLES):
        counts = selectors.staff_counts(today=timezone.localdate())
        return [
            Waiting(
                label=_("keberatan menunggu tanggapan"),
                count=counts["objections"],
                url=f"{reverse(OBJECTIONS.url_name)}?status=diterima",
            )
        ]
    return []


@first_step_source
def ppid_first_steps(user: User) -> list[FirstStep]:
    """A new portal's first steps: every mandatory PPID item published (selectors.checklist_coverage)."""
    if not has_role(user, (Role.VILLAGE_ADMIN,)) or not has_role(user, CHECKLIST.roles):
        return []
    coverage = selectors.checklist_coverage()
    return [
        FirstStep(
            label=gettext_lazy("Terbitkan informasi wajib PPID"),
            url=reverse(CHECKLIST.url_name),
            done=coverage.total > 0 and coverage.covered == coverage.total,
            order=40,
        )
    ]
