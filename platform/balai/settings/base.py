"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

# platform/balai/settings/base.py -> the repository root
BASE_DIR = Path(__file__).resolve().parents[3]

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)

# The platform's own host; districts live at {district}.{BASE_DOMAIN}, villages one level below.
BASE_DOMAIN = env("BASE_DOMAIN", default="balai.localhost")
# The port in links made outside a request (letter QR codes, messages); unset: the scheme's default.
PUBLIC_PORT: int | None = env.int("PUBLIC_PORT", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

# --- Tenancy (django-tenants, multi-type) ---------------------------------------------------------
PUBLIC_SCHEMA_NAME = "public"
TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
HAS_MULTI_TYPE_TENANTS = True
MULTI_TYPE_DATABASE_FIELD = "type"
# New schemas are built from a migrated template schema per type (tenants.provisioning).
TEMPLATE_SCHEMAS = {"district": "template_district", "village": "template_village"}

_EVERY_SCHEMA = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "modules.accounts",
    "modules.audit",
    # Code only, no tables: the API's error bodies and the submission limits.
    "modules.api_errors",
    "modules.throttling",
    # Failed sign-ins are counted where the accounts are: its tables live in every schema.
    "axes",
]
# Apps with tables in both the district and the village schemas.
_EVERY_TENANT = ["modules.notifikasi"]

TENANT_TYPES = {
    "public": {
        "APPS": [
            "django_tenants",
            "tenants",
            "modules.wilayah",
            "modules.kalender",
            *_EVERY_SCHEMA,
            "django.contrib.admin",
            "django.contrib.staticfiles",
            "rest_framework",
            "drf_spectacular",
            "drf_spectacular_sidecar",
            "modules.demo",  # `manage.py load_demo`; no tables
            # The signup wizard's applications live in the registry; its pages on the district host.
            "modules.pendaftaran",
            # The district's indicators: the rollup villages publish into the registry.
            "modules.indikator",
        ],
        "URLCONF": "balai.urls_public",
    },
    "district": {
        "APPS": [*_EVERY_SCHEMA, *_EVERY_TENANT],
        "URLCONF": "balai.urls_district",
    },
    "village": {
        "APPS": [
            *_EVERY_SCHEMA,
            *_EVERY_TENANT,
            "modules.kalender",
            "modules.privasi",
            "modules.berkas",
            "modules.dokumen",
            "modules.portal",
            "modules.layanan",
            "modules.pengaduan",
            "modules.ppid",
            "modules.survei",
            "modules.rencana",
        ],
        "URLCONF": "balai.urls_village",
    },
}

INSTALLED_APPS: list[str] = []
for _tenant_type in TENANT_TYPES.values():
    INSTALLED_APPS += [app for app in _tenant_type["APPS"] if app not in INSTALLED_APPS]

ROOT_URLCONF = "balai.urls_public"

# --- Response headers ----------------------------------------------------------------------------------
# A strict Content-Security-Policy (django-csp): scripts, styles, images, fonts and fetches from our
# own origin only; no inline script or style attribute anywhere (tests/platform/test_security_headers
# checks every template). The API docs page alone is wider (balai.security.API_DOCS_POLICY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of ours uses are off for every page and every embedded frame; location is
# kept for our own pages (a complaint's place on a map).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MIDDLEWARE = [
    "balai.middleware.ProbeMiddleware",  # /healthz, /readyz, /metrics answer before any tenant lookup
    "balai.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "balai.security.StaffNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "balai.middleware.TenantMiddleware",
    # A route of a module the village switched off answers 404 (balai.switches).
    "balai.switches.ModuleSwitchMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "balai.security.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: its check reads request.POST, which spools the body (modules.berkas.middleware).
    "modules.berkas.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "balai.security.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balai.context_processors.tenant",
                "balai.switches.modules_context",
                "modules.ppid.context_processors.serta_merta",
            ],
        },
    },
]

