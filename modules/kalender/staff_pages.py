"""The calendar's staff page (see modules/accounts/staff_pages.py)."""

from django.utils.translation import gettext_lazy as _

from modules.accounts.models import Role
from modules.accounts.staff_pages import staff_page

OVERRIDES = staff_page(
    "kalender:overrides",
    label=_("Hari kerja dan libur"),
    roles=(Role.VILLAGE_ADMIN, Role.DISTRICT_ADMIN),
    order=60,
)
