from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`manage.py load_demo`: the demo district, its gampong, staff and requests (no models).

    It sits on the top layer beside the project package, because it drives several feature modules
    through their services; nothing imports it."""

    name = "modules.demo"
    label = "demo"
    verbose_name = _("Data contoh")
