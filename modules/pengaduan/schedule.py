"""Celery beat entries of this app; PengaduanConfig.ready() registers them with the Celery app."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "pengaduan.daily_reminders": {
        "task": "pengaduan.daily_reminders",
        # 07.00 in the village (TIME_ZONE), before the office opens.
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 3600},
    },
}
