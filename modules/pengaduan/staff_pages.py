"""The complaint register's staff pages and the roles that may open each (see
modules/accounts/staff_pages.py): the views' checks and the staff home's menu read these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from modules.accounts.staff_pages import staff_page

from . import services

# Open311 API keys: issued and revoked by the village admin (open311/keys.py).
API_KEYS = staff_page(
    "pengaduan:staff_api_keys",
    label=gettext_lazy("Kunci API Open311 pengaduan"),
    roles=services.SETTINGS_ROLES,
    order=78,
)
