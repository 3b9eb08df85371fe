"""pytest: a real PostgreSQL and Redis, from DATABASE_URL/REDIS_URL (the Makefile sets them)."""

import os
import uuid

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env

SECRET_KEY = "test-only-not-secret-balai-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (tests only)
DEBUG = False
ALLOWED_HOSTS = ["*"]
BASE_DOMAIN = "balai.test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "berkas": {"BACKEND": "modules.berkas.storage.EncryptedStorage"},
    "berkas_ciphertext": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # under MEDIA_ROOT
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# A fixed, non-secret key so that worker subprocesses started by tests decrypt what the tests wrote.
PERSONAL_DATA_KEYS = ["dGVzdC1vbmx5LXBlcnNvbmFsLWRhdGEta2V5LTAwMDA="]
WHITENOISE_USE_FINDERS = True  # tests serve CSS without collectstatic
# ...finding each file when it is asked for: otherwise every new middleware chain (each test
# Client builds one) walks every static file of every app first, ~30 ms a client.
WHITENOISE_AUTOREFRESH = True
# Tests submit many requests from one address; the throttle has tests of its own with a low rate.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
        "submission": "100000/hour",
        "queue_ticket": "100000/hour",
        "lookup": "100000/hour",
        "open311_address": "100000/hour",
        "open311_key": "100000/hour",
        "complaint_support": "100000/hour",
        "signup": "100000/hour",
        "signup_district": "100000/hour",
        "signup_check": "100000/hour",
    },
}

# Cache and throttle keys (DRF's throttles use the default cache) of one run and one xdist worker
# never meet another's in the shared Redis: the prefix names the run and the worker. The run id is
# put in the environment so that processes the tests start (Celery workers) share the prefix.
TEST_RUN_ID = os.environ.setdefault(
    "BALAI_TEST_RUN_ID", os.environ.get("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)[:12]
)
_TEST_PREFIX = f"test-{TEST_RUN_ID}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
CACHES = {
    **CACHES,
    "default": {**CACHES["default"], "KEY_PREFIX": _TEST_PREFIX},
    "routing": {**CACHES["routing"], "KEY_PREFIX": f"public-{_TEST_PREFIX}"},
}
# A commit returns before its WAL reaches the disk (~3 ms less a commit here): what a test commits is
# seen by every other connection at once as before; only a crash of the server could lose it.
DATABASES["default"]["OPTIONS"] = {
    **DATABASES["default"].get("OPTIONS", {}),
    "options": "-c synchronous_commit=off",
}
