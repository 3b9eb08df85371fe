from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from modules.audit.models import AuditEvent


def village_write_recorded(event: AuditEvent) -> None:
    """The audit hook: a write recorded in a village's schema schedules that village's recompute
    (after commit, coalesced); rows of the district and the platform are not the rollup's."""
    from .services import in_village_schema, rollup_schedule

    if in_village_schema():
        rollup_schedule()


class IndikatorConfig(AppConfig):
    name = "modules.indikator"
    label = "indikator"
    verbose_name = _("Indikator kabupaten")

    def ready(self) -> None:
        from celery import current_app

        from modules.audit import hooks

        from .schedule import BEAT_SCHEDULE

        hooks.on_record(village_write_recorded)
        # The nightly reconciliation joins the beat schedule (settings import no module).
        current_app.conf.beat_schedule.update(BEAT_SCHEDULE)
