"""The portal's staff page (see modules/accounts/staff_pages.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modules.accounts.models import Role, User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import FirstStep, first_step_source, staff_page

from . import selectors

PROFILE = staff_page(
    "portal:staff_profile", label=_("Profil dan logo"), roles=(Role.VILLAGE_ADMIN,), order=50
)
OFFICIALS = staff_page(
    "portal:staff_officials", label=_("Perangkat dan kontak"), roles=(Role.VILLAGE_ADMIN,), order=55
)


@first_step_source
def portal_first_steps(user: User) -> list[FirstStep]:
    """A new portal's first steps: the profile written (selectors.profile_complete) and at least two
    officials published (what the PPID's checklist counts as held by Balai)."""
    if not has_role(user, PROFILE.roles):
        return []
    return [
        FirstStep(
            label=_("Lengkapi profil"),
            url=reverse(PROFILE.url_name),
            done=selectors.profile_complete(),
            order=10,
        ),
        FirstStep(
            label=_("Tambahkan perangkat"),
            url=reverse(OFFICIALS.url_name),
            done=selectors.active_official_count() >= 2,
            order=20,
        ),
    ]
