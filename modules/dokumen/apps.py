from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DokumenConfig(AppConfig):
    name = "modules.dokumen"
    label = "dokumen"
    verbose_name = _("Dokumen dan surat")
