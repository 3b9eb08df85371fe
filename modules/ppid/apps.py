from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Village


class PpidConfig(AppConfig):
    name = "modules.ppid"
    label = "ppid"
    verbose_name = _("PPID")

    def seed_village(self, village: Village) -> None:
        """A new village's checklist of periodic information (tenants.seeding)."""
        from .services import ppid_seed_defaults

        ppid_seed_defaults(village)

    def ready(self) -> None:
        # The daily reminders join the beat schedule (settings import no module).
        from celery import current_app

        from .schedule import BEAT_SCHEDULE

        current_app.conf.beat_schedule.update(BEAT_SCHEDULE)
