from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveiConfig(AppConfig):
    name = "modules.survei"
    label = "survei"
    verbose_name = _("Survei kepuasan dan jajak pendapat")
