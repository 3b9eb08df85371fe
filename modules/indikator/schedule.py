"""Celery beat entries of this app; IndikatorConfig.ready() registers them with the Celery app."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "indikator.reconcile_nightly": {
        "task": "indikator.reconcile_nightly",
        # 02.30 in the village (TIME_ZONE): after midnight, so a new month's rows are filled early.
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 3600},
    },
}
