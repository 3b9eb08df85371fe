"""The survey's and the polls' staff pages and the roles that may open each (see
modules/accounts/staff_pages.py). The village admin keeps the follow-up plan, the kiosks and the
polls; the counter's operators and the village council read the results and the suggestions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from modules.accounts.staff_pages import staff_page

from .services import ADMIN_ROLES, READER_ROLES

RESULTS = staff_page(
    "survei:staff_results", label=gettext_lazy("Survei kepuasan (SKM/IKM)"), roles=READER_ROLES, order=70
)
EXPORT_CSV, EXPORT_XLSX = (
    staff_page(
        f"survei:staff_export_{kind}",
        label=gettext_lazy("Unduh jawaban survei"),
        roles=READER_ROLES,
        in_menu=False,
    )
    for kind in ("csv", "xlsx")
)
REPORT_PDF = staff_page(
    "survei:staff_report_pdf", label=gettext_lazy("Laporan SKM"), roles=READER_ROLES, in_menu=False
)
PLAN = staff_page(
    "survei:staff_plan", label=gettext_lazy("Rencana tindak lanjut SKM"), roles=ADMIN_ROLES, order=71
)
PLAN_EDIT = staff_page(
    "survei:staff_plan_edit", label=gettext_lazy("Ubah tindak lanjut"), roles=ADMIN_ROLES, in_menu=False
)
PLAN_DELETE = staff_page(
    "survei:staff_plan_delete", label=gettext_lazy("Hapus tindak lanjut"), roles=ADMIN_ROLES, in_menu=False
)
KIOSKS = staff_page("survei:staff_kiosks", label=gettext_lazy("Kios survei"), roles=ADMIN_ROLES, order=72)
KIOSK_DEACTIVATE = staff_page(
    "survei:staff_kiosk_deactivate", label=gettext_lazy("Nonaktifkan kios"), roles=ADMIN_ROLES, in_menu=False
)
POLLS = staff_page(
    "survei:staff_polls", label=gettext_lazy("Jajak pendapat warga"), roles=ADMIN_ROLES, order=73
)
POLL_NEW = staff_page(
    "survei:staff_poll_new", label=gettext_lazy("Jajak pendapat baru"), roles=ADMIN_ROLES, in_menu=False
)
POLL = staff_page("survei:staff_poll", label=gettext_lazy("Jajak pendapat"), roles=ADMIN_ROLES, in_menu=False)
BALLOT_RECORD = staff_page(
    "survei:staff_ballot_record",
    label=gettext_lazy("Catat jawaban di musyawarah"),
    roles=ADMIN_ROLES,
    in_menu=False,
)
