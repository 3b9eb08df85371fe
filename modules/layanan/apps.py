from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Village


class LayananConfig(AppConfig):
    name = "modules.layanan"
    label = "layanan"
    verbose_name = _("Layanan dan surat")

    def seed_village(self, village: Village) -> None:
        """A new village's default catalogue, pledge and settings (tenants.seeding)."""
        from .services import catalogue_seed_defaults

        district = village.district
        catalogue_seed_defaults(
            head_title=district.village_head_title.title(), village_noun=district.village_noun
        )
