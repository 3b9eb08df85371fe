"""Celery beat entries of this app; PpidConfig.ready() registers them with the Celery app."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "ppid.daily_reminders": {
        "task": "ppid.daily_reminders",
        # 07.15 in the village (TIME_ZONE), after the complaint reminders.
        "schedule": crontab(hour=7, minute=15),
        "options": {"expires": 6 * 3600},
    },
}
