"""Settings: everything that differs between machines comes from the environment.

The defaults work on a developer machine with PostgreSQL and Redis on localhost;
production (DEBUG off) refuses to start with the development secret key.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEV_SECRET_KEY = "dev-insecure-key-change-me"
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
# Serving (wsgi/asgi) and Celery workers refuse to start on the development key when DEBUG is
# off (see require_real_secret_key); management commands such as makemigrations still run.
INSECURE_SECRET_KEY = not (DEBUG or TESTING) and SECRET_KEY == DEV_SECRET_KEY


def require_real_secret_key():
    if INSECURE_SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_TITLE = env("SITE_TITLE", default="区政协委员履职平台")
# The bar shows the short title on a phone; English pages show the English titles.
SITE_SHORT_TITLE = env("SITE_SHORT_TITLE", default="履职平台")
SITE_TITLE_EN = env("SITE_TITLE_EN", default="District CPPCC Members' Portal")
SITE_SHORT_TITLE_EN = env("SITE_SHORT_TITLE_EN", default="CPPCC Portal")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "cppcc_portal.core.admin_names.AxesConfig",  # axes, named in Chinese in the admin
    "pgtrigger",
    "cppcc_portal.core.admin_names.PGHistoryConfig",  # pghistory, named in Chinese
    "pghistory.admin",
    "cppcc_portal.core",
    "cppcc_portal.accounts",
    "cppcc_portal.audit",
    "cppcc_portal.notifications",
    "members",
    "proposals",
    "opinions",
    "consultations",
    "stations",
    "news",
    "ninja",  # its templates and static: the API docs from local assets, no CDN
    "api",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cppcc_portal.urls"
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
                "cppcc_portal.accounts.context_processors.portal",
            ],
        },
    },
]
WSGI_APPLICATION = "cppcc_portal.wsgi.application"

# --- Database -----------------------------------------------------------------
# DATABASE_URL: the login role the portal runs as (owns nothing: rows only, the audit log
# append-only); DATABASE_MIGRATE_URL: the owner, used by the commands that change the schema
# or read it whole (below). Unset, DATABASE_URL is used for both (a developer machine).
RUNTIME_DATABASE_URL = env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cppcc")
MIGRATE_COMMANDS = {
    "migrate",
    "makemigrations",
    "ensure_database",
    "create_db_roles",
    "reset_database",
    "backup",
    "restore",
    "flush",
    "sqlflush",
    "pgtrigger",
}
_command = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""
DATABASE_MIGRATE_URL = env("DATABASE_MIGRATE_URL", default="")
DATABASES = {
    "default": env.db_url_config(
        DATABASE_MIGRATE_URL
        if DATABASE_MIGRATE_URL and _command in MIGRATE_COMMANDS
        else RUNTIME_DATABASE_URL
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
# PostgreSQL's JIT compiles any query whose estimate passes jit_above_cost: for the dashboard's
# grouped aggregates that took 100 ms of compiling to save a few ms of running. Off by default
# for this OLTP workload; a libpq option, so it also works behind a transaction-mode pooler
# only if the pooler passes startup options (pgbouncer: set it per database instead).
if not env.bool("DATABASE_JIT", default=False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# DATABASE_REPLICA_URL: a read replica (streaming replication of the primary, read-only login
# role). The dashboards, exports and public pages below read from it; everything else, and
# every write, uses the primary; a replica that does not answer is skipped for
# REPLICA_RETRY_SECONDS (core/replica.py). Tests read the primary (TEST MIRROR).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASES["replica"].setdefault("OPTIONS", {}).update(
        {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2}
    )
DATABASE_ROUTERS = ["cppcc_portal.core.replica.ReplicaRouter"]
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
# view names (namespace:name, shell patterns) whose GET reads may come from the replica
REPLICA_READ_VIEWS = [
    "dashboard:*",
    "public:*",
    "news:public",
    "news:public_article",
    "stations:public_directory",
    "stations:public_station",
    "*:export",
    "*:*_export",
]

# --- Cache, Celery ------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="cppcc")
# Parallel test workers (pytest-xdist) share one Redis: each gets keys and a queue of its own.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") if TESTING else ""
if TEST_WORKER:
    CACHE_KEY_PREFIX = f"{CACHE_KEY_PREFIX}-{TEST_WORKER}"
CACHES = {
    "default": {
        "BACKEND": "cppcc_portal.core.cache.PortalRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
if TEST_WORKER:
    CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-{TEST_WORKER}"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died before acking it is delivered again once it has been unacked this
# long. It must exceed the longest run (CELERY_TASK_TIME_LIMIT): a task still running when it
# passes is delivered a second time.
visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": visibility_timeout,
    # kombu looks for such overdue messages once when a worker starts (usually before the
    # timeout has passed) and then only every interval x throttle seconds, 10 x 10 by default:
    # a killed worker's task waited up to 100 s more. Look every tenth of the timeout instead,
    # at most every minute (one ZRANGE on the unacked index).
    "unacked_restore_interval": min(60, max(1, visibility_timeout // 10)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 1,
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
HEARTBEAT_INTERVAL_SECONDS = 60
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "cppcc_portal.core.tasks.beat_heartbeat",
        "schedule": timedelta(seconds=HEARTBEAT_INTERVAL_SECONDS),
    },
    "send-due-reminders": {
        "task": "cppcc_portal.notifications.tasks.send_due_reminders",
        "schedule": crontab(minute="*/10"),
    },
    "deliver-pending-notifications": {
        "task": "cppcc_portal.notifications.tasks.deliver_pending",
        "schedule": timedelta(minutes=2),
    },
    "close-unevaluated-proposals": {  # evaluation window passed; co-signers who never answered
        "task": "proposals.close_unevaluated_proposals",
        "schedule": crontab(hour=1, minute=30),
    },
    "remind-yearly-minimums": {  # the "five ones": last-quarter reminders, once per quarter
        "task": "members.tasks.remind_yearly_minimums",
        "schedule": crontab(hour=9, minute=0),
    },
    "mask-expired-personal-data": {  # members who left, past the retention period [L]
        "task": "members.tasks.mask_expired_personal_data",
        "schedule": crontab(hour=2, minute=15),
    },
}

# --- Auth and security --------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:  # hashing dominates test time; production keeps Argon2 first
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL = env.bool("SECURE_SSL", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either: per account, per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # inline *script* stays forbidden
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- i18n ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist" / "css"),
    # what `make node` builds from assets/ (ECharts with only the charts used)
    BASE_DIR / "build" / "static",
]
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not (DEBUG or TESTING))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
MEDIA_URL = "/media-not-public/"  # files are served only by permission-checked views
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# Official documents (GB/T 9704): the fonts and sizes of the district's house style, merged over
# the defaults in cppcc_portal.core.documents.style; e.g. DOCUMENT_FONTS='{"body": {"family":
# "仿宋"}}'. Each role has the font Word is told to use and the installed fallback for PDF.
DOCUMENT_FONTS = env.json("DOCUMENT_FONTS", default={})
# who issues the committee's documents, as their sign-off reads (e.g. "政协××区委员会")
DOCUMENT_ISSUER = env("DOCUMENT_ISSUER", default="区政协")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail and SMS -----------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@cppcc.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env("SMS_BACKEND", default="cppcc_portal.notifications.channels.LoggingSmsBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TEMPLATE = env(
    "SMS_GATEWAY_TEMPLATE", default='{"mobile": "{phone}", "content": "{text}"}'
)
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")

# --- Forms --------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pgtrigger": {"level": "WARNING"}},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# --- notifications: the navbar bell's unread count ---------------------------------------
TEMPLATES[0]["OPTIONS"]["context_processors"].append(
    "cppcc_portal.notifications.context_processors.bell"
)

# --- security (issue 10) ---
# Two-factor login (django-otp, TOTP) for staff roles, leaders, administrators. Off by
# default under tests so other tests keep using force_login; security tests switch it on.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not TESTING)
TWO_FACTOR_MAX_FAILURES = env.int("TWO_FACTOR_MAX_FAILURES", default=5)
OTP_TOTP_ISSUER = SITE_TITLE
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
_accounts_at = INSTALLED_APPS.index("cppcc_portal.accounts")
INSTALLED_APPS[_accounts_at:_accounts_at] = [
    "django_otp",
    "cppcc_portal.core.admin_names.TOTPConfig",
    "django_otp.plugins.otp_static",  # one-time backup codes (accounts.backup_codes)
]
# the admin site requires a verified second factor as well (see accounts/admin_site.py)
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = (
    "cppcc_portal.accounts.apps.PortalAdminConfig"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE += [
    "cppcc_portal.core.replica.ReplicaReadsMiddleware",
    "cppcc_portal.audit.context.AuditContextMiddleware",
    "cppcc_portal.accounts.middleware.TwoFactorMiddleware",
    "cppcc_portal.accounts.middleware.PasswordExpiryMiddleware",
]

# Password policy: length 10 (above), 3 of 4 character classes, none of the last 5
# passwords, expiry after PASSWORD_EXPIRY_DAYS (0: never).
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)
PASSWORD_EXPIRY_DAYS = env.int("PASSWORD_EXPIRY_DAYS", default=90)
AUTH_PASSWORD_VALIDATORS += [
    {
        "NAME": "cppcc_portal.accounts.passwords.ComplexityValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "cppcc_portal.accounts.passwords.PasswordHistoryValidator"},
]

# Client addresses: X-Forwarded-For is believed only from these proxies (audit log and
# axes lock-out alike), so a client cannot pick the address it is locked out by.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "cppcc_portal.core.client.client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]

# HTTPS only in production (`check --deploy` clean); health probes may stay on plain HTTP.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_SSL)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping$"]

# No phone or ID number reaches a log file.
LOGGING["filters"] = {"personal_data": {"()": "cppcc_portal.audit.scrub.PersonalDataFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["personal_data"]

# --- security (issue 21) ---
# Rate limits {purpose: (allowed, window seconds)} over core.ratelimit.DEFAULT_LIMITS; counted
# per client address (TRUSTED_PROXIES above) or per account in Redis, in PostgreSQL when
# Redis is down (never open).
RATE_LIMITS = env.json("RATE_LIMITS", default={})

# Sessions: SESSION_COOKIE_AGE above is the idle timeout; a session also ends this long after
# its login however busy (accounts.sessions), and "my sessions" lists the signed-in browsers.
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
MIDDLEWARE.insert(
    MIDDLEWARE.index("cppcc_portal.accounts.middleware.TwoFactorMiddleware"),
    "cppcc_portal.accounts.sessions.SessionLifetimeMiddleware",
)
# The CSRF token reaches htmx through the page (base.html hx-headers), never the cookie.
CSRF_COOKIE_HTTPONLY = True
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cppcc_portal.core.headers.PermissionsPolicyMiddleware",
)
# /healthz: the JSON details only to loopback (not proxied) or to `Authorization: Bearer
# <HEALTHZ_TOKEN>`; everyone else gets a bare 200/503.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", default="")

# The audit log's off-host copy: every entry, once committed, as one JSON line (with its
# chain hash) to AUDIT_JSONL_PATH and/or the syslog at AUDIT_SYSLOG_ADDRESS ("/dev/log" or
# "host:514"); ship either to another machine. Empty: the copy is off.
AUDIT_JSONL_PATH = env("AUDIT_JSONL_PATH", default="")
AUDIT_SYSLOG_ADDRESS = env("AUDIT_SYSLOG_ADDRESS", default="")
LOGGING["formatters"]["message_only"] = {"format": "%(message)s"}
_trail_handlers = []
if AUDIT_JSONL_PATH:
    LOGGING["handlers"]["audit_jsonl"] = {
        "class": "logging.handlers.WatchedFileHandler",  # reopened after logrotate moves it
        "filename": AUDIT_JSONL_PATH,
        "encoding": "utf-8",
        "formatter": "message_only",
    }
    _trail_handlers.append("audit_jsonl")
if AUDIT_SYSLOG_ADDRESS:
    _host, _, _port = AUDIT_SYSLOG_ADDRESS.rpartition(":")
    LOGGING["handlers"]["audit_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (_host, int(_port)) if _host and _port.isdigit() else AUDIT_SYSLOG_ADDRESS,
        "facility": "auth",
        "formatter": "message_only",
    }
    _trail_handlers.append("audit_syslog")
LOGGING["loggers"]["cppcc_portal.audit.trail"] = {
    "handlers": _trail_handlers,
    "level": "INFO",
    "propagate": False,  # the copy is not the console's business
}
