"""Settings for the cabinet decisions archive, read from the environment.

DATABASE_URL  unset: SQLite in db.sqlite3 (the embedded default); postgres://… for PostgreSQL.
DEBUG         defaults to on for local use; anything but a clear boolean is an error.
SECRET_KEY    required when DEBUG is off: at least 50 characters, not .env.example's.
ALLOWED_HOSTS comma-separated; defaults to localhost names while DEBUG is on.
TRUSTED_PROXY set (1) only behind a proxy that sets X-Forwarded-Proto and X-Forwarded-For.
ADMIN_URL     the admin's path, 'admin/' by default.
ADMIN_IDLE_MINUTES  an admin left idle this long is signed out (30 by default).
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
              the SMTP server the email alerts go through; without EMAIL_HOST mail is
              written to the console (the log) instead of being sent.
ALERTS_BOUNCE_SECRET  the bearer token a mail relay sends to /alerts/bounces/ (32+ chars);
              unset, that endpoint is off.
HARVEST_REQUEST_INTERVAL  seconds between two requests to one ModernGov host (1.0).
HARVEST_CONTACT  the address a council's webmaster can write to, named in the User-Agent.
COUNCIL_NAME, COUNCIL_SLUG, COUNCIL_GSS_CODE, COUNCIL_REGISTER_CODE
              the archive's first council, made when it is set up (Herefordshire Council,
              herefordshire, E06000019, HEF by default); add others with add_council.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from archive_site.env import (
    parse_admin_url,
    parse_bool,
    parse_database,
    parse_int,
    parse_list,
    parse_minutes,
    parse_seconds,
    parse_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

DEBUG = parse_bool("DEBUG", ENV, default=True)

SECRET_KEY = parse_secret_key(ENV, debug=DEBUG)  # with DEBUG off: 50+ characters, no placeholder

ALLOWED_HOSTS = parse_list(
    "ALLOWED_HOSTS", ENV, default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = parse_list("CSRF_TRUSTED_ORIGINS", ENV, default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_q",
    "decisions",
    "decisions.timelines",
    "decisions.moderngov",
    "decisions.api",
    "decisions.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive_site.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "archive_site.middleware.AdminSessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Nothing above reads a request's body. The user is known (lazily) before the body limit,
    # which lets only staff send the admin upload's large bodies, and both before CSRF,
    # which reads the body of any POST that carries a CSRF cookie.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive_site.middleware.BodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "archive_site.middleware.RejectNulFormMiddleware",  # reads a posted form after CSRF only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Password guessing: django-axes locks a client address, and a username at that address,
# out of sign-in after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME. A username alone
# is never locked, so failures from elsewhere cannot lock a named admin out. The address is
# the client's (archive_site/client_ip.py: behind TRUSTED_PROXY, X-Forwarded-For's last
# entry), not the proxy's, which would lock every admin out at once. `manage.py axes_reset`
# (or axes_reset_username NAME) lifts a lockout. Tests sign in with force_login, which
# does not go through authentication backends, so axes never sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "archive_site.client_ip.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ADMIN_URL = parse_admin_url(ENV)

# The site's public address (https://decisions.example.gov.uk), for files made without a
# request to take it from: the prebuilt full CSV's page addresses.
SITE_URL = ENV.get("SITE_URL", "").strip().rstrip("/")

# Mail (the email alerts, decisions/alerts/): SMTP when EMAIL_HOST is set; otherwise each
# message is printed to the console, which is enough to try the alerts locally.
EMAIL_HOST = ENV.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = parse_int("EMAIL_PORT", ENV, default=25)
EMAIL_HOST_USER = ENV.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = ENV.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = parse_bool("EMAIL_USE_TLS", ENV, default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "").strip() or "alerts@localhost"
ALERTS_BOUNCE_SECRET = ENV.get("ALERTS_BOUNCE_SECRET", "").strip()  # checked: alerts/apps.py

# The archive's first council: the migration that brought councils in moved every record
# into it, and an import into an archive with no council makes it.
FIRST_COUNCIL = {
    "name": ENV.get("COUNCIL_NAME", "Herefordshire Council").strip(),
    "slug": ENV.get("COUNCIL_SLUG", "herefordshire").strip(),
    "gss_code": ENV.get("COUNCIL_GSS_CODE", "E06000019").strip(),
    "register_code": ENV.get("COUNCIL_REGISTER_CODE", "HEF").strip(),
}
# Only the admin uses sessions: one idle for ADMIN_IDLE_MINUTES ends (every admin page
# renews it: archive_site.middleware.AdminSessionRenewalMiddleware).
SESSION_COOKIE_AGE = parse_minutes("ADMIN_IDLE_MINUTES", ENV, default=30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "archive_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive_site.wsgi.application"

DATABASES = {"default": parse_database(ENV, sqlite_path=str(BASE_DIR / "db.sqlite3"))}
# A read replica (archive_site/replicas.py): safe requests read there, the rest from default.
if ENV.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = parse_database(
        {"DATABASE_URL": ENV["DATABASE_REPLICA_URL"]}, sqlite_path=""
    ) | {"TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["archive_site.replicas.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "archive_site.replicas.ReplicaRoutingMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# With DEBUG off, static files come from `collectstatic` (the Docker image runs it) through
# whitenoise's manifest storage. Run with DEBUG=0 without it (outside Docker, say) and that
# storage fails every page; instead whitenoise serves them from their folders (its finders)
# and the start-up log says to run collectstatic (decisions/apps.py).
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STATIC_FROM_FINDERS = not DEBUG and not STATIC_COLLECTED
# With DEBUG on (make run), whitenoise serves them from their folders too, as it would by
# default: runserver's own static serving is off (whitenoise.runserver_nostatic).
WHITENOISE_USE_FINDERS = DEBUG or STATIC_FROM_FINDERS
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or STATIC_FROM_FINDERS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads (the admin's "Import notices" page): form fields and files are held in memory only
# up to 2.5 MB (larger files go to the system's temp folder while a request lasts), at most
# 20 files per request (the form's limit); each file is also checked against its format's
# limit (PDF 20 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The upload form takes 20 files and says so (decisions/admin/import_view.py); Django's own
# cap, past which it answers a bare 400 before the form is reached, is set above it.
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# Whole request bodies (archive_site.middleware.BodyLimitMiddleware answers 413 unread):
# staff on the admin's upload may send 20 files of up to 20 MB; everyone else, everywhere
# else, a form's worth. The proxy in front should refuse bodies over UPLOAD_BODY_LIMIT.
REQUEST_BODY_LIMIT = DATA_UPLOAD_MAX_MEMORY_SIZE
UPLOAD_BODY_LIMIT = 20 * 20 * 1024 * 1024 + 1024 * 1024
# Uploaded notices wait here between the preview and the import: outside the web root.
IMPORT_STAGING_DIR = Path(
    os.environ.get("IMPORT_STAGING_DIR") or Path(tempfile.gettempdir()) / "decisions-import"
)

# Large exports (decisions/opendata/bulk.py): the full CSV is a file built here after each
# import; a live CSV holds at most EXPORT_MAX_ROWS decisions, and at most
# EXPORT_CONCURRENCY stream at once on this machine (503 with Retry-After past that).
EXPORT_DIR = Path(os.environ.get("EXPORT_DIR") or Path(tempfile.gettempdir()) / "decisions-exports")
EXPORT_MAX_ROWS = 10_000
EXPORT_CONCURRENCY = 2
EXPORT_BUILD_IN_BACKGROUND = True  # after an admin import, or when the file is stale

# Imported text is data: the policy forbids inline scripts and styles everywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = parse_bool("SECURE_SSL_REDIRECT", ENV, default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # checked over plain HTTP from inside
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The JSON API (decisions/api/): public, read-only, JSON only, with an OpenAPI 3 schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cabinet decisions archive API",
    "DESCRIPTION": "The council's written statements of executive decisions, searchable with "
    "the parameters /decisions/ takes. Open Government Licence v3.0.",
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files: no CDN, CSP-safe
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button, a link within a
    # button, which screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # An event's kind and the kind a tied date follows are one vocabulary: one schema name.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "decisions.timelines.rules.vocabulary.EVENT_KIND_CHOICES"
    },
}
# Anyone may read the API from a web page on any site; nothing else is cross-origin.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# X-Forwarded-* headers are believed only when a proxy we run sets them; otherwise any
# client could claim to be on HTTPS, or to come from another address (axes' lockouts).
TRUSTED_PROXY = parse_bool("TRUSTED_PROXY", ENV, default=False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Harvesting ModernGov sites (decisions/moderngov). Every request to a council's server
# names the archive and a contact address, and waits its turn at the host.
HARVEST_REQUEST_INTERVAL = parse_seconds("HARVEST_REQUEST_INTERVAL", ENV, default=1.0)
HARVEST_CONTACT = ENV.get("HARVEST_CONTACT", "archive@example.org")
HARVEST_USER_AGENT = ENV.get(
    "HARVEST_USER_AGENT",
    f"CabinetDecisionsArchive/1.0 (+mailto:{HARVEST_CONTACT})",
)
HARVEST_TIMEOUT = parse_seconds("HARVEST_TIMEOUT", ENV, default=30.0)
HARVEST_MAX_BYTES = 20 * 1024 * 1024  # a document over this is reported, not kept
# A council's first harvest reads its lists from this date on (then DAILY_WINDOW a day).
HARVEST_FIRST_SINCE = date(2010, 1, 1)

# Scheduled work (django-q2): the ORM broker is the database itself, so no other service is
# needed, on SQLite as on PostgreSQL. `manage.py qcluster` runs the workers (the docker
# compose `worker` service); `manage.py schedule_jobs` makes the schedules.
Q_CLUSTER = {
    "name": "archive",
    "orm": "default",
    "workers": 2,
    "timeout": 6 * 3600,  # a council's first harvest may take hours at one request a second
    "retry": 6 * 3600 + 600,  # longer than the timeout, so a running task is not re-run
    "max_attempts": 1,
    "catch_up": False,  # a missed daily run is not run twice
    "ack_failures": True,
    "save_limit": 250,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
}