WSGI_APPLICATION = "balai.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/balai")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# A Unix socket directory arrives percent-encoded in the URL's host (postgres://u@%2Fpath/db).
DATABASES["default"]["HOST"] = unquote(str(DATABASES["default"].get("HOST") or ""))
# Persistent connections decide throughput (measured: 1,166 vs 116 req/s); recycled after a minute
# because a connection that touched many schemas grows large.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every cache key carries the schema name (DESIGN rule 4).
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
    # Host -> tenant id (tenants.routing). Registry data of the public schema, so its keys do not
    # follow the connection's schema: the prefix names the schema they belong to.
    "routing": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "public",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A staff session ends after a working day without activity (9 hours), not Django's 14 days: activity
# pushes the expiry forward (balai.security.SessionActivityMiddleware, at most every 5 minutes), so
# someone at work is never signed out mid-task.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 3600)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"  # the staff home at /staf/: what waits for the role, and its menu
# Whether a module is on in the current tenant: the staff home leaves out the pages and the waiting
# items of a module the village switched off (a dotted path, so that accounts imports no module).
STAFF_MODULE_CHECK = "balai.switches.module_on"
# django-axes goes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# --- Sign-in lockout (django-axes, on /staf/masuk/ and the Django admin) ---------------------------------
# 5 failures within 15 minutes lock the account, and separately the client address, for 15 minutes
# (failures older than that no longer count). A success clears the account's failures. The address
# is modules.throttling.addresses.client_address: a forged X-Forwarded-For cannot dodge the lock.
# Unlocking early: docs/operations.md ("Sign-in lockouts").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "modules.throttling.addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The access log would keep every sign-in forever; failures are enough to lock out.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Fernet keys for personal data at rest (NIK, KK, phone, address); the first encrypts, all decrypt.
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS", default=[])

# --- Language: Bahasa Indonesia first, English second ------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".balai" / "static"
STATICFILES_DIRS = [BASE_DIR / "platform" / "static"]
# Files browsers ask for at the root of every host (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "platform" / "public"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".balai" / "media")
MEDIA_URL = "/media/"

# --- Uploaded files and letters (modules.berkas) ---------------------------------------------------------
# Residents' documents and letters go through "berkas": encrypted with PERSONAL_DATA_KEYS, named at
# random, under one prefix per schema. The ciphertext lands in "berkas_ciphertext": MEDIA_ROOT, or an
# S3-compatible bucket when STORAGE_S3_BUCKET is set (MinIO, Ceph, AWS, GCS interoperability...).
# Without STORAGE_S3_ACCESS_KEY_ID, boto3 looks for credentials itself (instance role, AWS_* vars).
_S3_BUCKET = env("STORAGE_S3_BUCKET", default="")
BERKAS_CIPHERTEXT_STORAGE: dict[str, Any] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env("STORAGE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("STORAGE_S3_REGION", default="") or None,
            "access_key": env("STORAGE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("STORAGE_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env("STORAGE_S3_PREFIX", default=""),
            "addressing_style": env("STORAGE_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,  # the bucket's policy: private
            "file_overwrite": False,
            "querystring_auth": True,  # never a public object URL (views serve the files decrypted)
        },
    }
    if _S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
BERKAS_STORAGES = {
    "berkas": {"BACKEND": "modules.berkas.storage.EncryptedStorage"},
    "berkas_ciphertext": BERKAS_CIPHERTEXT_STORAGE,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    **BERKAS_STORAGES,
}
# One file as a phone's picker offers it (HEIC photos, 12-50 MP JPEGs, scanned PDFs).
BERKAS_MAX_FILE_BYTES = env.int("BERKAS_MAX_FILE_BYTES", default=10 * 2**20)
# The whole body of a view that takes files (modules.berkas.middleware: refused with 413 before it
# is read); every other view is capped at DATA_UPLOAD_MAX_MEMORY_SIZE, files included.
BERKAS_MAX_REQUEST_BYTES = env.int("BERKAS_MAX_REQUEST_BYTES", default=50 * 2**20)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 2**20)
# Uploaded files up to this size stay in memory; bigger ones are spooled to FILE_UPLOAD_TEMP_DIR
# (/tmp, 512 Mi in the chart), which the body cap above keeps bounded.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)  # None: the system's (/tmp)

