"""Settings of the Celery worker that the notifikasi tests start: the test settings plus what the
test process hands over in the environment (its queue and its gateway)."""

import os

from balai.settings.test import *  # noqa: F403

# Tasks the worker queues itself (retries, the outbox flush) stay on the test's own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ["NOTIFIKASI_TEST_QUEUE"]
NOTIFY_GATEWAY_URL = os.environ["NOTIFIKASI_TEST_GATEWAY_URL"]
NOTIFY_GATEWAY_TOKEN = os.environ["NOTIFIKASI_TEST_GATEWAY_TOKEN"]
