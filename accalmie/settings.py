"""Settings for Accalmie, read from the environment.

Every knob is an ``ACCALMIE_*`` environment variable so the same code runs the
embedded demo (SQLite, one machine) and a team install (PostgreSQL, several
workers). Unsafe production combinations are refused by ``accalmie.checks``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ACCALMIE_DATA_DIR", Path.cwd() / "var")).resolve()

DEMO_MODE = os.environ.get("ACCALMIE_DEMO") == "1"
DEBUG = os.environ.get("ACCALMIE_DEBUG") == "1"

# A well-known placeholder: the system check refuses it outside demo and tests.
INSECURE_SECRET_KEY = "insecure-accalmie-development-key"  # noqa: S105
SECRET_KEY = os.environ.get("ACCALMIE_SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ACCALMIE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ACCALMIE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Where people reach this install, for links in e-mails (incidents, alerts, reports).
ACCALMIE_BASE_URL = os.environ.get("ACCALMIE_BASE_URL", "").rstrip("/")
# The brand's own public contacts (service phone, support e-mail): the tone
# check does not flag them as personal data in a public reply. Comma-separated.
ACCALMIE_PUBLIC_CONTACTS = [
    c.strip() for c in os.environ.get("ACCALMIE_PUBLIC_CONTACTS", "").split(",") if c.strip()
]
# Key that encrypts channel credentials at rest (used by the connectors).
CREDENTIALS_KEY = os.environ.get("ACCALMIE_CREDENTIALS_KEY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "accalmie.core",
    "accalmie.accounts",
    "accalmie.audit",
    "accalmie.channels",
    "accalmie.people",
    "accalmie.inbox",
    "accalmie.triage",
    "accalmie.incidents",
    "accalmie.evidence",
    "accalmie.replies",
    "accalmie.cases",
    "accalmie.moderation",
    "accalmie.insights",
    "accalmie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accalmie.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "accalmie.urls"
WSGI_APPLICATION = "accalmie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accalmie.core.context_processors.brand",
            ],
        },
    },
]


def _database_config() -> dict:
    url = os.environ.get("ACCALMIE_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'accalmie.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the worker writes; IMMEDIATE
        # transactions take the write lock up front instead of failing later.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ACCALMIE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "ingest"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = os.environ.get("ACCALMIE_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not DEMO_MODE and os.environ.get("ACCALMIE_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "ACCALMIE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Brand shown in the UI; the demo sets it from its workspace.
ACCALMIE_BRAND_NAME = os.environ.get("ACCALMIE_BRAND_NAME", "Accalmie")
INBOX_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Log lines carry attacker-written text: the formatter escapes control
        # characters so a message can never forge or split a log line.
        "safe": {
            "()": "accalmie.core.logging.SafeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "safe"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCALMIE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024  # a webhook batch of long messages
