from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThrottlingConfig(AppConfig):
    """Limits on anonymous submissions, and the client address they (and logs, and sign-in lockouts)
    count by (no models)."""

    name = "modules.throttling"
    label = "throttling"
    verbose_name = _("Pembatasan permintaan")
