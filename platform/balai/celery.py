"""One Celery app for every tenant. Tasks carry their schema in a header (tenant-schemas-celery):
a task queued while a village's schema is active runs inside that village's schema."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings.production")

app = CeleryApp("balai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
