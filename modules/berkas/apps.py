from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerkasConfig(AppConfig):
    """Uploaded files: intake by content, encrypted storage under the schema's prefix, staging."""

    name = "modules.berkas"
    label = "berkas"
    verbose_name = _("Berkas unggahan")
