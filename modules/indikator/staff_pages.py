"""The district's indicator pages (see modules/accounts/staff_pages.py): the table of every village
for a period, one village's history and the table as CSV and XLSX. District admins and facilitators
(pendamping desa) read them; nothing here writes."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import Role
from modules.accounts.staff_pages import staff_page
from tenants.words import current_district, village_noun

READER_ROLES = (Role.DISTRICT_ADMIN, Role.FACILITATOR)


def _table_label() -> str:
    """ "Indikator gampong" on Aceh Besar's host: the district's word, read when shown."""
    return _("Indikator %(noun)s") % {"noun": village_noun(current_district())}


# Before the signup pages (order 20): the comparison is what a facilitator opens first.
TABLE = staff_page("indikator:table", label=lazy(_table_label, str)(), roles=READER_ROLES, order=15)
VILLAGE = staff_page(
    "indikator:village", label=gettext_lazy("Riwayat indikator"), roles=READER_ROLES, in_menu=False
)
TABLE_CSV = staff_page(
    "indikator:table_csv",
    label=gettext_lazy("Unduh tabel indikator (CSV)"),
    roles=READER_ROLES,
    in_menu=False,
)
TABLE_XLSX = staff_page(
    "indikator:table_xlsx",
    label=gettext_lazy("Unduh tabel indikator (XLSX)"),
    roles=READER_ROLES,
    in_menu=False,
)
