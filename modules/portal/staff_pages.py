"""The portal's staff page (see modules/accounts/staff_pages.py)."""

from django.utils.translation import gettext_lazy as _

from modules.accounts.models import Role
from modules.accounts.staff_pages import staff_page

PROFILE = staff_page(
    "portal:staff_profile", label=_("Profil dan logo"), roles=(Role.VILLAGE_ADMIN,), order=50
)
OFFICIALS = staff_page(
    "portal:staff_officials", label=_("Perangkat dan kontak"), roles=(Role.VILLAGE_ADMIN,), order=55
)
