"""Production. Secrets and hosts have no default: a missing one stops the start with a sentence."""

import os

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = {
    "SECRET_KEY": "a long random string, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
    "DATABASE_URL": "the PostgreSQL 14+ URL, e.g. postgres://balai:password@db:5432/balai",
    "REDIS_URL": "the Redis URL for cache and Celery, e.g. redis://redis:6379/0",
    "BASE_DOMAIN": "the platform's domain, e.g. balai.acehbesarkab.go.id",
    "PERSONAL_DATA_KEYS": (
        "one or more comma-separated Fernet keys for personal data at rest, e.g. "
        "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
    ),
}
for _name, _example in _REQUIRED.items():
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"Set the environment variable {_name}: {_example}.")

from .base import *  # noqa: E402, F403
from .base import BASE_DOMAIN, env, logging_config  # noqa: E402

DEBUG = False
LOGGING = logging_config(env("LOG_FORMAT", default="json"))
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[f".{BASE_DOMAIN}", BASE_DOMAIN])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The probes are called over plain HTTP by the kubelet.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"noreply@{BASE_DOMAIN}")

# HSTS preload is a commitment the district's domain owner makes with the browser vendors; it is
# opt-in through SECURE_HSTS_PRELOAD, so Django's reminder about it is not a defect here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
