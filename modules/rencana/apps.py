from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Village


class RencanaConfig(AppConfig):
    name = "modules.rencana"
    label = "rencana"
    verbose_name = _("Rencana aksi pelayanan")

    def seed_village(self, village: Village) -> None:
        """A new village's areas of service (tenants.seeding)."""
        from .services import rencana_seed_defaults

        rencana_seed_defaults(village)
