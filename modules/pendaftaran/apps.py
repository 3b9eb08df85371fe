from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendaftaranConfig(AppConfig):
    name = "modules.pendaftaran"
    label = "pendaftaran"
    verbose_name = _("Pendaftaran desa")