# --- API -----------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # JSON only: DRF's browsable API is an HTML page per endpoint with forms, which production must not
    # serve (development adds it back in settings/local.py).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE as form bodies are (413 beyond it).
    "DEFAULT_PARSER_CLASSES": [
        "modules.api_errors.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every API view is for signed-in staff unless it says otherwise (public views declare AllowAny).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "modules.api_errors.handler.exception_handler",
    # How many proxies of ours stand in front of the application and append to X-Forwarded-For: the
    # client address (modules.throttling.addresses.client_address) is the entry the outermost one
    # wrote. 0 (the default) trusts no header and counts by the peer address; the chart sets it.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        # Anonymous submissions per client address per village (modules.throttling.throttles).
        "submission": env("SUBMISSION_RATE", default="30/hour"),
        # How often one request's private link may be sent again to its contact.
        "owner_link_resend": env("OWNER_LINK_RESEND_RATE", default="3/day"),
        # Walk-in queue tickets per address per village (QueueTicketThrottle).
        "queue_ticket": env("QUEUE_TICKET_RATE", default="5/10m"),
        # Tracking-code lookups per address per village, page and API (LookupThrottle).
        "lookup": env("LOOKUP_RATE", default="60/10m"),
        # Open311 reports (POST requests.json) per client address and per API key, per village.
        "open311_address": env("OPEN311_ADDRESS_RATE", default="60/hour"),
        "open311_key": env("OPEN311_KEY_RATE", default="300/hour"),
        # Supports of a complaint ("dukung") per address per village (modules.pengaduan.throttles).
        "complaint_support": env("COMPLAINT_SUPPORT_RATE", default="20/10m"),
        # The signup wizard (modules.pendaftaran.throttles): its start and step POSTs per address and
        # for the whole district, and the live checks of the address per client address.
        "signup": env("SIGNUP_RATE", default="60/10m"),
        "signup_district": env("SIGNUP_DISTRICT_RATE", default="600/hour"),
        "signup_check": env("SIGNUP_CHECK_RATE", default="120/10m"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Balai API",
    "DESCRIPTION": "Layanan publik desa: katalog layanan dan standarnya, permohonan surat, pelacakan.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API docs page loads Redoc from our own static files, never from a CDN.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "modules.layanan.models.RequestStatus",
        "QueueTicketStatusEnum": "modules.layanan.models.QueueTicketStatus",
    },
}

# --- Celery ------------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A broker host that drops packets would otherwise hold a resident's request until the OS gives up.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
# CELERY_BEAT_SCHEDULE is not set here: each app adds its entries in AppConfig.ready().

# --- Notifications (modules.notifikasi) ---------------------------------------------------------------
# WhatsApp/SMS gateway: POST JSON {"to", "message", "channel"} with "Authorization: Bearer <token>".
NOTIFY_GATEWAY_URL = env("NOTIFY_GATEWAY_URL", default="")
NOTIFY_GATEWAY_TOKEN = env("NOTIFY_GATEWAY_TOKEN", default="")
NOTIFY_GATEWAY_TIMEOUT = env.float("NOTIFY_GATEWAY_TIMEOUT", default=10.0)
# A number typed into a public form gets one message (tracking code and a confirmation link) until
# its holder confirms; a portal sends at most this many such messages an hour (modules.notifikasi).
NOTIFY_UNCONFIRMED_PER_HOUR = env.int("NOTIFY_UNCONFIRMED_PER_HOUR", default=30)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # Django's default is None: SMTP could hang a worker

# --- Logging: one line per event, the schema and request id on every line -------------------------------


def logging_config(log_format: str) -> dict[str, Any]:
    """`plain` for people, `json` (one JSON object per line) for log collectors."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"schema": {"()": "balai.logging.SchemaFilter"}},
        "formatters": {
            "plain": {
                "format": "%(asctime)s %(levelname)s [%(schema)s %(request_id)s] %(name)s: %(message)s"
            },
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(schema)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["schema"], "formatter": log_format},
        },
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(env("LOG_FORMAT", default="plain"))

# --- Metrics and errors --------------------------------------------------------------------------------
# /metrics answers only requests from these networks that did not come through the ingress.
METRICS_ALLOWED_NETWORKS = env.list(
    "METRICS_ALLOWED_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
)
# Set (and emptied at start) when gunicorn runs several workers, so /metrics sums them.
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from balai.observability import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )
