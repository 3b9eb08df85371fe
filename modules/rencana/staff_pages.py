"""The action plan's staff pages and the roles that may open each (see modules/accounts/staff_pages.py):
the views' checks and the staff home's menu both read these declarations. The village admin writes
the plan; the admin and the service operator record progress and meetings; the PPID and the council
(BPD) read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from modules.accounts.staff_pages import staff_page

from .services import PLAN_ROLES, PROGRESS_ROLES, READ_ROLES

PLANS = staff_page(
    "rencana:staff_plans", label=gettext_lazy("Rencana aksi pelayanan"), roles=READ_ROLES, order=75
)
AREAS = staff_page(
    "rencana:staff_areas", label=gettext_lazy("Bidang pelayanan"), roles=PLAN_ROLES, in_menu=False
)
PLAN = staff_page("rencana:staff_plan", label=gettext_lazy("Rencana aksi"), roles=READ_ROLES, in_menu=False)
PLAN_EDIT = {
    name: staff_page(name, label=gettext_lazy("Tulis rencana aksi"), roles=PLAN_ROLES, in_menu=False)
    for name in (
        "rencana:staff_plan_new",
        "rencana:staff_plan_edit",
        "rencana:staff_plan_publish",
        "rencana:staff_plan_delete",
        "rencana:staff_needs_new",
        "rencana:staff_needs_edit",
        "rencana:staff_needs_delete",
        "rencana:staff_program_new",
        "rencana:staff_program_edit",
        "rencana:staff_program_delete",
        "rencana:staff_progress_delete",
        "rencana:staff_forum_delete",
    )
}
PROGRAM = staff_page(
    "rencana:staff_program", label=gettext_lazy("Program rencana aksi"), roles=READ_ROLES, in_menu=False
)
PROGRESS_NEW = staff_page(
    "rencana:staff_progress_new",
    label=gettext_lazy("Catat kemajuan program"),
    roles=PROGRESS_ROLES,
    in_menu=False,
)
FORUM_EDIT = {
    name: staff_page(name, label=gettext_lazy("Catat forum warga"), roles=PROGRESS_ROLES, in_menu=False)
    for name in ("rencana:staff_forum_new", "rencana:staff_forum_edit")
}
ATTACHMENT = staff_page(
    "rencana:staff_attachment",
    label=gettext_lazy("Lampiran laporan kemajuan"),
    roles=READ_ROLES,
    in_menu=False,
)
REPORT = staff_page(
    "rencana:staff_report",
    label=gettext_lazy("Laporan kemajuan rencana aksi"),
    roles=READ_ROLES,
    in_menu=False,
)
DOCUMENTS = {
    name: staff_page(name, label=gettext_lazy("Unduh rencana aksi"), roles=READ_ROLES, in_menu=False)
    for name in ("rencana:staff_plan_pdf", "rencana:staff_report_pdf")
}
