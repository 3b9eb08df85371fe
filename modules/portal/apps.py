from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Village


class PortalConfig(AppConfig):
    name = "modules.portal"
    label = "portal"
    verbose_name = _("Portal desa")

    def seed_village(self, village: Village) -> None:
        """A new village's default profile and head of village (tenants.seeding)."""
        from .services import portal_seed_defaults

        portal_seed_defaults(
            village_name=village.name,
            kecamatan=village.kecamatan,
            district_name=village.district.name,
            head_title=village.district.village_head_title,
            village_noun=village.district.village_noun,
        )
