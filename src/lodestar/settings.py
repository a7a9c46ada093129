"""Django settings for Lodestar.

Everything a deployment varies comes from the environment (12-factor); docs/deployment.md lists
every variable. The main ones: DATABASE_URL (SQLite under var/ when unset), LODESTAR_SECRET_KEY
(generated once under var/ when unset, refused in production), LODESTAR_DEBUG,
LODESTAR_ALLOWED_HOSTS, LODESTAR_CACHE_URL, LODESTAR_EMAIL_*, LODESTAR_HTTPS and LODESTAR_ENV.

With LODESTAR_ENV=production the secure defaults switch on (HTTPS redirect, HSTS, secure cookies,
manifest static files) and an unsafe setting stops the process (lodestar.core.security).
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env("LODESTAR_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# "production" switches on the secure defaults below and refuses unsafe settings at start-up.
LODESTAR_ENV = env("LODESTAR_ENV", "development")
PRODUCTION = LODESTAR_ENV == "production"
# ./lodestar serve sets this: static files come from the collected, hashed, compressed copy.
SERVING = env_flag("LODESTAR_SERVING") or PRODUCTION


def _secret_key() -> str:
    if key := env("LODESTAR_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENVIRONMENT = bool(env("LODESTAR_SECRET_KEY"))
DEBUG = env_flag("LODESTAR_DEBUG")
ALLOWED_HOSTS = env_list("LODESTAR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LODESTAR_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "lodestar.core",
    "lodestar.org",
    "lodestar.finance",
    "lodestar.results",
    "lodestar.portfolio",
    "lodestar.oversight",
    "lodestar.campaigns",
    "lodestar.workspace",
    "lodestar.inventory",
    "lodestar.compliance",
    "lodestar.service",
    "lodestar.documents",
    "lodestar.reference",
]

MIDDLEWARE = [
    "lodestar.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lodestar.core.security.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lodestar.core.scoped_cache.GenerationPerRequest",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
    "lodestar.core.routers.ReplicaForReportsMiddleware",
]

ROOT_URLCONF = "lodestar.urls"
WSGI_APPLICATION = "lodestar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lodestar.core.context_processors.navigation",
                "lodestar.workspace.context_processors.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'lodestar.sqlite3'}",
        # Persistent connections: a new PostgreSQL connection per request cost 24-67 % of API
        # throughput; health checks drop a connection the server closed before reusing it.
        conn_max_age=int(env("LODESTAR_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers read while one writer writes; the busy timeout makes a second writer wait;
    # IMMEDIATE transactions take the write lock when they begin, so a reader-turned-writer cannot
    # deadlock on the upgrade and fail with "database is locked" (a 500) — it waits its turn instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests run on a file, as the product does: an in-memory database shared between threads
    # locks whole tables ("database table is locked") where a file in WAL mode waits its turn. One
    # file per test process, so that two runs side by side do not share one.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(VAR_DIR / f"test_lodestar_{os.getpid()}.sqlite3")
    )
if replica_url := env("LODESTAR_REPLICA_URL"):
    # A read replica for reports and exports (lodestar.core.routers); tests read the primary.
    DATABASES["replica"] = dj_database_url.parse(
        replica_url, conn_max_age=int(env("LODESTAR_CONN_MAX_AGE", "600")), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["lodestar.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(env("LODESTAR_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on (OpenID Connect, authorisation code with PKCE) when a client is configured;
# LODESTAR_LOCAL_PASSWORDS=0 then switches Lodestar's own passwords off.
OIDC_RP_CLIENT_ID = env("LODESTAR_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("LODESTAR_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("LODESTAR_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("LODESTAR_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("LODESTAR_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("LODESTAR_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("LODESTAR_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("LODESTAR_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = env_flag("LODESTAR_OIDC_CREATE_USERS", True)
OIDC_TIMEOUT = 10
LODESTAR_OIDC_NAME = env("LODESTAR_OIDC_NAME", "your organisation")
LODESTAR_OIDC_GROUPS_CLAIM = env("LODESTAR_OIDC_GROUPS_CLAIM", "groups")
LODESTAR_OIDC_ROLE_MAP = json.loads(env("LODESTAR_OIDC_ROLE_MAP", "{}"))  # {"group": ["role", "ENTITY"]}
LODESTAR_SSO = bool(OIDC_RP_CLIENT_ID)
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
LODESTAR_LOCAL_PASSWORDS = env_flag("LODESTAR_LOCAL_PASSWORDS", True) or not LODESTAR_SSO
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if LODESTAR_LOCAL_PASSWORDS else []),
    *(["lodestar.org.sso.LodestarOIDCBackend"] if LODESTAR_SSO else []),
]
# Campaign reminders go out by e-mail; the demo prints them on the console.
EMAIL_BACKEND = os.environ.get("LODESTAR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("LODESTAR_FROM_EMAIL", "lodestar@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The six official languages of the United Nations. Arabic is laid out right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# UN dates and separators per language wherever Django formats (core.dates, core.formatting).
FORMAT_MODULE_PATH = ["lodestar.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Served: the collected copy (./lodestar serve runs collectstatic), names hashed and files
# compressed, so WhiteNoise sends them with a year's cache lifetime ("immutable"). Otherwise
# (demo, tests) files come straight from the apps.
WHITENOISE_USE_FINDERS = not SERVING
WHITENOISE_MAX_AGE = int(env("LODESTAR_STATIC_MAX_AGE", "3600"))  # files without a hash in the name
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if SERVING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env("LODESTAR_STORAGE") == "s3":
    # django-storages (pip install 'lodestar[s3]'); AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL,
    # AWS_S3_REGION_NAME and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, read by
    # boto3) come from the environment under their usual names. Evidence files go under their own
    # prefix and are never overwritten; they are served through Lodestar (its permission check),
    # never by a link to the bucket.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": env("LODESTAR_S3_EVIDENCE_PREFIX", "evidence"), "file_overwrite": False},
    }
    AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True


def _bootstrap_static_dir() -> Path:
    # bootstrap-wrapper installs Bootstrap's dist files as a top-level "bootstrap" folder.
    import bootstrap_wrapper

    return Path(bootstrap_wrapper.__file__).resolve().parent.parent


STATICFILES_DIRS = [("vendor", _bootstrap_static_dir() / "bootstrap")]
# Vega, Vega-Lite and vega-embed: one bundle written from the vl-convert-python package on first
# use (lodestar.core.vega_assets; docs/decisions/0017-charts.md).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lodestar.core.vega_assets.VegaFinder",
]

# Uploaded files (evidence, import files) live outside any web root and are served by views
# that check scope.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"  # no URL serves this folder; files go out through scoped views only
EVIDENCE_ROOT = Path(os.environ.get("LODESTAR_EVIDENCE_ROOT", VAR_DIR / "evidence"))  # core.attachments
# Ticket exports as Parquet (service.ingest), outside the web root like the evidence files.
TICKET_ROOT = Path(os.environ.get("LODESTAR_TICKET_ROOT", VAR_DIR / "tickets"))
EVIDENCE_MAX_BYTES = int(os.environ.get("LODESTAR_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))

# Imports: files larger than this are refused before parsing.
LODESTAR_MAX_UPLOAD_BYTES = int(os.environ.get("LODESTAR_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# ... and workbooks are streamed (openpyxl read-only) and refused past these, whatever their size
# on disk (a 372 KB workbook once cost 76 s of CPU to read).
LODESTAR_IMPORT_MAX_CELLS = int(env("LODESTAR_IMPORT_MAX_CELLS", "200000"))  # ~2-4 s of CPU
# A file estimated at this many cells or more is checked and committed by the background worker.
LODESTAR_IMPORT_BACKGROUND_CELLS = int(env("LODESTAR_IMPORT_BACKGROUND_CELLS", "20000"))
LODESTAR_IMPORT_MAX_UNPACKED_BYTES = int(env("LODESTAR_IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = LODESTAR_MAX_UPLOAD_BYTES + 1024 * 1024
# Uploaded import files are kept this long (to commit a preview, to see what was imported), then
# their content is deleted (core.importing.prune_uploads, on every upload and `prune_imports`).
LODESTAR_IMPORT_KEEP_HOURS = float(os.environ.get("LODESTAR_IMPORT_KEEP_HOURS", str(24 * 7)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "lodestar.core.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lodestar.core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "lodestar.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lodestar API",
    "DESCRIPTION": "ICT governance, budget, portfolio and oversight data. Every list is limited to "
    "the entities where the caller holds a role.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "category" choice set; each gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "ObjectOfExpenditureCategoryEnum": "lodestar.finance.models.ObjectOfExpenditure.Category",
        "PersonnelCountCategoryEnum": "lodestar.finance.models.PersonnelCount.Category",
        "DeliverableCategoryEnum": "lodestar.results.models.Deliverable.Category",
        # A website's five compliance areas share one scale.
        "WebsiteComplianceEnum": "lodestar.inventory.models.Website.Compliance",
        # The six languages: a record's original language and a document's language version.
        "LanguageEnum": "lodestar.documents.models.LANGUAGE_CHOICES",
        # Compliance: an instrument's status, the security action plan's scale, one severity scale.
        "PolicyInstrumentStatusEnum": "lodestar.compliance.models.PolicyInstrument.Status",
        "ActionStatusEnum": "lodestar.compliance.security.ActionStatus",
        "SeverityEnum": "lodestar.compliance.security.Severity",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Cache: Redis when LODESTAR_CACHE_URL is set (shared by every application server, so sessions
# and throttling cross between them); process-local memory otherwise.
if cache_url := env("LODESTAR_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database by default (shared by every server); "cached_db" with a shared cache.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if cache_url else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = int(env("LODESTAR_SESSION_AGE", str(8 * 3600)))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_flag("LODESTAR_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS: on by default in production (the proxy in front terminates TLS and says so in a header).
HTTPS = env_flag("LODESTAR_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = env_flag("LODESTAR_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("LODESTAR_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("LODESTAR_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_flag("LODESTAR_HSTS_PRELOAD", HTTPS)
if proxy_header := env("LODESTAR_PROXY_SSL_HEADER"):  # e.g. "X-Forwarded-Proto"
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP

# Content-Security-Policy: no inline script anywhere (scripts are static files); style attributes
# are allowed (bars and tree indents are sized by data) but <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *env_list("LODESTAR_CSP_FORM_ACTION")],
        "frame-ancestors": [NONE],
    }
}
if csp_report_uri := env("LODESTAR_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [csp_report_uri]

# Failed logins: django-axes locks the account, and separately the address, after
# LODESTAR_LOGIN_FAILURE_LIMIT failures until the cool-off ends. Records live in the database, so
# every application server sees the same lockouts.
AXES_FAILURE_LIMIT = int(env("LODESTAR_LOGIN_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LODESTAR_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(env("LODESTAR_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Background work: the django-tasks backport of Django's task API (DEP 14) with its database
# backend — no broker to run; `./lodestar worker` (or the demo's own thread) runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LODESTAR_TASK_TIMEOUT = timedelta(minutes=int(env("LODESTAR_TASK_TIMEOUT_MINUTES", "30")))  # then reaped
# Dashboards and document tables keep their figures this long at most (core.scoped_cache); a write
# through the services invalidates them sooner.
LODESTAR_FIGURES_CACHE_SECONDS = int(env("LODESTAR_FIGURES_CACHE_SECONDS", "600"))
LODESTAR_CHECKS_EVERY = timedelta(hours=int(env("LODESTAR_CHECKS_EVERY_HOURS", "24")))  # scheduled checks

# API tokens expire; they are also revoked whenever the password changes (org.services).
LODESTAR_API_TOKEN_TTL = timedelta(days=int(env("LODESTAR_API_TOKEN_DAYS", "30")))

# E-mail: SMTP when a host is set; written to the console otherwise.
EMAIL_HOST = env("LODESTAR_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env("LODESTAR_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("LODESTAR_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("LODESTAR_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_flag("LODESTAR_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env("LODESTAR_EMAIL_FROM", "lodestar@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lodestar.core.requestlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("LODESTAR_LOG_LEVEL", "WARNING")},
    "loggers": {
        # One JSON line per request (lodestar.core.requestlog); on under ./lodestar serve.
        "lodestar.request": {
            "handlers": ["json"],
            "level": "INFO" if env_flag("LODESTAR_REQUEST_LOG", SERVING) else "WARNING",
            "propagate": False,
        },
    },
}

# Last: refuse to start with an unsafe setting in production (debug on, default secret key…).
if PRODUCTION:
    from lodestar.core.security import refuse_unsafe_settings

    refuse_unsafe_settings(globals())
