from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendaftaranConfig(AppConfig):
    name = "modules.pendaftaran"
    label = "pendaftaran"
    verbose_name = _("Pendaftaran desa")

    def village_removed(self, village: Any) -> None:
        """A deleted village's applications go with it (tenants.services.village_delete calls this in
        its transaction): they hold its administrator's contact, and its code may apply again."""
        from .models import Application

        Application.objects.filter(village_code=village.code, district_id=village.district_id).delete()
