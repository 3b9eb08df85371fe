from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PrivasiConfig(AppConfig):
    name = "modules.privasi"
    label = "privasi"
    verbose_name = _("Data pribadi")

    def ready(self) -> None:
        from .checks import check_personal_data_keys

        # A deploy check (`manage.py check --deploy`): the first encryption raises the same error anyway,
        # and management commands run with the test settings outside pytest must not be blocked.
        checks.register(check_personal_data_keys, checks.Tags.security, deploy=True)
