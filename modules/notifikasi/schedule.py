"""Celery beat entries of this app; NotifikasiConfig.ready() registers them with the Celery app."""

BEAT_SCHEDULE = {
    "notifikasi.flush_outbox": {
        "task": "notifikasi.flush_outbox",
        "schedule": 60.0,
        # A flush still waiting when the next one is due is useless: drop it.
        "options": {"expires": 55},
    },
}
