"""Settings of the gunicorn and the Celery worker that the signup journey starts: the test settings
with the test's own task queue, so its provisioning task goes to its own worker and no other."""

import os

from balai.settings.test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["SIGNUP_JOURNEY_QUEUE"]
