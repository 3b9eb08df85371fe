from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiErrorsConfig(AppConfig):
    """The one DRF exception handler of every API and the error bodies it writes (no models)."""

    name = "modules.api_errors"
    label = "api_errors"
    verbose_name = _("Galat API")
