from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "modules.notifikasi"
    label = "notifikasi"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        # The beat schedule is assembled from what each app registers here, so settings import no
        # module. The project's Celery app is the current one (balai/__init__.py creates it first).
        from celery import current_app

        from .schedule import BEAT_SCHEDULE

        current_app.conf.beat_schedule.update(BEAT_SCHEDULE)
