"""Development: `make run`. The Makefile points DATABASE_URL/REDIS_URL at the embedded servers."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-balai-local-key-0123456789abcdef")
ALLOWED_HOSTS = ["*"]
PUBLIC_PORT = env.int("PUBLIC_PORT", default=8000)  # runserver's; `make run PORT=…` passes its own
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    **BERKAS_STORAGES,  # noqa: F405 (MEDIA_ROOT, or the bucket named by STORAGE_S3_BUCKET)
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if not env("NOTIFY_GATEWAY_URL", default=""):
    # No gateway in development: WhatsApp/SMS messages are printed (address masked) instead.
    NOTIFY_BACKENDS = {
        "whatsapp": "modules.notifikasi.channels.ConsoleBackend",
        "sms": "modules.notifikasi.channels.ConsoleBackend",
    }

# The browsable API helps while developing; production serves JSON only (settings/base.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
